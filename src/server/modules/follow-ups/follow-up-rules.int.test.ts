import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import {
  departmentFactory,
  employeeFactory,
  serviceTypeFactory,
  templateFactory,
  workOrderFactory,
} from '../../../../test/support/factories.js';
import { DEFAULT_FOLLOW_UP_SETTINGS } from './follow-up-settings.js';
import { followUpsProcessor } from './follow-ups.processor.js';
import { planFor } from './node-tasks.js';

/**
 * Follow-up rules (issue 19): CRUD with positions 1..n, validation (conditions, template, agent, group), the dry
 * run, and the first enabled matching rule deciding a rule-mode follow-up node's task (`planFor`, and the task the
 * follow-up processor creates).
 */
let t: TestApp;
let admin: TestClient;
type Agent = TestClient & { employeeId: string };
let agentA: Agent;
let agentB: Agent;
let group: Awaited<ReturnType<typeof departmentFactory>>;
let tpl: Awaited<ReturnType<typeof templateFactory>>;

beforeAll(async () => {
  t = await createTestApp({ work: true, processors: [followUpsProcessor] });
  admin = await t.loginAs(['admin']);
  group = await departmentFactory(t.ctx.db);
  agentA = await t.loginAs(['follow_up_agent'], { departmentId: group.id });
  agentB = await t.loginAs(['follow_up_agent'], { departmentId: group.id });
  tpl = await templateFactory(t.ctx.db);
});
afterAll(async () => {
  await t?.close();
});

const URL = '/api/v1/follow-up-rules';
interface Rule {
  id: string;
  name: string;
  priority: number;
  enabled: boolean;
  assignment: string;
  agentId: string | null;
  groupId: string | null;
}
const list = async (): Promise<Rule[]> => (await admin.get(URL)).json().items;
const names = async () => (await list()).map((r) => `${r.priority}:${r.name}`);
const create = (body: Record<string, unknown>) =>
  admin.post(URL, { templateId: tpl.id, assignment: 'agent', agentId: agentA.employeeId, ...body });
const putOrder = (ids: unknown[]) => admin.request({ method: 'PUT', url: `${URL}/order`, payload: { ids } });
const paths = (res: { json: () => { errors?: { path: string; code: string }[] } }) =>
  (res.json().errors ?? []).map((e) => `${e.path}:${e.code}`);

async function deleteAll() {
  for (const rule of await list()) expect((await admin.delete(`${URL}/${rule.id}`)).statusCode).toBe(204);
}

