import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import { workOrderFactory } from '../../../../test/support/factories.js';
import { defaultTemplateVersionId } from '../../../../test/support/invitations.js';
import { deliveryAttempts } from '../../db/schema/delivery.js';
import { invitations } from '../../db/schema/invitations.js';
import { createInvitation } from './invitations.service.js';

let t: TestApp;
let admin: TestClient;
const ids: Record<string, string> = {};
let woA: { id: string; number: string; subject: string };
let woB: { id: string; number: string; subject: string };

type Item = {
  id: string;
  status: string;
  source: string;
  channels: string[];
  workOrder: { id: string; number: string; subject: string } | null;
  lastAttempt: { channel: string; status: string; errorKind: string | null; errorCode: string | null } | null;
};

async function list(query = '', client: TestClient = admin): Promise<{ items: Item[]; nextCursor: string | null }> {
  const res = await client.get(`/api/v1/invitations${query ? `?${query}` : ''}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
  woA = await workOrderFactory(t.ctx, { number: 'INVLIST-A-001', subject: 'Air conditioner not cooling' });
  woB = await workOrderFactory(t.ctx, { number: 'INVLIST-B-002', subject: 'Washing machine leaks' });
  const links = { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl };
  const templateVersionId = await defaultTemplateVersionId(t.ctx.db);
  const make = async (
    name: string,
    workOrderId: string,
    source: 'qr' | 'rule' | 'manual',
    channels: string[],
    createdAt: Date,
    patch: Partial<typeof invitations.$inferInsert> = {},
  ) => {
    const { invitation } = await createInvitation(t.ctx.db, links, {
      workOrderId,
      templateVersionId,
      source,
      contact: { name: 'Li Lei' },
      channels,
    });
    await t.ctx.db
      .update(invitations)
      .set({ createdAt, ...patch })
      .where(eq(invitations.id, invitation.id));
    ids[name] = invitation.id;
  };
  const at = (min: number) => new Date(Date.UTC(2026, 0, 10, 8, min));
  const past = new Date(Date.now() - 60_000);
  await make('pending', woA.id, 'rule', ['sms', 'email'], at(1));
  await make('delivered', woA.id, 'rule', ['sms', 'email'], at(2), { status: 'delivered', deliveredAt: at(3) });
  await make('failed', woB.id, 'manual', ['email'], at(3), { status: 'failed' });
  // Derived statuses: the row still says delivered/opened.
  await make('expired', woB.id, 'rule', ['wechat'], at(4), { status: 'delivered', expiresAt: past });
  await make('submitted', woB.id, 'qr', ['qr'], at(5), { status: 'opened', submissionCount: 1 });
  await make('revoked', woA.id, 'manual', ['sms'], at(6), { status: 'delivered', revokedAt: past });
  // Same createdAt as `pending`: the id breaks the tie.
  await make('tie', woA.id, 'rule', ['email'], at(1));

  const attempt = (invitationId: string, channel: string, attemptNo: number, startedAt: Date, extra: object) =>
    t.ctx.db.insert(deliveryAttempts).values({
      invitationId,
      channel,
      attemptNo,
      startedAt,
      finishedAt: new Date(startedAt.getTime() + 500),
      idempotencyKey: `${invitationId}:${channel}:${attemptNo}`,
      status: 'failed',
      ...extra,
    });
  await attempt(ids.delivered!, 'sms', 1, at(2), { errorKind: 'quota', errorCode: 'QUOTA' });
  await attempt(ids.delivered!, 'email', 1, at(3), { status: 'succeeded' });
  await attempt(ids.failed!, 'email', 1, at(3), { errorKind: 'transient', errorCode: 'ECONNREFUSED' });
  await attempt(ids.failed!, 'email', 2, at(4), { errorKind: 'permanent', errorCode: '550' });
});
afterAll(async () => {
  await t?.close();
});

describe('GET /invitations', () => {
  it('lists newest first with the work order and the last attempt', async () => {
    const { items, nextCursor } = await list();
    expect(nextCursor).toBeNull();
    expect(items.map((i) => i.id)).toEqual([
      ids.revoked,
      ids.submitted,
      ids.expired,
      ids.failed,
      ids.delivered,
      ...[ids.pending, ids.tie].sort().reverse(),
    ]);
    const delivered = items.find((i) => i.id === ids.delivered)!;
    expect(delivered).toMatchObject({
      status: 'delivered',
      source: 'rule',
      channels: ['sms', 'email'],
      workOrder: { id: woA.id, number: 'INVLIST-A-001', subject: 'Air conditioner not cooling' },
      lastAttempt: { channel: 'email', status: 'succeeded', errorKind: null, errorCode: null },
      url: expect.stringContaining('/r/'),
    });
    expect(items.find((i) => i.id === ids.failed)!.lastAttempt).toMatchObject({
      channel: 'email',
      status: 'failed',
      errorKind: 'permanent',
      errorCode: '550',
      finishedAt: expect.any(String),
    });
    expect(items.find((i) => i.id === ids.pending)!.lastAttempt).toBeNull();
  });

  it('filters by effective status, derived ones included', async () => {
    for (const status of ['pending', 'delivered', 'failed', 'expired', 'submitted', 'revoked'] as const) {
      const expected = status === 'pending' ? [ids.pending, ids.tie].sort() : [ids[status]];
      const got = (await list(`status=${status}`)).items;
      expect(got.map((i) => i.id).sort(), status).toEqual(expected);
      expect(got.every((i) => i.status === status)).toBe(true);
    }
    expect((await list('status=opened')).items).toEqual([]);
  });

  it('filters by channel, source, work order, creation time and search', async () => {
    const idsOf = async (q: string) => (await list(q)).items.map((i) => i.id).sort();
    expect(await idsOf('channel=sms')).toEqual([ids.pending, ids.delivered, ids.revoked].sort());
    expect(await idsOf('channel=qr')).toEqual([ids.submitted]);
    expect(await idsOf('source=manual')).toEqual([ids.failed, ids.revoked].sort());
    expect(await idsOf(`workOrderId=${woB.id}`)).toEqual([ids.failed, ids.expired, ids.submitted].sort());
    expect(await idsOf('from=2026-01-10T08:03:00Z&to=2026-01-10T08:05:00Z')).toEqual(
      [ids.failed, ids.expired, ids.submitted].sort(),
    );
    expect(await idsOf('q=invlist-b')).toEqual([ids.failed, ids.expired, ids.submitted].sort());
    expect(await idsOf('q=LIST-B')).toEqual([]); // number matches by prefix only
    expect(await idsOf(`q=${encodeURIComponent('not cool')}`)).toEqual(
      [ids.pending, ids.tie, ids.delivered, ids.revoked].sort(),
    );
    expect(await idsOf('q=100%25')).toEqual([]);
    expect(await idsOf('source=rule&channel=email&status=pending')).toEqual([ids.pending, ids.tie].sort());
  });

  it('pages with a keyset cursor without gaps or repeats, filters kept', async () => {
    const all = (await list()).items.map((i) => i.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Item[]; nextCursor: string | null } = await list(
        `limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);

    const first = await list('limit=1&source=rule');
    const second = await list(`limit=5&source=rule&cursor=${first.nextCursor}`);
    expect([...first.items, ...second.items].every((i) => i.source === 'rule')).toBe(true);
    expect(first.items.length + second.items.length).toBe(4);

    const bad = await admin.get('/api/v1/invitations?cursor=nonsense');
    expect(bad.statusCode).toBe(400);
    expect((await admin.get('/api/v1/invitations?status=bogus')).statusCode).toBe(400);
  });

  it('is readable with work_orders.read and closed to anonymous callers', async () => {
    const analyst = await t.loginAs(['analyst']);
    expect((await list('', analyst)).items.length).toBe(7);
    // An engineer may list too, but sees only their department's and their own work orders' invitations: here none
    // (the walk across departments is test/resource-access.int.test.ts).
    const engineer = await t.loginAs(['engineer']);
    expect((await list('', engineer)).items.length).toBe(0);
    expect((await t.anon.get('/api/v1/invitations')).statusCode).toBe(401);
    const nobody = await t.loginAs([]);
    expect((await nobody.get('/api/v1/invitations')).statusCode).toBe(403);
  });
});
