import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import { testDbKind } from '../../../../test/support/db.js';
import {
  departmentFactory,
  ruleFactory,
  serviceTypeFactory,
  templateFactory,
  workOrderFactory,
} from '../../../../test/support/factories.js';

let t: TestApp;
let admin: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
  // Every work order completed here starts a rule-mode rating node: this rule matches all of them.
  const template = await templateFactory(t.ctx.db);
  await ruleFactory(t.ctx.db, template.id, { channels: ['sms'] });
});
afterAll(async () => {
  await t?.close();
});

type Result = {
  id: string;
  ok: boolean;
  invitationId: string | null;
  error: {
    status: number;
    type: string;
    detail: string;
    errors?: { path: string; code: string; params?: Record<string, unknown> }[];
  } | null;
};
type Event = { type: string; data: Record<string, unknown> };

const bulk = async (client: TestClient, body: Record<string, unknown>) => {
  const res = await client.post('/api/v1/work-orders/bulk/status', body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().results as Result[];
};
const timeline = async (id: string) =>
  ((await admin.get(`/api/v1/work-orders/${id}/timeline`)).json().items as Event[]).map((e) => e.type);
const statusOf = async (id: string) => (await admin.get(`/api/v1/work-orders/${id}`)).json().status as string;
const MISSING = '00000000-0000-4000-8000-00000000beef';

describe('POST /work-orders/bulk/status', () => {
  it('answers one coded result per distinct id; a refused id leaves the others done', async () => {
    const st = await serviceTypeFactory(t.ctx.db);
    const fresh = await workOrderFactory(t.ctx, { serviceTypeId: st.id });
    const already = await workOrderFactory(t.ctx, { serviceTypeId: st.id, status: 'assigned' });
    const closed = await workOrderFactory(t.ctx, { serviceTypeId: st.id });
    expect((await admin.patch(`/api/v1/work-orders/${closed.id}`, { status: 'cancelled' })).statusCode).toBe(200);

    const results = await bulk(admin, {
      ids: [fresh.id, closed.id, MISSING, already.id, fresh.id],
      status: 'assigned',
      reason: '批量派单',
    });
    expect(results).toEqual([
      { id: fresh.id, ok: true, invitationId: null, error: null },
      {
        id: closed.id,
        ok: false,
        invitationId: null,
        error: {
          status: 409,
          type: 'illegal-transition',
          detail: 'A work order cannot go from cancelled to assigned.',
          errors: [
            {
              path: 'status',
              message: 'cannot change from cancelled to assigned',
              code: 'illegal_transition',
              params: { from: 'cancelled', to: 'assigned' },
            },
          ],
        },
      },
      {
        id: MISSING,
        ok: false,
        invitationId: null,
        error: { status: 404, type: 'not-found', detail: `Work order ${MISSING} does not exist.` },
      },
      { id: already.id, ok: true, invitationId: null, error: null },
    ]);
    expect(await statusOf(fresh.id)).toBe('assigned');
    expect(await statusOf(closed.id)).toBe('cancelled');
    // The status change is recorded as a PATCH records it, with the reason; an id already there gets no event.
    const events = (await admin.get(`/api/v1/work-orders/${fresh.id}/timeline`)).json().items as Event[];
    expect(events.at(-1)).toMatchObject({
      type: 'work_order.status_changed',
      data: { from: 'new', to: 'assigned', reason: '批量派单' },
    });
    expect(await timeline(already.id)).toEqual(['work_order.created']);
  });

  it('validates the body: 1..500 uuids and a known status', async () => {
    const wo = await workOrderFactory(t.ctx);
    for (const body of [
      { ids: [], status: 'assigned' },
      { ids: ['nope'], status: 'assigned' },
      { ids: [wo.id], status: 'finished' },
      { ids: Array.from({ length: 501 }, () => wo.id), status: 'assigned' },
      { ids: [wo.id], status: 'assigned', reason: 'x'.repeat(501) },
    ]) {
      const res = await admin.post('/api/v1/work-orders/bulk/status', body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
    }
    expect(await statusOf(wo.id)).toBe('new');
  });

  it('needs the PATCH permission, and answers a work order of another department as not found', async () => {
    const mine = await departmentFactory(t.ctx.db);
    const theirs = await departmentFactory(t.ctx.db);
    const own = await workOrderFactory(t.ctx, { departmentId: mine.id });
    const foreign = await workOrderFactory(t.ctx, { departmentId: theirs.id });
    const engineer = await t.loginAs(['engineer'], { departmentId: mine.id });
    const results = await bulk(engineer, { ids: [own.id, foreign.id], status: 'in_service' });
    expect(results[0]).toMatchObject({ id: own.id, ok: true });
    // The same answer as for an id that does not exist: nothing tells the foreign one is there.
    expect(results[1]).toEqual({
      id: foreign.id,
      ok: false,
      invitationId: null,
      error: { status: 404, type: 'not-found', detail: `Work order ${foreign.id} does not exist.` },
    });
    expect(await statusOf(foreign.id)).toBe('new');
    expect(await timeline(foreign.id)).toEqual(['work_order.created']);

    const analyst = await t.loginAs(['analyst']);
    const refused = await analyst.post('/api/v1/work-orders/bulk/status', { ids: [own.id], status: 'completed' });
    expect(refused.statusCode).toBe(403);
    expect(await statusOf(own.id)).toBe('in_service');
  });

  it('completing starts the workflow exactly as PATCH does (node, invitation, events)', async () => {
    const st = await serviceTypeFactory(t.ctx.db);
    const viaPatch = await workOrderFactory(t.ctx, { serviceTypeId: st.id, status: 'in_service' });
    const viaBulk = await workOrderFactory(t.ctx, { serviceTypeId: st.id, status: 'in_service' });
    expect((await admin.patch(`/api/v1/work-orders/${viaPatch.id}`, { status: 'completed' })).statusCode).toBe(200);
    expect(await bulk(admin, { ids: [viaBulk.id], status: 'completed' })).toMatchObject([{ ok: true }]);

    const patched = await timeline(viaPatch.id);
    expect(patched).toEqual(expect.arrayContaining(['work_order.node_started', 'invitation.created']));
    expect(await timeline(viaBulk.id)).toEqual(patched);
    const nodeOf = async (id: string) => (await admin.get(`/api/v1/work-orders/${id}`)).json().workflow.nodes[0];
    expect(await nodeOf(viaBulk.id)).toMatchObject({
      type: 'rating',
      status: 'active',
      invitationIds: [expect.any(String)],
    });
    const invitations = (await admin.get(`/api/v1/work-orders/${viaBulk.id}/invitations`)).json().items;
    expect(invitations).toHaveLength(1);
    expect(invitations[0]).toMatchObject({ source: 'rule', channels: ['sms'] });

    // Closing while a mandatory rating is pending is refused per id with PATCH's code.
    const strictType = await serviceTypeFactory(t.ctx.db);
    const put = await admin.request({
      method: 'PUT',
      url: `/api/v1/service-types/${strictType.id}/workflow`,
      payload: { nodes: [{ type: 'rating', mode: 'rule', mandatory: true }] },
    });
    expect(put.statusCode, put.body).toBe(200);
    const strict = await workOrderFactory(t.ctx, { serviceTypeId: strictType.id, status: 'completed' });
    const [closing] = await bulk(admin, { ids: [strict.id], status: 'closed' });
    expect(closing).toMatchObject({ ok: false, error: { status: 409, type: 'rating-pending' } });
  });
});

describe(`bulk status races (${testDbKind()})`, () => {
  const N = testDbKind() === 'postgres' ? 25 : 8;
  const count = (types: string[], type: string) => types.filter((x) => x === type).length;

  it('two identical requests at once: both succeed, each work order changes and starts its workflow once', async () => {
    const st = await serviceTypeFactory(t.ctx.db);
    const orders = await Promise.all(
      Array.from({ length: N }, () => workOrderFactory(t.ctx, { serviceTypeId: st.id, status: 'in_service' })),
    );
    const ids = orders.map((o) => o.id);
    const other = await t.loginAs(['admin']);
    const answers = await Promise.all([
      admin.post('/api/v1/work-orders/bulk/status', { ids, status: 'completed' }),
      admin.post('/api/v1/work-orders/bulk/status', { ids: [...ids].reverse(), status: 'completed' }),
      other.post('/api/v1/work-orders/bulk/status', { ids, status: 'completed' }),
    ]);
    for (const res of answers) {
      expect(res.statusCode, res.body).toBe(200);
      expect((res.json().results as Result[]).every((r) => r.ok)).toBe(true);
    }
    for (const id of ids) {
      const types = await timeline(id);
      expect(count(types, 'work_order.status_changed'), id).toBe(1);
      expect(count(types, 'work_order.node_started'), id).toBe(1);
      expect(count(types, 'invitation.created'), id).toBe(1);
    }
  });

  it('two conflicting requests at once: per work order exactly one wins, the other is an illegal transition', async () => {
    const st = await serviceTypeFactory(t.ctx.db);
    const orders = await Promise.all(
      Array.from({ length: N }, () => workOrderFactory(t.ctx, { serviceTypeId: st.id, status: 'in_service' })),
    );
    const ids = orders.map((o) => o.id);
    const [completing, cancelling] = await Promise.all([
      admin.post('/api/v1/work-orders/bulk/status', { ids, status: 'completed' }),
      admin.post('/api/v1/work-orders/bulk/status', { ids: [...ids].reverse(), status: 'cancelled' }),
    ]);
    expect(completing!.statusCode, completing!.body).toBe(200);
    expect(cancelling!.statusCode, cancelling!.body).toBe(200);
    const byId = (res: typeof completing) => new Map((res!.json().results as Result[]).map((r) => [r.id, r]));
    const done = byId(completing);
    const dropped = byId(cancelling);
    for (const id of ids) {
      const [a, b] = [done.get(id)!, dropped.get(id)!];
      expect(a.ok !== b.ok, id).toBe(true);
      const loser = a.ok ? b : a;
      expect(loser.error).toMatchObject({ status: 409, type: 'illegal-transition' });
      expect(await statusOf(id)).toBe(a.ok ? 'completed' : 'cancelled');
      const types = await timeline(id);
      expect(count(types, 'work_order.status_changed'), id).toBe(1);
      expect(count(types, 'work_order.node_started'), id).toBe(a.ok ? 1 : 0);
    }
  });
});
