import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { departments } from '../db/schema/org.js';
import { DEMO_PASSWORD, loadDemoOrg } from './org.js';
import { loadDemoWorkOrders } from './work-orders.js';

export interface DemoResult {
  loaded: boolean;
  logins: { username: string; roles: string[] }[];
  password: string;
}

/** Loads the demo organisation once; a second call sees it is there and does nothing. */
export async function loadDemoData(ctx: Pick<AppContext, 'db' | 'log'>): Promise<DemoResult> {
  const [existing] = await ctx.db
    .select({ id: departments.id })
    .from(departments)
    .where(eq(departments.code, 'demo-east'))
    .limit(1);
  if (existing) return { loaded: false, logins: [], password: DEMO_PASSWORD };
  const org = await loadDemoOrg(ctx.db);
  ctx.log.info({ engineers: org.engineerIds.length, teams: org.teamIds.length }, 'demo organisation loaded');
  ctx.log.info({ workOrders: await loadDemoWorkOrders(ctx.db, org) }, 'demo work orders loaded');
  return { loaded: true, logins: org.logins, password: DEMO_PASSWORD };
}

export function describeDemo(result: DemoResult): string {
  if (!result.loaded) return '  Demo data: already loaded.';
  const lines = [`  Demo organisation loaded. Demo logins (password for all: ${result.password}):`];
  for (const l of result.logins) lines.push(`    ${l.username.padEnd(12)} ${l.roles.join(', ')}`);
  return lines.join('\n');
}
