import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import { departmentFactory, TEST_PASSWORD, workOrderFactory } from '../../../../test/support/factories.js';
import {
  DEFAULT_TEMPLATE_FORM,
  defaultTemplateVersionId,
  invitationFactory,
} from '../../../../test/support/invitations.js';
import { executeRows } from '../../db/sql.js';
import { drainAnalytics } from '../analytics/test-fixtures.js';

/**
 * Pad mode (issue 20): "rate on this device" suspends the engineer's console session on the server — every API call
 * 423 `session-locked` until the password (counted like a login) — and the rating made on that device through the
 * pad token is a `pad` rating that counts like any other. A pad token anywhere else is an ordinary customer's form.
 */
let t: TestApp;
let version: string;
let departmentId: string;
let analyst: TestClient;
beforeAll(async () => {
  t = await createTestApp({ publicRateLimits: { perIpPerMinute: 100_000 } });
  version = await defaultTemplateVersionId(t.ctx.db);
  departmentId = (await departmentFactory(t.ctx.db)).id;
  analyst = await t.loginAs(['analyst']);
});
afterAll(async () => {
  await t?.close();
});

const links = () => ({ appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl });

/** An engineer of the department, a work order of theirs and its QR invitation (`limit` customers). */
async function onSite(limit = 1) {
  const engineer = await t.loginAs(['engineer'], { departmentId });
  const wo = await workOrderFactory(t.ctx, { departmentId });
  const qr = await invitationFactory(t.ctx.db, links(), {
    workOrderId: wo.id,
    templateVersionId: version,
    channels: ['qr'],
    source: 'qr',
    submissionLimit: limit,
  });
  return { engineer, wo, qr };
}

const startPad = async (client: TestClient, workOrderId: string, body: object = {}) => {
  const res = await client.post(`/api/v1/work-orders/${workOrderId}/pad`, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { url: string; invitationId: string };
};

/** The browser's cookie header of a console client (session + CSRF cookies), or none. */
const cookieOf = (client: TestClient | null) => (client ? { cookie: client.headers.cookie! } : {});

const page = (url: string, client: TestClient | null) =>
  t.app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...cookieOf(client) } });

/** Fills and posts the form served at `url` (carrying its hidden fields, `_pad` too when the page gave one). */
async function rate(url: string, client: TestClient | null, extra = '') {
  const form = await page(url, client);
  expect(form.statusCode, form.body).toBe(200);
  const formToken = /name="_form_token" value="([^"]+)"/.exec(form.body)![1]!;
  const pad = /name="_pad" value="([^"]+)"/.exec(form.body)?.[1];
  const body = `${DEFAULT_TEMPLATE_FORM}&_form_token=${encodeURIComponent(formToken)}${
    pad ? `&_pad=${encodeURIComponent(pad)}` : ''
  }${extra}`;
  const res = await t.app.inject({
    method: 'POST',
    url: url.split('?')[0]!,
    payload: body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...cookieOf(client) },
  });
  expect(res.statusCode, res.body).toBe(303);
  return { thanks: String(res.headers.location), hadPad: pad !== undefined };
}

const sourcesOf = async (invitationId: string) =>
  (
    await executeRows<{ source: string }>(
      t.ctx.db,
      sql`select source from ratings where invitation_id = ${invitationId} order by submitted_at`,
    )
  ).map((r) => r.source);

const failedLogins = async (username: string) =>
  (
    await executeRows<{ n: number }>(
      t.ctx.db,
      sql`select failed_logins as n from accounts where username = ${username}`,
    )
  )[0]!.n;

