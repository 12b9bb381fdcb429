import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import {
  departmentFactory,
  employeeFactory,
  serviceTypeFactory,
  templateFactory,
  workOrderFactory,
} from '../../../../test/support/factories.js';
import { followUpTasks } from '../../db/schema/follow-ups.js';
import { executeRows } from '../../db/sql.js';
import { drainAnalytics } from '../analytics/test-fixtures.js';
import { DEFAULT_FOLLOW_UP_SETTINGS } from './follow-up-settings.js';
import { followUpsProcessor } from './follow-ups.processor.js';
import { createFollowUpTask } from './tasks.service.js';

/**
 * Follow-up end to end on the server (issue 19): the plugin switch, a follow-up node creating its task through the
 * processor, the agent's queue, calls with the retry rule up to unreachable, the survey stored as a follow-up rating
 * with its score, send-back reopening the work order, and who sees which task.
 */
let t: TestApp;
let admin: TestClient;
type Agent = TestClient & { employeeId: string };
let agent: Agent;
let otherAgent: Agent;
let template: Awaited<ReturnType<typeof templateFactory>>;

beforeAll(async () => {
  t = await createTestApp({ work: true, processors: [followUpsProcessor] });
  admin = await t.loginAs(['admin']);
  agent = await t.loginAs(['follow_up_agent']);
  otherAgent = await t.loginAs(['follow_up_agent']);
  template = await templateFactory(t.ctx.db);
});
afterAll(async () => {
  await t?.close();
});

const settings = (enabled: boolean) =>
  admin.request({
    method: 'PUT',
    url: '/api/v1/follow-ups/settings',
    // All day: the test's calls are callable whenever it runs.
    payload: {
      ...DEFAULT_FOLLOW_UP_SETTINGS,
      enabled,
      callingWindows: [{ start: '00:00', end: '24:00' }],
      retry: { afterMinutes: 30, maxAttempts: 2 },
    },
  });

/** A service type whose workflow asks the agent to follow up once the work order is completed. */
async function followedUpServiceType(agentId = agent.employeeId) {
  const st = await serviceTypeFactory(t.ctx.db);
  const res = await admin.request({
    method: 'PUT',
    url: `/api/v1/service-types/${st.id}/workflow`,
    payload: {
      nodes: [
        {
          type: 'follow_up',
          stage: 'completed',
          mode: 'standard',
          standard: { agentId, templateId: template.id },
        },
      ],
    },
  });
  expect(res.statusCode, res.body).toBe(200);
  return st;
}

interface Task {
  id: string;
  workOrderId: string;
  status: string;
  attempts: number;
  nextCallAt: string | null;
  callableNow: boolean;
}

