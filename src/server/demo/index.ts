import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { departments } from '../db/schema/org.js';
import { rebuildAnalytics } from '../modules/analytics/rebuild.service.js';
import { skipProcessorsToNow } from '../modules/events/processor-runner.js';
import { enqueueWaitingRatingTimeouts } from '../modules/workflows/workflows.jobs.js';
import { demoAdminActor, loadDemoToday } from './live.js';
import { DEMO_PASSWORD, loadDemoOrg } from './org.js';
import { loadDemoSetup } from './setup.js';
import { DEMO_WORK_ORDERS, loadDemoWorkOrders, rng } from './work-orders.js';

export interface DemoResult {
  loaded: boolean;
  logins: { username: string; roles: string[] }[];
  password: string;
  workOrders: number;
  ratings: number;
  seconds: number;
}

/**
 * Loads the demo organisation once; a second call sees it is there and does nothing. `workOrders` is the history's
 * size (default ~20,000 over six months; tests load fewer). History is written directly; today's work goes through
 * the services (live.ts) — `workersRunning` says whether this process delivers its invitations now (`npm start`) or
 * leaves them queued for the server (`npm run demo`).
 */
export async function loadDemoData(
  ctx: AppContext,
  opts: { workOrders?: number; workersRunning: boolean },
): Promise<DemoResult> {
  const started = Date.now();
  const [existing] = await ctx.db
    .select({ id: departments.id })
    .from(departments)
    .where(eq(departments.code, 'demo-east'))
    .limit(1);
  if (existing) return { loaded: false, logins: [], password: DEMO_PASSWORD, workOrders: 0, ratings: 0, seconds: 0 };
  const org = await loadDemoOrg(ctx.db);
  ctx.log.info({ engineers: org.engineerIds.length, teams: org.teamIds.length }, 'demo organisation loaded');
  const setup = await loadDemoSetup(ctx.db, ctx.appSecret, org, demoAdminActor(org));
  const history = await loadDemoWorkOrders(ctx.db, org, setup, { count: opts.workOrders ?? DEMO_WORK_ORDERS });
  // Mandatory ratings still waiting in the history time out like any other: their timeout jobs (the history writes
  // rows directly, not through the workflow).
  await enqueueWaitingRatingTimeouts(ctx.jobs, ctx.db);
  // The history's timeline events are the past: no processor reacts to them (under `npm start -- --demo` the alerts
  // processor evaluated all ~10,000 old ratings and the server answered nothing for over ten minutes); the
  // analytics are rebuilt below.
  await skipProcessorsToNow(ctx.db);
  const today = await loadDemoToday(ctx, org, setup, rng(20261201), { workersRunning: opts.workersRunning });
  // The history was imported without events: the dashboard's facts and rollups are built from the raw ratings.
  await rebuildAnalytics(ctx.db);
  const seconds = (Date.now() - started) / 1000;
  const totals = { workOrders: history.workOrders + today.workOrders, ratings: history.ratings + today.ratings };
  ctx.log.info({ ...totals, seconds }, 'demo work orders and ratings loaded');
  return { loaded: true, logins: org.logins, password: DEMO_PASSWORD, ...totals, seconds };
}

export function describeDemo(result: DemoResult): string {
  if (!result.loaded) return '  Demo data: already loaded.';
  const lines = [
    `  Demo loaded in ${result.seconds.toFixed(1)} s: ${result.workOrders} work orders, ${result.ratings} ratings over six months.`,
    `  Demo logins (password for all: ${result.password}):`,
  ];
  for (const l of result.logins) lines.push(`    ${l.username.padEnd(12)} ${l.roles.join(', ')}`);
  lines.push('  Today’s invitations are in Settings → Sandbox inbox (log in as demo-admin); open a link to rate.');
  return lines.join('\n');
}