describe('follow-up rule CRUD and order', () => {
  it('appends, inserts at a priority, moves, reorders and deletes, keeping positions 1..n', async () => {
    const a = await create({ name: 'a' });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json()).toMatchObject({
      name: 'a',
      priority: 1,
      enabled: true,
      conditions: { combinator: 'and', rules: [] },
      templateId: tpl.id,
      templateName: tpl.name,
      assignment: 'agent',
      agentId: agentA.employeeId,
      agentName: expect.any(String),
      groupId: null,
      groupName: null,
      onlyIfUnratedHours: null,
      dueHours: null,
    });
    const b = await create({
      name: 'b',
      assignment: 'round_robin',
      agentId: null,
      groupId: group.id,
      onlyIfUnratedHours: 24,
      dueHours: 48,
    });
    expect(b.json()).toMatchObject({ groupId: group.id, groupName: group.name, agentId: null, dueHours: 48 });
    const c = (await create({ name: 'c', priority: 1 })).json();
    expect(await names()).toEqual(['1:c', '2:a', '3:b']);

    const moved = await admin.patch(`${URL}/${c.id}`, { priority: 3, enabled: false });
    expect(moved.json()).toMatchObject({ priority: 3, enabled: false });
    expect(await names()).toEqual(['1:a', '2:b', '3:c']);

    // Switching to a group drops the agent; the group is required then.
    const noGroup = await admin.patch(`${URL}/${a.json().id}`, { assignment: 'least_loaded' });
    expect(paths(noGroup)).toEqual(['groupId:required']);
    const switched = await admin.patch(`${URL}/${a.json().id}`, { assignment: 'least_loaded', groupId: group.id });
    expect(switched.json()).toMatchObject({ assignment: 'least_loaded', agentId: null, groupId: group.id });
    const back = await admin.patch(`${URL}/${a.json().id}`, { assignment: 'agent', agentId: agentB.employeeId });
    expect(back.json()).toMatchObject({ assignment: 'agent', agentId: agentB.employeeId, groupId: null });

    const ids = (await list()).map((r) => r.id);
    const reordered = await putOrder([ids[2], ids[0], ids[1]]);
    expect(reordered.statusCode, reordered.body).toBe(200);
    expect(reordered.json().items.map((r: Rule) => r.name)).toEqual(['c', 'a', 'b']);
    const missing = await putOrder([ids[0], ids[1]]);
    expect(paths(missing)).toEqual(['ids:missing_items']);
    const unknown = await putOrder([...ids, '00000000-0000-4000-8000-000000000000']);
    expect(paths(unknown)).toEqual(['ids.3:not_found']);

    expect((await admin.get(`${URL}/${c.id}`)).json()).toMatchObject({ name: 'c', priority: 1 });
    expect((await admin.delete(`${URL}/${c.id}`)).statusCode).toBe(204);
    expect(await names()).toEqual(['1:a', '2:b']);
    expect((await admin.get(`${URL}/${c.id}`)).statusCode).toBe(404);
    expect((await admin.delete(`${URL}/${c.id}`)).statusCode).toBe(404);

    const audit = (await admin.get('/api/v1/audit-events?action=follow_up_rule.')).json();
    expect(new Set(audit.items.map((e: { action: string }) => e.action))).toEqual(
      new Set([
        'follow_up_rule.created',
        'follow_up_rule.updated',
        'follow_up_rule.reordered',
        'follow_up_rule.deleted',
      ]),
    );
  });

  it('keeps the template a rule names from being archived until the rule is gone', async () => {
    const own = await templateFactory(t.ctx.db);
    const rule = await create({ name: '投诉回访', templateId: own.id });
    expect(rule.statusCode, rule.body).toBe(201);
    const refused = await admin.post(`/api/v1/rating-templates/${own.id}/archive`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ type: expect.stringContaining('template-in-use') });
    expect(refused.json().detail).toContain('follow-up rule "投诉回访"');
    expect((await admin.delete(`${URL}/${rule.json().id}`)).statusCode).toBe(204);
    expect((await admin.post(`/api/v1/rating-templates/${own.id}/archive`)).statusCode).toBe(200);
  });

  it('lets readers of the rating rules read, and only their writers write', async () => {
    const supervisor = await t.loginAs(['supervisor']);
    expect((await supervisor.get(URL)).statusCode).toBe(200);
    expect((await supervisor.post(URL, { name: 'x', templateId: tpl.id, assignment: 'agent' })).statusCode).toBe(403);
    expect((await agentA.get(URL)).statusCode).toBe(403);
  });
});

describe('follow-up rule validation', () => {
  it('names every bad field at once: conditions, template, agent and group', async () => {
    const draft = await templateFactory(t.ctx.db, { publish: false });
    const engineer = await employeeFactory(t.ctx.db, { roles: ['engineer'] });
    const res = await create({
      name: 'bad',
      templateId: draft.id,
      agentId: engineer.id,
      groupId: group.id,
      conditions: {
        combinator: 'and',
        rules: [
          { field: 'colour', operator: '=', value: 'red' },
          { field: 'priority', operator: '=', value: 'extreme' },
          { combinator: 'or', rules: [] },
        ],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().type).toContain('validation');
    expect(paths(res)).toEqual([
      'conditions.rules.0.field:not_found',
      'conditions.rules.1.value:invalid_choice',
      'conditions.rules.2.rules:too_few',
      'groupId:not_applicable',
      'agentId:not_follow_up_agent',
      'templateId:template_unpublished',
    ]);
  });

  it('refuses a missing, unknown or inactive agent and an unknown group', async () => {
    expect(paths(await create({ name: 'x', agentId: undefined }))).toEqual(['agentId:required']);
    const nobody = '00000000-0000-4000-8000-000000000000';
    expect(paths(await create({ name: 'x', agentId: nobody }))).toEqual(['agentId:not_found']);
    const gone = await employeeFactory(t.ctx.db, { roles: ['follow_up_agent'], active: false });
    expect(paths(await create({ name: 'x', agentId: gone.id }))).toEqual(['agentId:inactive']);
    expect(
      paths(await create({ name: 'x', assignment: 'round_robin', agentId: agentA.employeeId, groupId: nobody })),
    ).toEqual(['agentId:not_applicable', 'groupId:not_found']);
    expect(paths(await create({ name: 'x', templateId: nobody }))).toEqual(['templateId:not_found']);
  });

  it('rejects malformed bodies with zod paths', async () => {
    const res = await create({ name: ' ', assignment: 'robot', dueHours: 0, onlyIfUnratedHours: 1.5 });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['name', 'assignment', 'dueHours', 'onlyIfUnratedHours']),
    );
  });
});

