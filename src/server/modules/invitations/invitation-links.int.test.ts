import { and, asc, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import {
  departmentFactory,
  ruleFactory,
  templateFactory,
  workOrderFactory,
} from '../../../../test/support/factories.js';
import { permissionsOfRoles, permissionsOfScopes } from '../../../common/roles.js';
import { auditEvents } from '../../db/schema/audit.js';
import { deliveryAttempts } from '../../db/schema/delivery.js';
import { claimAttempt } from '../delivery/attempts.js';
import { createInvitation, listInvitationsOfWorkOrder } from './invitations.service.js';
import { invitationToken } from './token.js';

/**
 * Finding 5: staff must not be able to rate in the customer's place. Every endpoint that lists or returns invitations
 * is walked by every role and by API keys, for a QR invitation (its link is shown on site: visible to all readers) and
 * a sent one (SMS/e-mail: its link only for `invitations.reveal_link`, audited). The whole response text is searched
 * for the token, so a leak through any field (attempt logs included) fails.
 */
let t: TestApp;
let admin: TestClient;
let templateVersionId: string;
let wo: { id: string };
/** The work order's department: supervisors and engineers see only their own departments' work orders. */
let departmentId: string;
let qrId: string;
let sentId: string;
const token = (id: string) => invitationToken(t.ctx.appSecret, id);

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
  const template = await templateFactory(t.ctx.db);
  await ruleFactory(t.ctx.db, template.id, { channels: ['sms', 'email'] });
  // Completing starts the rating node: the rule sends its invitation by SMS and e-mail.
  departmentId = (await departmentFactory(t.ctx.db)).id;
  wo = await workOrderFactory(t.ctx, { status: 'completed', departmentId });
  const [sent] = await listInvitationsOfWorkOrder(t.ctx.db, wo.id);
  expect(sent?.channels).toEqual(['sms', 'email']);
  sentId = sent!.id;
  templateVersionId = sent!.templateVersionId;
  const links = { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl };
  const qr = await createInvitation(t.ctx.db, links, {
    workOrderId: wo.id,
    templateVersionId,
    source: 'qr',
    contact: {},
    channels: ['qr'],
    submissionLimit: 5,
  });
  qrId = qr.invitation.id;
  // A provider that echoes the message: the attempt log holds the link too.
  const attempt = await claimAttempt(t.ctx.db, {
    invitationId: sentId,
    channel: 'sms',
    round: 0,
    attemptNo: 1,
    configId: null,
    provider: 'generic',
    jobId: null,
  });
  const url = `${t.ctx.config.publicBaseUrl}/r/${token(sentId)}`;
  await t.ctx.db
    .update(deliveryAttempts)
    .set({
      status: 'failed',
      errorKind: 'permanent',
      detail: `rejected: 您好，请评价 ${url}`,
      providerResponse: { echo: { text: `请评价 ${url}` }, cut: `${token(sentId).slice(0, 30)}…` },
    })
    .where(eq(deliveryAttempts.id, attempt!.id));
});
afterAll(async () => {
  await t?.close();
});

type Caller = { name: string; client: TestClient; actorId: string; reveal: boolean; write: boolean };

/** In insert order: `after.slice(before)` below takes the newest (a SELECT without ORDER BY has no order). */
async function reveals(actorId: string) {
  return t.ctx.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'invitation.links_revealed'), eq(auditEvents.actorId, actorId)))
    .orderBy(asc(auditEvents.at));
}

/** Runs a request and returns the `invitation.links_revealed` audit events it recorded for the caller. */
async function check<R>(caller: Caller, run: () => Promise<R>) {
  const before = (await reveals(caller.actorId)).length;
  const res = await run();
  const after = await reveals(caller.actorId);
  return { res, newAudits: after.slice(before) };
}

async function callers(): Promise<Caller[]> {
  const out: Caller[] = [];
  for (const role of ['admin', 'supervisor', 'engineer', 'follow_up_agent', 'analyst']) {
    const client = await t.loginAs([role], { departmentId });
    const p = permissionsOfRoles([role]);
    out.push({
      name: role,
      client,
      actorId: client.employeeId,
      reveal: p.has('invitations.reveal_link'),
      write: p.has('work_orders.write'),
    });
  }
  for (const scopes of [['work-orders:read'], ['work-orders:read', 'invitation-links:read']]) {
    const res = await admin.post('/api/v1/api-keys', { name: `links ${scopes.join('+')}`, scopes });
    expect(res.statusCode, res.body).toBe(201);
    const p = permissionsOfScopes(scopes);
    out.push({
      name: `API key ${scopes.join('+')}`,
      client: t.withApiKey(res.json().key),
      actorId: res.json().id,
      reveal: p.has('invitations.reveal_link'),
      write: p.has('work_orders.write'),
    });
  }
  return out;
}