describe('POST /work-orders/:id/pad and the lock', () => {
  it('suspends the session: every call 423 but the probe, a wrong password counted, unlock restores it', async () => {
    const { engineer, wo, qr } = await onSite();
    expect((await engineer.get(`/api/v1/work-orders/${wo.id}`)).statusCode).toBe(200);

    const { url, invitationId } = await startPad(engineer, wo.id);
    expect(invitationId).toBe(qr.invitation.id);
    expect(url).toMatch(new RegExp(`^${qr.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\?pad=[\\w-]+$`));

    for (const res of [
      await engineer.get(`/api/v1/work-orders/${wo.id}`),
      await engineer.get('/api/v1/work-orders'),
      await engineer.post(`/api/v1/work-orders/${wo.id}/pad`, {}),
      await engineer.get('/api/v1/notifications/unread-count'),
      await engineer.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'x'.repeat(20) }),
    ]) {
      expect(res.statusCode, res.body).toBe(423);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().type).toMatch(/\/session-locked$/);
    }
    const probe = await engineer.get('/api/v1/auth/session');
    expect(probe.statusCode).toBe(200);
    expect(probe.json()).toMatchObject({ locked: true, padWorkOrderId: wo.id });

    const wrong = await engineer.post('/api/v1/auth/unlock', { password: 'not the password' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([expect.objectContaining({ path: 'password', code: 'wrong_password' })]);
    expect(await failedLogins(engineer.username)).toBe(1);
    expect((await engineer.get(`/api/v1/work-orders/${wo.id}`)).statusCode).toBe(423);

    const unlocked = await engineer.post('/api/v1/auth/unlock', { password: TEST_PASSWORD });
    expect(unlocked.statusCode, unlocked.body).toBe(200);
    expect(unlocked.json()).toMatchObject({ locked: false, padWorkOrderId: wo.id });
    expect(await failedLogins(engineer.username)).toBe(0);
    expect((await engineer.get(`/api/v1/work-orders/${wo.id}`)).statusCode).toBe(200);
    expect((await engineer.get('/api/v1/auth/session')).json()).toMatchObject({ locked: false, padWorkOrderId: null });

    const audits = await executeRows<{ action: string }>(
      t.ctx.db,
      sql`select action from audit_events where entity_id in (${wo.id}, (select id::text from accounts where username = ${engineer.username}))
          and action in ('work_order.pad_started', 'auth.unlocked') order by at`,
    );
    expect(audits.map((a) => a.action)).toEqual(['work_order.pad_started', 'auth.unlocked']);
  });

  it('locks the account after too many wrong passwords, like the login; logging out still works', async () => {
    const { engineer, wo } = await onSite();
    await startPad(engineer, wo.id);
    for (let i = 0; i < 5; i++) {
      expect((await engineer.post('/api/v1/auth/unlock', { password: `wrong ${i}` })).statusCode).toBe(400);
    }
    const locked = await engineer.post('/api/v1/auth/unlock', { password: TEST_PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
    expect((await engineer.get(`/api/v1/work-orders/${wo.id}`)).statusCode).toBe(423);

    expect((await engineer.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await engineer.get('/api/v1/auth/session')).statusCode).toBe(401);
  });

  it('answers 409 without an open invitation and 404 for a work order out of scope, locking nothing', async () => {
    const engineer = await t.loginAs(['engineer'], { departmentId });
    const bare = await workOrderFactory(t.ctx, { departmentId });
    const none = await engineer.post(`/api/v1/work-orders/${bare.id}/pad`, {});
    expect(none.statusCode).toBe(409);
    expect(none.json().type).toMatch(/\/no-open-invitation$/);
    const elsewhere = await workOrderFactory(t.ctx, { departmentId: (await departmentFactory(t.ctx.db)).id });
    expect((await engineer.post(`/api/v1/work-orders/${elsewhere.id}/pad`, {})).statusCode).toBe(404);
    expect((await engineer.get(`/api/v1/work-orders/${bare.id}`)).statusCode).toBe(200);
  });

  it("uses the invitation texted to the customer only for the work order's own engineer (the reveal audited)", async () => {
    const own = await t.loginAs(['engineer'], { departmentId });
    const colleague = await t.loginAs(['engineer'], { departmentId });
    const wo = await workOrderFactory(t.ctx, { departmentId, engineerIds: [own.employeeId] });
    const texted = await invitationFactory(t.ctx.db, links(), {
      workOrderId: wo.id,
      templateVersionId: version,
      channels: ['sms'],
    });
    // A colleague who may read the work order may not use the customer's own link.
    expect((await colleague.post(`/api/v1/work-orders/${wo.id}/pad`, {})).statusCode).toBe(409);
    const started = await startPad(own, wo.id);
    expect(started.invitationId).toBe(texted.invitation.id);
    expect(started.url.startsWith(`${texted.path}?pad=`)).toBe(true);
    const audit = await executeRows<{ action: string }>(
      t.ctx.db,
      sql`select action from audit_events where actor_id = ${own.employeeId} order by at`,
    );
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['work_order.pad_started', 'invitation.links_revealed']),
    );
  });
});

