import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { testDbKind } from '../../../../test/support/db.js';
import { departmentFactory, employeeFactory, workOrderFactory } from '../../../../test/support/factories.js';
import { openPostgres } from '../../db/client.js';
import { followUpTasks } from '../../db/schema/follow-ups.js';
import { executeRows } from '../../db/sql.js';
import { SYSTEM_ACTOR } from '../../http/principal.js';
import { updateEmployee } from '../org/employees.service.js';
import { assignEveryQueue, assignQueued, rebalanceGroup } from './assignment.js';
import { closeFollowUpTask, createFollowUpTask, setAgentCapacity } from './tasks.service.js';

/**
 * Fair assignment over a group (issue 19): round robin and least-loaded, inactive, role-less and full agents skipped,
 * queued tasks taken when an agent frees up or comes back — and on PostgreSQL, two workers assigning 1,000 tasks at
 * once into one group still balance to within one task.
 */
let t: TestApp;
let workOrderId: string;
beforeAll(async () => {
  t = await createTestApp();
  workOrderId = (await workOrderFactory(t.ctx)).id;
});
afterAll(async () => {
  await t?.close();
});

/** A group with `n` active agents (ids sorted: the round-robin order), an engineer and an inactive agent. */
async function group(n: number) {
  const db = t.ctx.db;
  const department = await departmentFactory(db);
  const agents: string[] = [];
  for (let i = 0; i < n; i++) {
    agents.push((await employeeFactory(db, { departmentId: department.id, roles: ['follow_up_agent'] })).id);
  }
  const engineer = await employeeFactory(db, { departmentId: department.id, roles: ['engineer'] });
  const inactive = await employeeFactory(db, {
    departmentId: department.id,
    roles: ['follow_up_agent'],
    active: false,
  });
  return { id: department.id, agents: agents.sort(), engineer: engineer.id, inactive: inactive.id };
}

const create = (groupId: string, assignment: 'round_robin' | 'least_loaded', dueAt?: Date) =>
  t.ctx.db.transaction((tx) => createFollowUpTask(tx, { workOrderId, assignment, groupId, dueAt }));

async function openLoads(groupId: string) {
  const rows = await executeRows<{ assignee_id: string | null; n: number }>(
    t.ctx.db,
    sql`select assignee_id, count(*)::int as n from follow_up_tasks
        where group_id = ${groupId} and status in ('pending', 'in_progress') group by 1`,
  );
  return new Map(rows.map((r) => [r.assignee_id, r.n]));
}

