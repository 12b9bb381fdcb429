import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import {
  departmentFactory,
  ruleFactory,
  serviceTypeFactory,
  templateFactory,
  workOrderFactory,
} from '../../../../test/support/factories.js';
import { findInvitation } from '../invitations/invitations.service.js';
import { frozenTemplate } from '../ratings/page-context.js';
import { submitCustomerRating } from '../ratings/submission.service.js';

/**
 * #13: nodes at any stage, several per workflow, and rework. A dispatch rating after `assigned` (QR, mandatory) and the
 * service rating after `completed` (rules); rework re-runs the nodes after it as round 2, keeping round 1.
 */
let t: TestApp;
let admin: TestClient;
let template: Awaited<ReturnType<typeof templateFactory>>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
  template = await templateFactory(t.ctx.db);
  await ruleFactory(t.ctx.db, template.id, { channels: ['sms'] });
});
afterAll(async () => {
  await t?.close();
});

interface NodeView {
  id: string | null;
  key: string;
  type: string;
  stage: string;
  round: number;
  status: string;
  reason: string | null;
  invitationIds: string[];
}

const TWO_STAGES = [
  { type: 'rating', key: 'dispatch', stage: 'assigned', mode: 'qr', mandatory: true },
  { type: 'rating', stage: 'completed', mode: 'rule' },
  { type: 'follow_up', stage: 'closed', mode: 'standard' },
];

async function twoStageServiceType() {
  const st = await serviceTypeFactory(t.ctx.db);
  const nodes = TWO_STAGES.map((n) => (n.mode === 'qr' ? { ...n, templateId: template.id } : n));
  const res = await put(`/api/v1/service-types/${st.id}/workflow`, { nodes });
  expect(res.statusCode, res.body).toBe(200);
  return { st, workflow: res.json() as { nodes: { key: string; stage: string }[] } };
}

const put = (url: string, payload: object) => admin.request({ method: 'PUT', url, payload });
const move = (id: string, body: Record<string, unknown>, client = admin) =>
  client.patch(`/api/v1/work-orders/${id}`, body);
const detail = async (id: string) => (await admin.get(`/api/v1/work-orders/${id}`)).json();
const nodesOf = async (id: string) => (await detail(id)).workflow.nodes as NodeView[];

async function rate(invitationId: string, stars: number) {
  const invitation = await findInvitation(t.ctx.db, invitationId);
  return submitCustomerRating(t.ctx.database, {
    invitationId: invitationId,
    template: await frozenTemplate(t.ctx.db, invitation!.templateVersionId),
    answers: { speed: stars, quality: stars },
    idempotencyKey: null,
    language: 'zh-CN',
  });
}