describe('invitation links', () => {
  it('admins reveal by default; work-orders:read alone never does; the new scope does', () => {
    expect(permissionsOfRoles(['admin']).has('invitations.reveal_link')).toBe(true);
    for (const role of ['supervisor', 'engineer', 'follow_up_agent', 'analyst'])
      expect(permissionsOfRoles([role]).has('invitations.reveal_link')).toBe(false);
    expect(permissionsOfScopes(['work-orders:read', 'work-orders:write']).has('invitations.reveal_link')).toBe(false);
    expect(permissionsOfScopes(['invitation-links:read']).has('invitations.reveal_link')).toBe(true);
  });

  it('shows a QR link to every reader and a sent link only to revealers, audited once per request', async () => {
    const qrToken = token(qrId);
    const sentToken = token(sentId);
    const all = await callers();
    const failures: string[] = [];
    const expectThat = (ok: boolean, message: string) => {
      if (!ok) failures.push(message);
    };
    for (const caller of all) {
      const c = caller.client;
      const who = caller.name;
      const readers: [string, () => Promise<LightMyRequestResponse>][] = [
        ['GET work-order invitations', () => c.get(`/api/v1/work-orders/${wo.id}/invitations`)],
        ['GET invitations list', () => c.get(`/api/v1/invitations?workOrderId=${wo.id}&limit=500`)],
        ['GET invitations list (unfiltered)', () => c.get('/api/v1/invitations?limit=500')],
      ];
      for (const [label, run] of readers) {
        const { res, newAudits } = await check(caller, run);
        expectThat(res.statusCode === 200, `${who} ${label}: ${res.statusCode}`);
        expectThat(res.body.includes(qrToken), `${who} ${label}: QR token missing`);
        expectThat(
          res.body.includes(sentToken) === caller.reveal,
          `${who} ${label}: sent token shown=${!caller.reveal}`,
        );
        expectThat(res.body.includes(sentToken.slice(0, 22)) === caller.reveal, `${who} ${label}: token prefix leaked`);
        expectThat(newAudits.length === (caller.reveal ? 1 : 0), `${who} ${label}: ${newAudits.length} audits`);
        if (caller.reveal && newAudits[0]) {
          const ids = (newAudits[0].after as { invitationIds: string[] }).invitationIds;
          expectThat(ids.includes(sentId) && !ids.includes(qrId), `${who} ${label}: audit lists ${ids}`);
        }
        const item = (res.json().items as { id: string; token: string | null; maskedUrl: string; qr: boolean }[]).find(
          (i) => i.id === sentId,
        );
        expectThat(item?.qr === false && item.maskedUrl.includes('…'), `${who} ${label}: masked fields`);
        expectThat((item?.token ?? null) === (caller.reveal ? sentToken : null), `${who} ${label}: token field`);
      }

      // Other reads about the work order never carry a link.
      for (const url of [`/api/v1/work-orders/${wo.id}`, `/api/v1/work-orders/${wo.id}/timeline`]) {
        const res = await c.get(url);
        expectThat(!res.body.includes(sentToken) && !res.body.includes(qrToken), `${who} ${url}: token present`);
      }

      // QR image and card: a QR invitation's for every reader; a sent invitation's only for revealers (audited).
      for (const suffix of ['qr.png', 'qr.svg', 'card']) {
        const qr = await check(caller, () => c.get(`/api/v1/invitations/${qrId}/${suffix}`));
        expectThat(qr.res.statusCode === 200 && qr.newAudits.length === 0, `${who} QR ${suffix}: ${qr.res.statusCode}`);
        const sent = await check(caller, () => c.get(`/api/v1/invitations/${sentId}/${suffix}`));
        expectThat(
          sent.res.statusCode === (caller.reveal ? 200 : 403),
          `${who} sent ${suffix}: ${sent.res.statusCode} (reveal ${caller.reveal})`,
        );
        expectThat(sent.newAudits.length === (caller.reveal ? 1 : 0), `${who} sent ${suffix}: audits`);
        if (suffix === 'card')
          expectThat(sent.res.body.includes(sentToken) === caller.reveal, `${who} sent card: token shown`);
      }

      // The console's "copy link".
      const link = await check(caller, () => c.post(`/api/v1/invitations/${sentId}/link`, {}));
      expectThat(link.res.statusCode === (caller.reveal ? 200 : 403), `${who} POST link: ${link.res.statusCode}`);
      expectThat(link.res.body.includes(sentToken) === caller.reveal, `${who} POST link: token shown`);
      expectThat(link.newAudits.length === (caller.reveal ? 1 : 0), `${who} POST link: audits`);
      if (caller.reveal) {
        expectThat(
          link.res.json().url === `${t.ctx.config.publicBaseUrl}/r/${sentToken}` &&
            link.newAudits[0]?.entityId === sentId,
          `${who} POST link: body ${link.res.body}`,
        );
        const qrLink = await check(caller, () => c.post(`/api/v1/invitations/${qrId}/link`, {}));
        expectThat(qrLink.res.statusCode === 200 && qrLink.newAudits.length === 0, `${who} POST QR link`);
      }

      // Sending an invitation by hand answers with it: the same rule.
      if (caller.write) {
        const done = await workOrderFactory(t.ctx, { status: 'completed', departmentId });
        const { res, newAudits } = await check(caller, () => c.post(`/api/v1/work-orders/${done.id}/invitations`, {}));
        expectThat(res.statusCode === 201, `${who} POST send: ${res.statusCode} ${res.body.slice(0, 200)}`);
        const created = res.json() as { id: string; channels: string[]; token: string | null };
        expectThat(created.channels.join() === 'sms,email', `${who} POST send: channels ${created.channels}`);
        expectThat(res.body.includes(token(created.id)) === caller.reveal, `${who} POST send: token shown`);
        expectThat(newAudits.length === (caller.reveal ? 1 : 0), `${who} POST send: audits`);
        const bulk = await c.post('/api/v1/work-orders/bulk/send-invitations', { ids: [done.id] });
        const bulkId = bulk.json().results[0].invitationId as string;
        expectThat(bulk.statusCode === 200 && !bulk.body.includes(token(bulkId)), `${who} bulk send: token shown`);
      }
    }
    expect(failures).toEqual([]);

    // The audit log names invitations, never their tokens.
    const audit = await admin.get('/api/v1/audit-events?action=invitation.links_revealed&limit=500');
    expect(audit.statusCode).toBe(200);
    expect(audit.json().items.length).toBeGreaterThan(0);
    expect(audit.body).not.toContain(sentToken);
  }, 120_000);

  it('a non-permitted caller cannot reveal: 403, nothing recorded; unknown ids are 404 for revealers', async () => {
    const engineer = await t.loginAs(['engineer'], { departmentId });
    const res = await engineer.post(`/api/v1/invitations/${sentId}/link`, {});
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain(token(sentId));
    expect(await reveals(engineer.employeeId)).toEqual([]);
    const missing = await admin.post('/api/v1/invitations/00000000-0000-4000-8000-000000000000/link', {});
    expect(missing.statusCode).toBe(404);
  });

  it('a token masked in the response still rates: only staff lost access to it', async () => {
    const engineer = await t.loginAs(['engineer'], { departmentId });
    const items = (await engineer.get(`/api/v1/work-orders/${wo.id}/invitations`)).json().items;
    const sent = items.find((i: { id: string }) => i.id === sentId);
    expect(sent).toMatchObject({ token: null, url: null, qr: false });
    expect(sent.maskedUrl).toBe(
      `${t.ctx.config.publicBaseUrl}/r/${token(sentId).slice(0, 4)}…${token(sentId).slice(-4)}`,
    );
    const page = await t.anon.get(`/api/v1/public/invitations/${token(sentId)}`);
    expect(page.statusCode).toBe(200);
  });

  it('?links=masked: a revealer gets masked links and nothing is audited (what the console asks for)', async () => {
    const caller = await t.loginAs(['admin']);
    for (const url of [
      `/api/v1/work-orders/${wo.id}/invitations?links=masked`,
      `/api/v1/invitations?workOrderId=${wo.id}&links=masked`,
    ]) {
      const res = await caller.get(url);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).not.toContain(token(sentId));
      expect(res.body).toContain(token(qrId));
    }
    expect(await reveals(caller.employeeId)).toEqual([]);
    expect((await caller.get(`/api/v1/invitations?links=bogus`)).statusCode).toBe(400);
  });
});
