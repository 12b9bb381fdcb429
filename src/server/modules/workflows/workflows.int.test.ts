import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import {
  departmentFactory,
  ruleFactory,
  serviceTypeFactory,
  templateFactory,
  workOrderFactory,
} from '../../../../test/support/factories.js';
import { workOrderNodes } from '../../db/schema/workflows.js';
import { invitationToken } from '../invitations/token.js';
import { timeoutRatingNode } from './nodes.service.js';
import { sweepRatingTimeoutsJob } from './workflows.jobs.js';

let t: TestApp;
let admin: TestClient;
let template: Awaited<ReturnType<typeof templateFactory>>;
beforeAll(async () => {
  t = await createTestApp({ work: true });
  admin = await t.loginAs(['admin']);
  template = await templateFactory(t.ctx.db);
  await ruleFactory(t.ctx.db, template.id, { channels: ['sms', 'email'] });
});
afterAll(async () => {
  await t?.close();
});

async function serviceTypeWith(node: Record<string, unknown>) {
  const st = await serviceTypeFactory(t.ctx.db);
  const res = await admin.request({
    method: 'PUT',
    url: `/api/v1/service-types/${st.id}/workflow`,
    payload: {
      nodes: [
        { type: 'rating', mode: 'rule', ...node },
        { type: 'follow_up', mode: 'standard' },
      ],
    },
  });
  expect(res.statusCode, res.body).toBe(200);
  return st;
}

