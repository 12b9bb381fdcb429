import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { ratings } from '../db/schema/ratings.js';
import { loadDemoData } from './index.js';
import { DEMO_TODAY } from './live.js';
import { DEMO_PASSWORD } from './org.js';

let t: TestApp;
beforeAll(async () => {
  // With the job workers: today's invitations are delivered into the sandbox as they are by `npm start -- --demo`.
  t = await createTestApp({ work: true });
});
afterAll(async () => {
  await t?.close();
});

describe('demo organisation', () => {
  it('loads regions, teams, 40+ engineers and service types once, with working demo logins', async () => {
    const first = await loadDemoData(t.ctx, { workOrders: 50, workersRunning: true });
    expect(first.loaded).toBe(true);
    expect(first.workOrders).toBe(50 + DEMO_TODAY);
    expect((await loadDemoData(t.ctx, { workOrders: 50, workersRunning: true })).loaded).toBe(false);

    const admin = await t.loginAs(['admin']);
    const depts = (await admin.get('/api/v1/departments?limit=500')).json().items as {
      kind: string;
      parentId: string | null;
      managerId: string | null;
    }[];
    expect(depts.filter((d) => d.kind === 'region')).toHaveLength(4);
    const teams = depts.filter((d) => d.kind === 'team');
    expect(teams.length).toBeGreaterThanOrEqual(12);
    expect(teams.every((d) => d.parentId && d.managerId)).toBe(true);

    const engineers = (await admin.get('/api/v1/employees?role=engineer&active=true&limit=1')).json();
    expect(engineers.total).toBeGreaterThanOrEqual(40);
    const types = (await admin.get('/api/v1/service-types?limit=500')).json().items as { code: string }[];
    expect(types.map((s) => s.code)).toEqual(expect.arrayContaining(['inspection', 'repair', 'returns', 'delivery']));

    // One role per demo login (the `engineer` login once also held the supervisor role).
    expect(first.logins.map((l) => l.username)).toEqual(
      expect.arrayContaining(['demo-admin', 'supervisor', 'engineer', 'agent', 'analyst']),
    );
    for (const { username, roles } of first.logins) {
      const res = await t.anon.post('/api/v1/auth/login', { username, password: DEMO_PASSWORD });
      expect(res.statusCode, username).toBe(200);
      expect(res.json().user.roles).toEqual(roles);
      expect(roles, username).toHaveLength(1);
    }
    const engineerLogin = await t.anon.post('/api/v1/auth/login', { username: 'engineer', password: DEMO_PASSWORD });
    expect(engineerLogin.json().user.roles).toEqual(['engineer']);

    // No mandatory rating waits past its deadline: the history timed those out itself, so the safety-net sweep finds
    // nothing to repair (it once skipped 451 demo nodes and counted them in rateloop_job_repairs_total).
    const { rows } = await t.database.sql.query<{ n: number }>(
      `select count(*)::int as n from work_order_nodes where type = 'rating' and status = 'active' and deadline_at < now()`,
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('shows a newcomer the loop at once: a finished checklist, messages in the sandbox, ★ on the first page', async () => {
    const admin = await t.loginAs(['admin']);
    const setup = (await admin.get('/api/v1/setup-status')).json();
    expect(setup.steps.filter((s: { done: boolean }) => !s.done)).toEqual([]);
    expect(setup.channelWarnings).toEqual([]);

    // Today's invitations went through the delivery path into the sandbox inbox (links to the rating page).
    const inbox = (await admin.get('/api/v1/sandbox/messages?limit=50')).json();
    const invitations = inbox.items.filter((m: { text: string }) => /\/(r|s)\//.test(m.text));
    expect(invitations.length).toBeGreaterThanOrEqual(DEMO_TODAY - 1);

    // The newest work orders (what the list shows first) include rated ones, one of them negative.
    const newest = (await admin.get(`/api/v1/work-orders?limit=${DEMO_TODAY}&sort=-createdAt`)).json().items as {
      ratings: { negativeCount: number; latest: { stars: number | null } } | null;
    }[];
    const rated = newest.filter((w) => w.ratings?.latest.stars);
    expect(rated.length).toBe(6);
    expect(rated.some((w) => w.ratings!.negativeCount > 0)).toBe(true);

    // The history was imported without events; the loader rebuilt analytics, so the dashboard counts every rating.
    const [{ n } = { n: 0 }] = await t.ctx.db.select({ n: count() }).from(ratings);
    const summary = (await admin.get('/api/v1/analytics/summary')).json();
    expect(n).toBeGreaterThan(0);
    expect(summary.count).toBe(n);

    // Follow-up is on: today's completed repairs became tasks, shared among the follow-up centre's agents.
    let tasks: { assigneeId: string | null }[] = [];
    for (let i = 0; i < 60 && tasks.length === 0; i++) {
      tasks = (await admin.get('/api/v1/follow-ups/tasks?view=team&open=true')).json().items;
      if (tasks.length === 0) await new Promise((r) => setTimeout(r, 250));
    }
    expect(tasks.length).toBeGreaterThan(1);
    expect(new Set(tasks.map((x) => x.assigneeId)).size).toBeGreaterThan(1);
    expect(tasks.every((x) => x.assigneeId !== null)).toBe(true);
  });
});