describe('nodes at any stage', () => {
  it('keys and stages: omitted keys are named by type, omitted stages sit at completed', async () => {
    const { workflow } = await twoStageServiceType();
    expect(workflow.nodes.map((n) => [n.key, n.stage])).toEqual([
      ['dispatch', 'assigned'],
      ['rating', 'completed'],
      ['follow_up', 'closed'],
    ]);
    const st = await serviceTypeFactory(t.ctx.db);
    const res = await put(`/api/v1/service-types/${st.id}/workflow`, {
      nodes: [
        { type: 'rating', mode: 'rule' },
        { type: 'rating', mode: 'rule', key: 'rating' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    // A given key is kept; the unnamed node gets the next free one.
    expect(res.json().nodes.map((n: { key: string; stage: string }) => [n.key, n.stage])).toEqual([
      ['rating_2', 'completed'],
      ['rating', 'completed'],
    ]);
  });

  it('runs each node when its stage is entered; the mandatory one blocks the transitions after it', async () => {
    const { st } = await twoStageServiceType();
    const wo = await workOrderFactory(t.ctx, { serviceTypeId: st.id });
    expect((await nodesOf(wo.id)).map((n) => [n.key, n.status])).toEqual([
      ['dispatch', 'pending'],
      ['rating', 'pending'],
      ['follow_up', 'pending'],
    ]);

    expect((await move(wo.id, { status: 'assigned' })).statusCode).toBe(200);
    const [dispatch] = await nodesOf(wo.id);
    expect(dispatch).toMatchObject({ key: 'dispatch', stage: 'assigned', round: 1, status: 'active' });
    expect(dispatch!.invitationIds).toHaveLength(1);

    const blocked = await move(wo.id, { status: 'in_service' });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().type).toMatch(/\/rating-pending$/);
    expect(blocked.json().detail).toContain('"dispatch"');
    expect(blocked.json().errors[0].params).toMatchObject({ nodeKey: 'dispatch', nodeId: dispatch!.id });
    // Moving back or cancelling is not "after" the node.
    expect((await move(wo.id, { status: 'new' })).statusCode).toBe(200);
    expect((await move(wo.id, { status: 'assigned' })).statusCode).toBe(200);
    // Entering `assigned` again in the same round does not ask again.
    expect((await nodesOf(wo.id)).filter((n) => n.key === 'dispatch')).toHaveLength(1);

    const dispatchRating = await rate(dispatch!.invitationIds[0]!, 5);
    expect((await move(wo.id, { status: 'in_service' })).statusCode).toBe(200);
    expect((await move(wo.id, { status: 'completed' })).statusCode).toBe(200);
    const nodes = await nodesOf(wo.id);
    expect(nodes.map((n) => [n.key, n.stage, n.status, n.reason])).toEqual([
      ['dispatch', 'assigned', 'completed', 'rated'],
      ['rating', 'completed', 'active', null],
      ['follow_up', 'closed', 'pending', null],
    ]);
    // Each rating knows the node instance it answered.
    const service = nodes[1]!;
    const serviceRating = await rate(service.invitationIds[0]!, 2);
    const ratings = (await admin.get(`/api/v1/work-orders/${wo.id}/ratings`)).json().items as {
      id: string;
      nodeId: string;
    }[];
    expect(Object.fromEntries(ratings.map((r) => [r.id, r.nodeId]))).toEqual({
      [dispatchRating.id]: dispatch!.id,
      [serviceRating.id]: service.id,
    });
    expect((await move(wo.id, { status: 'closed' })).statusCode).toBe(200);
    expect((await nodesOf(wo.id)).at(-1)).toMatchObject({ key: 'follow_up', stage: 'closed', status: 'active' });
  });

  it('cancelling is never blocked by a mandatory node', async () => {
    const { st } = await twoStageServiceType();
    const wo = await workOrderFactory(t.ctx, { serviceTypeId: st.id, status: 'assigned' });
    expect((await nodesOf(wo.id))[0]).toMatchObject({ key: 'dispatch', status: 'active' });
    expect((await move(wo.id, { status: 'cancelled' })).statusCode).toBe(200);
  });

  it('skips the node the caller names; with several active it asks which', async () => {
    const st = await serviceTypeFactory(t.ctx.db);
    await put(`/api/v1/service-types/${st.id}/workflow`, {
      nodes: [
        { type: 'rating', mode: 'rule', key: 'first' },
        { type: 'rating', mode: 'rule', key: 'second' },
      ],
    });
    const wo = await workOrderFactory(t.ctx, { serviceTypeId: st.id, status: 'completed' });
    const [first, second] = await nodesOf(wo.id);
    expect([first!.status, second!.status]).toEqual(['active', 'active']);
    const url = `/api/v1/work-orders/${wo.id}/nodes/rating/skip`;
    const ambiguous = await admin.post(url, { reason: 'which one?' });
    expect(ambiguous.statusCode).toBe(400);
    expect(ambiguous.json().errors[0]).toMatchObject({ path: 'nodeId', code: 'required' });
    const skipped = await admin.post(url, { reason: 'called the customer', nodeId: second!.id });
    expect(skipped.statusCode, skipped.body).toBe(200);
    expect(skipped.json().workflow.nodes.map((n: NodeView) => [n.key, n.status])).toEqual([
      ['first', 'active'],
      ['second', 'skipped'],
    ]);
    // Now one is active: the node may be omitted.
    expect((await admin.post(url, { reason: 'no answer' })).statusCode).toBe(200);
    expect((await nodesOf(wo.id)).map((n) => n.status)).toEqual(['skipped', 'skipped']);
  });
});

describe('rework', () => {
  it('completed → in_service needs the permission and a reason; the nodes after it run again as round 2', async () => {
    const { st } = await twoStageServiceType();
    const { id: departmentId } = await departmentFactory(t.ctx.db);
    const wo = await workOrderFactory(t.ctx, { serviceTypeId: st.id, departmentId, status: 'in_service' });
    expect((await move(wo.id, { status: 'completed' })).statusCode).toBe(200);
    const round1 = (await nodesOf(wo.id)).find((n) => n.key === 'rating')!;
    const firstRating = await rate(round1.invitationIds[0]!, 1);

    const engineer = await t.loginAs(['engineer'], { departmentId });
    const refused = await move(wo.id, { status: 'in_service', reason: 'redo' }, engineer);
    expect(refused.statusCode).toBe(403);
    const supervisor = await t.loginAs(['supervisor'], { departmentId });
    const noReason = await move(wo.id, { status: 'in_service' }, supervisor);
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0]).toMatchObject({ path: 'reason', code: 'required' });

    const reworked = await move(wo.id, { status: 'in_service', reason: '客户反映仍有异响' }, supervisor);
    expect(reworked.statusCode, reworked.body).toBe(200);
    expect(reworked.json()).toMatchObject({ status: 'in_service', round: 2, completedAt: null });
    expect((await move(wo.id, { status: 'completed' }, supervisor)).statusCode).toBe(200);

    const nodes = await nodesOf(wo.id);
    // Started instances round by round, then what is still ahead in this round (the follow-up, at `closed`; the
    // dispatch node's stage, `assigned`, is behind: the work order went back to `in_service`).
    expect(nodes.map((n) => [n.round, n.key, n.status])).toEqual([
      [1, 'rating', 'completed'],
      [2, 'rating', 'active'],
      [2, 'follow_up', 'pending'],
    ]);
    const round2 = nodes[1]!;
    expect(round2.id).not.toBe(round1.id);
    expect(round2.invitationIds[0]).not.toBe(round1.invitationIds[0]);
    // The first round's rating stays counted; the second round's is added.
    await rate(round2.invitationIds[0]!, 5);
    const ratings = (await admin.get(`/api/v1/work-orders/${wo.id}/ratings`)).json().items as { id: string }[];
    expect(ratings).toHaveLength(2);
    expect(ratings.map((r) => r.id)).toContain(firstRating.id);

    // The timeline shows both rounds and why the work order went back.
    const timeline = (await admin.get(`/api/v1/work-orders/${wo.id}/timeline`)).json().items as {
      type: string;
      data: Record<string, unknown>;
    }[];
    expect(timeline.find((e) => e.data.to === 'in_service' && e.data.from === 'completed')?.data).toMatchObject({
      reason: '客户反映仍有异响',
      round: 2,
    });
    const started = timeline.filter((e) => e.type === 'work_order.node_started' && e.data.nodeKey === 'rating');
    expect(started.map((e) => e.data.round)).toEqual([1, 2]);
    const audit = (await admin.get(`/api/v1/audit-events?action=work_order.reworked`)).json().items;
    expect(audit[0]).toMatchObject({ entityId: wo.id, after: { round: 2, reason: '客户反映仍有异响' } });
  });

  it('a rework while the rating waits ends that node (rework) but its link still counts a late rating', async () => {
    const st = await serviceTypeFactory(t.ctx.db);
    await put(`/api/v1/service-types/${st.id}/workflow`, {
      nodes: [{ type: 'rating', mode: 'rule', mandatory: true }],
    });
    const wo = await workOrderFactory(t.ctx, { serviceTypeId: st.id, status: 'completed' });
    const [waiting] = await nodesOf(wo.id);
    expect(waiting).toMatchObject({ status: 'active' });
    expect((await move(wo.id, { status: 'in_service', reason: 'part missing' })).statusCode).toBe(200);
    expect((await nodesOf(wo.id))[0]).toMatchObject({ round: 1, status: 'skipped', reason: 'rework' });
    // The mandatory node of round 1 no longer blocks: round 2 completes and its own node waits.
    expect((await move(wo.id, { status: 'completed' })).statusCode).toBe(200);
    const late = await rate(waiting!.invitationIds[0]!, 4);
    expect(late.created).toBe(true);
    const blocked = await move(wo.id, { status: 'closed' });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().errors[0].params).toMatchObject({ nodeKey: 'rating' });
  });
});