describe('matching: the first enabled rule by priority', () => {
  /** A service type whose workflow has a follow-up node in rule mode when the work order is completed. */
  async function ruleModeServiceType() {
    const st = await serviceTypeFactory(t.ctx.db);
    const res = await admin.request({
      method: 'PUT',
      url: `/api/v1/service-types/${st.id}/workflow`,
      payload: { nodes: [{ type: 'follow_up', stage: 'completed', mode: 'rule' }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    return st;
  }

  async function followUpNodeId(workOrderId: string): Promise<string> {
    const nodes = (await admin.get(`/api/v1/work-orders/${workOrderId}`)).json().workflow.nodes as {
      id: string | null;
      type: string;
    }[];
    const node = nodes.find((n) => n.type === 'follow_up');
    expect(node?.id).toBeTruthy();
    return node!.id!;
  }

  it('skips disabled and non-matching rules; the dry run explains each', async () => {
    await deleteAll();
    const st = await ruleModeServiceType();
    const ofType = { field: 'serviceTypeId', operator: '=', value: st.id };
    const store = (
      await create({
        name: 'store',
        conditions: { combinator: 'and', rules: [ofType, { field: 'store', operator: '=', value: 'Shanghai-01' }] },
        agentId: agentB.employeeId,
      })
    ).json() as Rule;
    const urgent = (
      await create({
        name: 'urgent',
        conditions: { combinator: 'and', rules: [ofType, { field: 'priority', operator: '=', value: 'urgent' }] },
      })
    ).json() as Rule;
    const off = (
      await create({
        name: 'off',
        enabled: false,
        conditions: { combinator: 'and', rules: [ofType] },
        agentId: agentB.employeeId,
      })
    ).json() as Rule;
    const team = (
      await create({
        name: 'team',
        conditions: { combinator: 'and', rules: [ofType] },
        assignment: 'least_loaded',
        agentId: null,
        groupId: group.id,
        dueHours: 8,
      })
    ).json() as Rule;
    expect(await names()).toEqual(['1:store', '2:urgent', '3:off', '4:team']);

    const urgentWo = await workOrderFactory(t.ctx, { serviceTypeId: st.id, priority: 'urgent', status: 'completed' });
    const normalWo = await workOrderFactory(t.ctx, { serviceTypeId: st.id, status: 'completed' });
    const urgentPlan = await planFor(t.ctx.db, await followUpNodeId(urgentWo.id));
    expect(urgentPlan).toMatchObject({
      ruleId: urgent.id,
      templateId: tpl.id,
      target: { assignment: 'agent', agentId: agentA.employeeId },
    });
    const normalNode = await followUpNodeId(normalWo.id);
    expect(await planFor(t.ctx.db, normalNode)).toMatchObject({
      ruleId: team.id,
      target: { assignment: 'least_loaded', groupId: group.id },
      dueHours: 8,
    });

    const dry = await admin.post(`${URL}/dry-run`, { facts: { serviceTypeId: st.id, priority: 'normal' } });
    expect(dry.statusCode, dry.body).toBe(200);
    const result = dry.json();
    expect(result.matched).toMatchObject({ ruleId: team.id, assignment: 'least_loaded', groupName: group.name });
    expect(result.evaluated).toEqual([
      expect.objectContaining({
        ruleId: store.id,
        matched: false,
        skippedBecauseDisabled: false,
        failedConditions: [
          { path: 'rules.1', field: 'store', operator: '=', value: 'Shanghai-01', actual: null, negated: false },
        ],
      }),
      expect.objectContaining({
        ruleId: urgent.id,
        failedConditions: [expect.objectContaining({ field: 'priority', actual: 'normal' })],
      }),
      expect.objectContaining({ ruleId: off.id, skippedBecauseDisabled: true, failedConditions: [] }),
      expect.objectContaining({ ruleId: team.id, matched: true }),
    ]);
    // An existing work order's fields as the facts; the store rule matches once the store is right.
    const byId = (await admin.post(`${URL}/dry-run`, { workOrderId: urgentWo.id })).json();
    expect(byId.matched).toMatchObject({ ruleId: urgent.id, agentId: agentA.employeeId });
    const shop = (await admin.post(`${URL}/dry-run`, { facts: { serviceTypeId: st.id, store: 'Shanghai-01' } })).json();
    expect(shop.matched).toMatchObject({ ruleId: store.id, agentId: agentB.employeeId });
    expect((await admin.post(`${URL}/dry-run`, { facts: {}, workOrderId: urgentWo.id })).statusCode).toBe(400);
    expect(
      (await admin.post(`${URL}/dry-run`, { workOrderId: '00000000-0000-4000-8000-000000000000' })).statusCode,
    ).toBe(404);
    // Nothing matches another service type's work order: no rule, so no task.
    const other = (await admin.post(`${URL}/dry-run`, { facts: { priority: 'normal' } })).json();
    expect(other.matched).toBeNull();

    // Enabled, the rule above `team` wins; moved below it, `team` wins again.
    await admin.patch(`${URL}/${off.id}`, { enabled: true });
    expect(await planFor(t.ctx.db, normalNode)).toMatchObject({
      ruleId: off.id,
      target: { agentId: agentB.employeeId },
    });
    await admin.patch(`${URL}/${off.id}`, { priority: 4 });
    expect(await planFor(t.ctx.db, normalNode)).toMatchObject({ ruleId: team.id });
  });

  it('a completed work order gets its task from the matching rule (through the follow-up processor)', async () => {
    await deleteAll();
    const settings = await admin.request({
      method: 'PUT',
      url: '/api/v1/follow-ups/settings',
      payload: { ...DEFAULT_FOLLOW_UP_SETTINGS, enabled: true, callingWindows: [{ start: '00:00', end: '24:00' }] },
    });
    expect(settings.statusCode, settings.body).toBe(200);
    const st = await ruleModeServiceType();
    await create({
      name: 'high → B',
      conditions: { combinator: 'and', rules: [{ field: 'priority', operator: 'in', value: ['high', 'urgent'] }] },
      agentId: agentB.employeeId,
    });
    await create({ name: 'everything else → A', agentId: agentA.employeeId, dueHours: 2 });

    const high = await workOrderFactory(t.ctx, { serviceTypeId: st.id, priority: 'high', status: 'completed' });
    const low = await workOrderFactory(t.ctx, { serviceTypeId: st.id, priority: 'low', status: 'completed' });
    const taskOf = async (agent: Agent, workOrderId: string) => {
      const until = Date.now() + 10_000;
      for (;;) {
        const items = (await agent.get('/api/v1/follow-ups/tasks?view=mine')).json().items as {
          workOrderId: string;
          templateId: string;
          dueAt: string;
        }[];
        const task = items.find((i) => i.workOrderId === workOrderId);
        if (task) return task;
        if (Date.now() > until) throw new Error(`no follow-up task for ${workOrderId}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    expect(await taskOf(agentB, high.id)).toMatchObject({ templateId: tpl.id });
    const lowTask = await taskOf(agentA, low.id);
    const dueIn = new Date(lowTask.dueAt).getTime() - Date.now();
    expect(dueIn).toBeGreaterThan(1.9 * 3_600_000);
    expect(dueIn).toBeLessThanOrEqual(2 * 3_600_000);
  });
});