describe('the rating made on the device', () => {
  it('is a `pad` rating, ends on "please hand the device back" and counts in analytics by source', async () => {
    const { engineer, wo, qr } = await onSite(2);
    const { url } = await startPad(engineer, wo.id);
    const { thanks, hadPad } = await rate(url, engineer);
    expect(hadPad).toBe(true);
    expect(await sourcesOf(qr.invitation.id)).toEqual(['pad']);

    const handBack = await page(thanks, null);
    expect(handBack.statusCode).toBe(200);
    expect(handBack.body).toContain('请将设备交还给工程师');
    expect(handBack.body).toContain('href="/unlock"');

    // The next customer on the same device (multi-use QR) is a new rating, on a pad form again.
    const again = await page(url, engineer);
    expect(again.body).toContain('name="_pad"');
    await rate(url, engineer);
    expect(await sourcesOf(qr.invitation.id)).toEqual(['pad', 'pad']);

    const ratings = await engineer.get(`/api/v1/work-orders/${wo.id}/ratings`);
    expect(ratings.statusCode).toBe(423);
    await engineer.post('/api/v1/auth/unlock', { password: TEST_PASSWORD });
    const listed = (await engineer.get(`/api/v1/work-orders/${wo.id}/ratings`)).json().items;
    expect(listed.map((r: { origin: string }) => r.origin)).toEqual(['pad', 'pad']);

    await drainAnalytics(t);
    const [rollup] = await executeRows<{ n: number }>(
      t.ctx.db,
      sql`select coalesce(sum(count), 0)::int as n from rating_rollups where family = 'source' and member = 'pad' and grain = 'day'`,
    );
    expect(rollup!.n).toBeGreaterThanOrEqual(2);
    const summary = await analyst.get(`/api/v1/analytics/summary?source=pad&lang=en`);
    expect(summary.statusCode, summary.body).toBe(200);
    expect(summary.json().count).toBeGreaterThanOrEqual(2);
    const drill = await analyst.get('/api/v1/analytics/ratings?source=pad&limit=100');
    expect(drill.statusCode, drill.body).toBe(200);
    expect(drill.json().items.every((r: { source: string }) => r.source === 'pad')).toBe(true);
  });

  it('ignores a pad token for another invitation, from another session, without a session, or after unlocking', async () => {
    const a = await onSite(3);
    const other = await invitationFactory(t.ctx.db, links(), {
      workOrderId: a.wo.id,
      templateVersionId: version,
      channels: ['qr'],
      source: 'qr',
      submissionLimit: 1,
    });
    const { url } = await startPad(a.engineer, a.wo.id, { invitationId: a.qr.invitation.id });
    const pad = new URL(url, 'http://x').searchParams.get('pad')!;

    // Another invitation's page with this pad token: no pad field, an ordinary customer's rating.
    const onOther = await rate(`${other.path}?pad=${encodeURIComponent(pad)}`, a.engineer);
    expect(onOther.hadPad).toBe(false);
    expect(await sourcesOf(other.invitation.id)).toEqual(['customer']);

    // Posted by hand with the pad token: from another browser session, and with no session at all.
    const b = await t.loginAs(['engineer'], { departmentId });
    await rate(a.qr.path, b, `&_pad=${encodeURIComponent(pad)}`);
    await rate(a.qr.path, null, `&_pad=${encodeURIComponent(pad)}`);
    expect(await sourcesOf(a.qr.invitation.id)).toEqual(['customer', 'customer']);

    // Once the engineer has unlocked, the token is spent.
    await a.engineer.post('/api/v1/auth/unlock', { password: TEST_PASSWORD });
    const after = await rate(url, a.engineer);
    expect(after.hadPad).toBe(false);
    expect(await sourcesOf(a.qr.invitation.id)).toEqual(['customer', 'customer', 'customer']);
  });
});