describe('follow-up assignment', () => {
  it('goes round the active agents in turn, never to an engineer or an inactive agent', async () => {
    const g = await group(3);
    const order: string[] = [];
    for (let i = 0; i < 7; i++) order.push((await create(g.id, 'round_robin'))!.assigneeId!);
    const [a, b, c] = g.agents;
    expect(order).toEqual([a, b, c, a, b, c, a]);
  });

  it('gives least-loaded tasks to the agent with the fewest open tasks, equal loads in turn', async () => {
    const g = await group(3);
    const [a, b, c] = g.agents as [string, string, string];
    // a already has three open tasks by name.
    for (let i = 0; i < 3; i++) {
      await t.ctx.db.transaction((tx) => createFollowUpTask(tx, { workOrderId, assignment: 'agent', agentId: a }));
    }
    const order: string[] = [];
    for (let i = 0; i < 9; i++) order.push((await create(g.id, 'least_loaded'))!.assigneeId!);
    expect(order.slice(0, 6)).toEqual([b, c, b, c, b, c]);
    // Then all three have six: in turn again, after the last one (c).
    expect(order.slice(6)).toEqual([a, b, c]);
    const loads = await openLoads(g.id);
    expect([loads.get(a), loads.get(b), loads.get(c)]).toEqual([1, 4, 4]);
  });

  it('skips agents at their capacity, queues when all are full, and assigns the queue as places free up', async () => {
    const g = await group(2);
    const [a, b] = g.agents as [string, string];
    await t.ctx.db.transaction(async (tx) => {
      await setAgentCapacity(tx, a, 1);
      await setAgentCapacity(tx, b, 2);
    });
    const first = await create(g.id, 'round_robin');
    const second = await create(g.id, 'round_robin');
    const third = await create(g.id, 'round_robin');
    expect([first!.assigneeId, second!.assigneeId, third!.assigneeId]).toEqual([a, b, b]);
    // Everyone is full: queued, the later-due one behind the earlier-due one.
    const late = await create(g.id, 'round_robin', new Date('2027-01-02T00:00:00Z'));
    const early = await create(g.id, 'round_robin', new Date('2027-01-01T00:00:00Z'));
    expect([late!.assigneeId, early!.assigneeId]).toEqual([null, null]);
    // b completes a task: the earliest-due queued task goes to b at once.
    await t.ctx.db.transaction((tx) => closeFollowUpTask(tx, second!.id, 'completed'));
    const assigneeOf = async (id: string) =>
      (await t.ctx.db.select().from(followUpTasks).where(eq(followUpTasks.id, id)))[0]!.assigneeId;
    expect([await assigneeOf(early!.id), await assigneeOf(late!.id)]).toEqual([b, null]);
    // a's capacity raised: the rest goes to a.
    await t.ctx.db.transaction((tx) => setAgentCapacity(tx, a, 3));
    expect(await assigneeOf(late!.id)).toBe(a);
    // A closed task cannot close again.
    await expect(t.ctx.db.transaction((tx) => closeFollowUpTask(tx, second!.id, 'refused'))).rejects.toMatchObject({
      status: 409,
    });
  });

  it('keeps tasks queued while no agent is active, and gives them to an agent who comes back', async () => {
    const g = await group(1);
    const [a] = g.agents as [string];
    await updateEmployee(t.ctx.db, SYSTEM_ACTOR, a, { active: false });
    const queued = [await create(g.id, 'least_loaded'), await create(g.id, 'round_robin')];
    expect(queued.map((q) => q!.assigneeId)).toEqual([null, null]);
    expect(await t.ctx.db.transaction((tx) => assignQueued(tx, g.id))).toBe(0);
    await updateEmployee(t.ctx.db, SYSTEM_ACTOR, g.inactive, { active: true });
    // The minutely sweep (follow-ups.jobs.ts) finds the group's queue for the agent who came back.
    expect(await assignEveryQueue(t.ctx.db)).toBe(2);
    expect((await openLoads(g.id)).get(g.inactive)).toBe(2);
  });

  it('rebalances a team: a leaver’s and the busiest agents’ uncalled tasks go to the lightest, within capacity', async () => {
    const g = await group(3);
    const [a, b, c] = g.agents as [string, string, string];
    const tasks = [];
    for (let i = 0; i < 9; i++) tasks.push((await create(g.id, 'round_robin'))!);
    // a has called one customer already: that task stays with a. c takes at most three.
    const called = tasks.find((task) => task.assigneeId === a)!;
    await t.ctx.db
      .update(followUpTasks)
      .set({ status: 'in_progress', attempts: 1 })
      .where(eq(followUpTasks.id, called.id));
    await t.ctx.db.transaction((tx) => setAgentCapacity(tx, c, 3));
    // b leaves; d joins the team with nothing.
    await updateEmployee(t.ctx.db, SYSTEM_ACTOR, b, { active: false });
    const d = (await employeeFactory(t.ctx.db, { departmentId: g.id, roles: ['follow_up_agent'] })).id;

    const moves = await t.ctx.db.transaction((tx) => rebalanceGroup(tx, g.id));
    const loads = await openLoads(g.id);
    expect(loads.get(b) ?? 0).toBe(0);
    expect([a, c, d].map((id) => loads.get(id) ?? 0).sort()).toEqual([3, 3, 3]);
    // b's three moved (and at most one of a's, when a tie sent one of them to a); never to c, who is full.
    expect(moves.filter((m) => m.from === b)).toHaveLength(3);
    expect(moves.length).toBeLessThanOrEqual(4);
    expect(moves.every((m) => m.to === d || m.to === a)).toBe(true);
    const [kept] = await t.ctx.db.select().from(followUpTasks).where(eq(followUpTasks.id, called.id));
    expect(kept!.assigneeId).toBe(a);
    // Balanced already: a second rebalance moves nothing.
    expect(await t.ctx.db.transaction((tx) => rebalanceGroup(tx, g.id))).toEqual([]);

    // d is then given four tasks by name: open loads a 3, c 3, d 7 → evened out.
    await t.ctx.db.transaction((tx) => setAgentCapacity(tx, c, 10));
    for (let i = 0; i < 4; i++) {
      await t.ctx.db.transaction((tx) => createFollowUpTask(tx, { workOrderId, assignment: 'agent', agentId: d }));
    }
    // Tasks named to an agent are not the group's: only group tasks move, so d (3 group + 4 own = 7) gives away two.
    const second = await t.ctx.db.transaction((tx) => rebalanceGroup(tx, g.id));
    expect(second.map((m) => m.from)).toEqual([d, d]);
    const after = await openLoads(g.id);
    expect([a, c].map((id) => after.get(id)).sort()).toEqual([4, 4]);
    expect(after.get(d)).toBe(1);
  });

  it('creates one task per node instance', async () => {
    const g = await group(1);
    const [node] = await executeRows<{ id: string }>(
      t.ctx.db,
      sql`insert into work_order_nodes (work_order_id, type, node_key) values (${workOrderId}, 'follow_up', 'follow_up')
          returning id`,
    );
    const input = { workOrderId, nodeId: node!.id, assignment: 'round_robin' as const, groupId: g.id };
    expect(await t.ctx.db.transaction((tx) => createFollowUpTask(tx, input))).not.toBeNull();
    expect(await t.ctx.db.transaction((tx) => createFollowUpTask(tx, input))).toBeNull();
  });
});

describe.skipIf(testDbKind() !== 'postgres')('follow-up assignment on PostgreSQL (two workers)', () => {
  it('balances 1,000 tasks created at once by two workers to within one, by either strategy', {
    timeout: 120_000,
  }, async () => {
    const url = (t.database.pool!.options as { connectionString: string }).connectionString;
    const workers = await Promise.all([openPostgres(url, 5), openPostgres(url, 5)]);
    try {
      for (const strategy of ['round_robin', 'least_loaded'] as const) {
        const g = await group(7);
        // Each worker runs five creators at once: ten transactions racing into one group for 1,000 tasks.
        await Promise.all(
          workers.flatMap((w) =>
            Array.from({ length: 5 }, async () => {
              for (let i = 0; i < 100; i++) {
                await w.db.transaction((tx) =>
                  createFollowUpTask(tx, { workOrderId, assignment: strategy, groupId: g.id }),
                );
              }
            }),
          ),
        );
        const loads = await openLoads(g.id);
        const counts = g.agents.map((a) => loads.get(a) ?? 0);
        expect(
          counts.reduce((s, n) => s + n, 0),
          strategy,
        ).toBe(1000);
        expect(Math.max(...counts) - Math.min(...counts), strategy).toBeLessThanOrEqual(1);
        expect(loads.get(null) ?? 0).toBe(0);
        expect(loads.get(g.inactive) ?? 0).toBe(0);
        expect(loads.get(g.engineer) ?? 0).toBe(0);
      }
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  });
});