async function taskOf(workOrderId: string, timeoutMs = 10_000, of: TestClient = agent): Promise<Task> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await of.get('/api/v1/follow-ups/tasks?view=mine');
    expect(res.statusCode, res.body).toBe(200);
    const task = (res.json().items as Task[]).find((i) => i.workOrderId === workOrderId);
    if (task) return task;
    if (Date.now() > until) throw new Error(`no follow-up task for ${workOrderId}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Waits until the follow-up processor's position is past the work order's started node — a fixed sleep was not
 * enough on a loaded CI machine (the plugin was switched on before the event was handled, and a task appeared).
 */
async function handledByProcessor(workOrderId: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await executeRows<{ done: boolean }>(
      t.ctx.db,
      sql`select exists (
            select 1 from domain_events e, event_processors p
             where p.name = ${followUpsProcessor.name} and e.work_order_id = ${workOrderId}
               and e.type = 'work_order.node_started' and (e.txid, e.seq) <= (p.txid, p.seq)
          ) as done`,
    );
    if (row?.done) return;
    if (Date.now() > until) throw new Error(`the follow-up processor never handled ${workOrderId}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const attempt = (client: TestClient, id: string, outcome: string) =>
  client.post(`/api/v1/follow-ups/tasks/${id}/attempts`, { outcome, durationSeconds: 30 });

describe('follow-up tasks', () => {
  it('creates no task while the plugin is off', async () => {
    expect((await settings(false)).statusCode).toBe(200);
    const st = await followedUpServiceType();
    const wo = await workOrderFactory(t.ctx, { serviceTypeId: st.id, status: 'completed' });
    const [control] = [await workOrderFactory(t.ctx, { serviceTypeId: st.id })];
    // Switched on only now: the completed work order's node was handled while off (nothing), a later one gets a task.
    await handledByProcessor(wo.id);
    expect((await settings(true)).statusCode).toBe(200);
    const moved = await admin.patch(`/api/v1/work-orders/${control!.id}`, { status: 'completed' });
    expect(moved.statusCode, moved.body).toBe(200);
    await taskOf(control!.id);
    const mine = (await agent.get('/api/v1/follow-ups/tasks?view=mine')).json().items as Task[];
    expect(mine.some((i) => i.workOrderId === wo.id)).toBe(false);
  });

  it('an agent works a task: a missed call is retried later, the survey is a follow-up rating, send-back reopens', async () => {
    expect((await settings(true)).statusCode).toBe(200);
    const st = await followedUpServiceType();
    const wo = await workOrderFactory(t.ctx, { serviceTypeId: st.id, status: 'completed' });
    const task = await taskOf(wo.id);
    expect(task).toMatchObject({ status: 'pending', attempts: 0, callableNow: true });

    // Another agent neither sees nor works it; an engineer has no workspace.
    expect((await otherAgent.get(`/api/v1/follow-ups/tasks/${task.id}`)).statusCode).toBe(404);
    expect((await attempt(otherAgent, task.id, 'reached')).statusCode).toBe(404);
    const engineer = await t.loginAs(['engineer']);
    expect((await engineer.get('/api/v1/follow-ups/tasks')).statusCode).toBe(403);

    const missed = await attempt(agent, task.id, 'no_answer');
    expect(missed.statusCode, missed.body).toBe(201);
    const retryAt = new Date(missed.json().task.nextCallAt).getTime();
    expect(retryAt - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(retryAt - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    // Not reached yet: no survey.
    const early = await agent.post(`/api/v1/follow-ups/tasks/${task.id}/complete`, {
      answers: { speed: 5, quality: 1 },
      result: 'none',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().type).toContain('follow-up-not-reached');

    expect((await attempt(agent, task.id, 'reached')).statusCode).toBe(201);
    const noReason = await agent.post(`/api/v1/follow-ups/tasks/${task.id}/complete`, {
      answers: { speed: 5, quality: 1 },
      result: 'sent_back',
    });
    expect(noReason.statusCode).toBe(400);
    const done = await agent.post(`/api/v1/follow-ups/tasks/${task.id}/complete`, {
      answers: { speed: 5, quality: 1 },
      result: 'sent_back',
      reason: '客户反映空调仍不制冷',
    });
    expect(done.statusCode, done.body).toBe(200);
    const detail = done.json();
    expect(detail).toMatchObject({ status: 'completed', result: 'sent_back', attempts: 2 });
    expect(detail.calls.map((c: { outcome: string }) => c.outcome)).toEqual(['no_answer', 'reached']);

    // The rating: source follow_up, the agent, scored like a customer's (★5 → 100, ★1 → 0: S = 50, SCORING.md §2).
    const rating = detail.previousRatings[0];
    expect(rating).toMatchObject({ id: detail.ratingId, source: 'follow_up', score: 50, roundedStars: 3 });
    const stored = (await admin.get(`/api/v1/ratings/${detail.ratingId}`)).json();
    expect(stored).toMatchObject({ source: 'follow_up' });
    // Counted in analytics like a customer's rating, and separable by source.
    await drainAnalytics(t);
    const bySource = async (source: string) => (await admin.get(`/api/v1/analytics/summary?source=${source}`)).json();
    expect(await bySource('follow_up')).toMatchObject({ count: 1, averageScore: 50 });
    const all = (await admin.get('/api/v1/analytics/summary')).json();
    expect(all.count).toBe((await bySource('customer')).count + 1);

    // Send-back reopened the work order for rework (round 2), on its timeline with the follow-up.
    const order = (await admin.get(`/api/v1/work-orders/${wo.id}`)).json();
    expect(order).toMatchObject({ status: 'in_service', round: 2 });
    const timeline = (await admin.get(`/api/v1/work-orders/${wo.id}/timeline`)).json();
    const types = (timeline.items ?? timeline).map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['follow_up.created', 'follow_up.attempted', 'rating.submitted', 'follow_up.completed']),
    );

    // Closed: nothing more to record.
    expect((await attempt(agent, task.id, 'reached')).statusCode).toBe(409);

    // The team view counts it: attempted and reached, completed, two calls.
    const mine = (await admin.get('/api/v1/follow-ups/workload'))
      .json()
      .agents.find((a: { agentId: string }) => a.agentId === agent.employeeId);
    expect(mine).toMatchObject({ completed: 1, reached: 1 });
    expect(mine.reachRate).toBeGreaterThan(0);
    expect(mine.averageAttempts).toBeGreaterThan(0);
  });

  it('closes a task as unreachable when the retry rule runs out, and ends its node', async () => {
    const st = await followedUpServiceType();
    const wo = await workOrderFactory(t.ctx, { serviceTypeId: st.id, status: 'completed' });
    const task = await taskOf(wo.id);
    expect((await attempt(agent, task.id, 'busy')).json().task.status).toBe('in_progress');
    const last = await attempt(agent, task.id, 'no_answer');
    expect(last.json().task).toMatchObject({ status: 'unreachable', attempts: 2, nextCallAt: null });
    const nodes = (await admin.get(`/api/v1/work-orders/${wo.id}`)).json().workflow.nodes;
    expect(nodes.find((n: { type: string }) => n.type === 'follow_up')).toMatchObject({
      status: 'completed',
      reason: 'unreachable',
    });
  });

  it('a supervisor reassigns; the team view needs the manage permission', async () => {
    const st = await followedUpServiceType();
    const wo = await workOrderFactory(t.ctx, { serviceTypeId: st.id, status: 'completed' });
    const task = await taskOf(wo.id);
    expect((await agent.get('/api/v1/follow-ups/tasks?view=team')).statusCode).toBe(403);
    const moved = await admin.post(`/api/v1/follow-ups/tasks/${task.id}/reassign`, { agentId: otherAgent.employeeId });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await otherAgent.get(`/api/v1/follow-ups/tasks/${task.id}`)).statusCode).toBe(200);
    expect((await agent.get(`/api/v1/follow-ups/tasks/${task.id}`)).statusCode).toBe(404);
    const workload = (await admin.get('/api/v1/follow-ups/workload')).json();
    expect(workload.agents.find((a: { agentId: string }) => a.agentId === otherAgent.employeeId)).toMatchObject({
      open: 1,
    });
  });

  it('a supervisor sees the tasks of their teams’ agents, not another team’s', async () => {
    const east = await departmentFactory(t.ctx.db);
    const west = await departmentFactory(t.ctx.db);
    const eastAgent = await t.loginAs(['follow_up_agent'], { departmentId: east.id });
    const eastLead = await t.loginAs(['supervisor'], { departmentId: east.id });
    const westLead = await t.loginAs(['supervisor'], { departmentId: west.id });
    const st = await followedUpServiceType(eastAgent.employeeId);
    const wo = await workOrderFactory(t.ctx, { serviceTypeId: st.id, status: 'completed' });
    const task = await taskOf(wo.id, 10_000, eastAgent);
    expect((await eastLead.get(`/api/v1/follow-ups/tasks/${task.id}`)).statusCode).toBe(200);
    expect((await westLead.get(`/api/v1/follow-ups/tasks/${task.id}`)).statusCode).toBe(404);
    const ids = async (c: TestClient) =>
      ((await c.get('/api/v1/follow-ups/tasks?view=team&open=true')).json().items as Task[]).map((i) => i.id);
    expect(await ids(eastLead)).toContain(task.id);
    expect(await ids(westLead)).not.toContain(task.id);
    // A manager of the team may work the task when its agent is away; the other team's may not even see it.
    expect((await attempt(eastLead, task.id, 'busy')).statusCode).toBe(201);
    expect((await attempt(westLead, task.id, 'busy')).statusCode).toBe(404);
  });

  it('a supervisor rebalances their own team only; the moves are on the work orders’ timelines', async () => {
    const team = await departmentFactory(t.ctx.db);
    const other = await departmentFactory(t.ctx.db);
    const lead = await t.loginAs(['supervisor'], { departmentId: team.id });
    const otherLead = await t.loginAs(['supervisor'], { departmentId: other.id });
    const busy = await employeeFactory(t.ctx.db, { departmentId: team.id, roles: ['follow_up_agent'] });
    const tasks = [];
    for (let i = 0; i < 4; i++) {
      const wo = await workOrderFactory(t.ctx);
      tasks.push(
        await t.ctx.db.transaction((tx) =>
          createFollowUpTask(tx, { workOrderId: wo.id, assignment: 'least_loaded', groupId: team.id }),
        ),
      );
    }
    expect(tasks.every((task) => task?.assigneeId === busy.id)).toBe(true);
    const fresh = await employeeFactory(t.ctx.db, { departmentId: team.id, roles: ['follow_up_agent'] });

    expect((await otherLead.post(`/api/v1/follow-ups/teams/${team.id}/rebalance`)).statusCode).toBe(404);
    const res = await lead.post(`/api/v1/follow-ups/teams/${team.id}/rebalance`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ moved: 2, assigned: 0 });
    const moved = (await t.ctx.db.select().from(followUpTasks).where(eq(followUpTasks.assigneeId, fresh.id))).map(
      (task) => task.workOrderId,
    );
    expect(moved).toHaveLength(2);
    const timeline = (await admin.get(`/api/v1/work-orders/${moved[0]}/timeline`)).json();
    expect((timeline.items ?? timeline).map((e: { type: string }) => e.type)).toContain('follow_up.reassigned');
    expect((await lead.post(`/api/v1/follow-ups/teams/${crypto.randomUUID()}/rebalance`)).statusCode).toBe(404);
  });
});