const complete = async (client: TestClient, id: string) => {
  const res = await client.patch(`/api/v1/work-orders/${id}`, { status: 'completed' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const timeline = async (id: string) =>
  (await admin.get(`/api/v1/work-orders/${id}/timeline`)).json().items as {
    type: string;
    data: Record<string, unknown>;
  }[];

describe('workflow configuration', () => {
  it('has a default, validates naming fields, is audited and admin-only', async () => {
    const st = await serviceTypeFactory(t.ctx.db);
    const def = (await admin.get(`/api/v1/service-types/${st.id}/workflow`)).json();
    expect(def).toMatchObject({
      isDefault: true,
      nodes: [{ type: 'rating', mode: 'rule', mandatory: false, timeoutHours: null }],
      fieldDefinitions: [],
    });
    const bad = await admin.request({
      method: 'PUT',
      url: `/api/v1/service-types/${st.id}/workflow`,
      payload: {
        nodes: [
          { type: 'rating', mode: 'qr', key: 'same' },
          { type: 'rating', mode: 'rule', key: 'same' },
        ],
        fieldDefinitions: [{ key: 'kind', label: { 'zh-CN': '类', en: 'Kind' }, type: 'select' }],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual([
      'nodes.0.templateId',
      'nodes.1.key',
      'fieldDefinitions.0.options',
    ]);
    const engineer = await t.loginAs(['engineer']);
    expect((await engineer.get(`/api/v1/service-types/${st.id}/workflow`)).statusCode).toBe(200);
    expect(
      (
        await engineer.request({
          method: 'PUT',
          url: `/api/v1/service-types/${st.id}/workflow`,
          payload: { nodes: [] },
        })
      ).statusCode,
    ).toBe(403);
    await serviceTypeWith({ mandatory: true });
    const audit = (await admin.get('/api/v1/audit-events?action=workflow.updated')).json();
    expect(audit.items.length).toBeGreaterThanOrEqual(1);
  });
});

describe('rating node', () => {
  it('qr mode: completing creates a multi-submission QR invitation, no delivery, events in order', async () => {
    const st = await serviceTypeWith({ mode: 'qr', templateId: template.id, submissionLimit: 5 });
    const wo = await workOrderFactory(t.ctx, { serviceTypeId: st.id, status: 'in_service' });
    const done = await complete(admin, wo.id);
    expect(done.workflow.nodes).toMatchObject([
      { type: 'rating', mode: 'qr', status: 'active', mandatory: false },
      { type: 'follow_up', mode: 'standard', status: 'active' },
    ]);
    const invs = (await admin.get(`/api/v1/work-orders/${wo.id}/invitations`)).json().items;
    expect(invs).toHaveLength(1);
    expect(invs[0]).toMatchObject({
      source: 'qr',
      channels: ['qr'],
      submissionLimit: 5,
      status: 'pending',
      attempts: [],
    });
    expect(invs[0].url).toContain(`/r/${invs[0].token}`);
    expect(done.workflow.nodes[0].invitationIds).toEqual([invs[0].id]);
    expect((await timeline(wo.id)).map((e) => e.type)).toEqual([
      'work_order.created',
      'work_order.status_changed',
      'work_order.node_started',
      'invitation.created',
      'work_order.node_started',
    ]);
  });

  it('rule mode: the matched rule gives template and channels; a mandatory node blocks closing until rated', async () => {
    const st = await serviceTypeWith({ mandatory: true });
    const wo = await workOrderFactory(t.ctx, { serviceTypeId: st.id, status: 'in_service' });
    await complete(admin, wo.id);
    const [inv] = (await admin.get(`/api/v1/work-orders/${wo.id}/invitations`)).json().items;
    expect(inv).toMatchObject({
      source: 'rule',
      channels: ['sms', 'email'],
      templateVersionId: template.publishedVersionId,
    });
    const blocked = await admin.patch(`/api/v1/work-orders/${wo.id}`, { status: 'closed' });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().type).toMatch(/\/rating-pending$/);
    expect(blocked.json().detail).toContain('mandatory rating node "rating" (after completed) is pending');

    // The customer's submission completes the node in its own statement (ratings/submission.service).
    const rated = await t.anon.post(`/api/v1/public/invitations/${invitationToken(t.ctx.appSecret, inv.id)}/ratings`, {
      answers: { speed: 5, quality: 4 },
    });
    expect(rated.statusCode, rated.body).toBe(201);
    const closed = await admin.patch(`/api/v1/work-orders/${wo.id}`, { status: 'closed' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().workflow.nodes[0]).toMatchObject({ status: 'completed', reason: 'rated' });
    expect((await timeline(wo.id)).map((e) => e.type)).toContain('work_order.node_completed');
    // The list shows the rating node at a glance, so the console can show "rated" without a detail request.
    const listed = (await admin.get(`/api/v1/work-orders?serviceTypeId=${st.id}`)).json().items;
    expect(listed.find((w: { id: string }) => w.id === wo.id).ratingNode).toEqual({
      status: 'completed',
      reason: 'rated',
    });
  });

  it('skip: needs the permission and staffMaySkip, records who and why, audited; then closing works', async () => {
    const st = await serviceTypeWith({ mandatory: true });
    // Supervisors and engineers act on their own department's work orders only.
    const { id: departmentId } = await departmentFactory(t.ctx.db);
    const wo = await workOrderFactory(t.ctx, { serviceTypeId: st.id, status: 'in_service', departmentId });
    const engineer = await t.loginAs(['engineer'], { departmentId });
    expect((await engineer.post(`/api/v1/work-orders/${wo.id}/nodes/rating/skip`, { reason: 'x' })).statusCode).toBe(
      403,
    );
    const supervisor = await t.loginAs(['supervisor'], { departmentId });
    const early = await supervisor.post(`/api/v1/work-orders/${wo.id}/nodes/rating/skip`, { reason: 'x' });
    expect(early.statusCode).toBe(409);
    await complete(engineer, wo.id);
    const skipped = await supervisor.post(`/api/v1/work-orders/${wo.id}/nodes/rating/skip`, {
      reason: '客户拒绝评价',
    });
    expect(skipped.statusCode, skipped.body).toBe(200);
    expect(skipped.json().workflow.nodes[0]).toMatchObject({
      status: 'skipped',
      reason: 'skipped_by_staff',
      skipReason: '客户拒绝评价',
      skippedBy: { id: supervisor.employeeId },
    });
    const again = await supervisor.post(`/api/v1/work-orders/${wo.id}/nodes/rating/skip`, { reason: 'x' });
    expect(again.json().type).toMatch(/\/node-not-active$/);
    const events = (await timeline(wo.id)).filter((e) => e.type === 'work_order.rating_skipped');
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ reason: 'skipped_by_staff', skipReason: '客户拒绝评价' });
    const audit = (await admin.get(`/api/v1/audit-events?action=work_order.rating_skipped&entityId=${wo.id}`)).json();
    expect(audit.items).toHaveLength(1);
    expect((await engineer.patch(`/api/v1/work-orders/${wo.id}`, { status: 'closed' })).statusCode).toBe(200);

    const locked = await serviceTypeWith({ mandatory: true, staffMaySkip: false });
    const wo2 = await workOrderFactory(t.ctx, { serviceTypeId: locked.id, status: 'completed', departmentId });
    const refused = await supervisor.post(`/api/v1/work-orders/${wo2.id}/nodes/rating/skip`, { reason: 'x' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().type).toMatch(/\/skip-not-allowed$/);
  });

  it('timeout: the job skips a still-active node once; later runs do nothing', async () => {
    const st = await serviceTypeWith({ mandatory: true, timeoutHours: 0.0003 }); // ~1 s
    const wo = await workOrderFactory(t.ctx, { serviceTypeId: st.id, status: 'completed' });
    const deadline = Date.now() + 30_000;
    let node: { id: string; status: string; reason: string } | undefined;
    do {
      await new Promise((r) => setTimeout(r, 300));
      node = (await admin.get(`/api/v1/work-orders/${wo.id}`)).json().workflow.nodes[0];
    } while (node?.status === 'active' && Date.now() < deadline);
    expect(node).toMatchObject({ status: 'skipped', reason: 'timeout' });
    expect(await timeoutRatingNode(t.ctx.db, node!.id)).toBe(false);
    const skips = (await timeline(wo.id)).filter((e) => e.type === 'work_order.rating_skipped');
    expect(skips).toHaveLength(1);
    expect(skips[0]!.data.reason).toBe('timeout');
    expect((await admin.patch(`/api/v1/work-orders/${wo.id}`, { status: 'closed' })).statusCode).toBe(200);
  });

  it('the sweep skips an overdue node whose timeout job went missing, once', async () => {
    const st = await serviceTypeWith({ mandatory: true, timeoutHours: 1000 });
    const wo = await workOrderFactory(t.ctx, { serviceTypeId: st.id, status: 'completed' });
    await t.ctx.db
      .update(workOrderNodes)
      .set({ deadlineAt: new Date(Date.now() - 3_600_000) })
      .where(eq(workOrderNodes.workOrderId, wo.id));
    const jobCtx = {
      config: t.ctx.config,
      appSecret: t.ctx.appSecret,
      now: () => new Date(),
      database: t.database,
      log: pino({ level: 'silent' }),
      jobs: t.ctx.jobs,
      jobId: 'x',
      retryCount: 0,
    };
    await sweepRatingTimeoutsJob.handler({}, jobCtx);
    await sweepRatingTimeoutsJob.handler({}, jobCtx);
    const node = (await admin.get(`/api/v1/work-orders/${wo.id}`)).json().workflow.nodes[0];
    expect(node).toMatchObject({ status: 'skipped', reason: 'timeout' });
    const sk = (await timeline(wo.id)).filter((e) => e.type === 'work_order.rating_skipped');
    expect(sk).toHaveLength(1);
  });

  it('manual and bulk invitations go through the same path; refused unless completed', async () => {
    const st = await serviceTypeWith({});
    const { id: departmentId } = await departmentFactory(t.ctx.db);
    const open = await workOrderFactory(t.ctx, { serviceTypeId: st.id, departmentId });
    const done = await workOrderFactory(t.ctx, { serviceTypeId: st.id, status: 'completed', departmentId });
    const engineer = await t.loginAs(['engineer'], { departmentId });
    const refused = await engineer.post(`/api/v1/work-orders/${open.id}/invitations`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().type).toMatch(/\/not-completed$/);
    const sent = await engineer.post(`/api/v1/work-orders/${done.id}/invitations`, { channels: ['wechat'] });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json()).toMatchObject({ source: 'manual', channels: ['wechat'], status: 'pending' });
    const node = (await admin.get(`/api/v1/work-orders/${done.id}`)).json().workflow.nodes[0];
    expect(node.invitationIds).toHaveLength(2);

    const bulk = await engineer.post('/api/v1/work-orders/bulk/send-invitations', { ids: [done.id, open.id] });
    expect(bulk.statusCode).toBe(200);
    expect(bulk.json().results).toMatchObject([
      { id: done.id, ok: true },
      { id: open.id, ok: false, error: { status: 409, type: 'not-completed' } },
    ]);
    expect((await admin.get(`/api/v1/work-orders/${done.id}/invitations`)).json().items).toHaveLength(3);
  });
});
