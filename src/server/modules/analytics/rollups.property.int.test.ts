import { eq, inArray, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  departmentFactory,
  employeeFactory,
  templateFactory,
  workOrderFactory,
} from '../../../../test/support/factories.js';
import { invitationFactory } from '../../../../test/support/invitations.js';
import { type Dimension, dimensionAverage, npsBreakdown, summarise } from '../../../common/scoring/index.js';
import { analyticsUnrolled, invitationFacts } from '../../db/schema/analytics.js';
import { invitations } from '../../db/schema/invitations.js';
import { ratings } from '../../db/schema/ratings.js';
import { workOrders } from '../../db/schema/work-orders.js';
import { executeRows } from '../../db/sql.js';
import { SYSTEM_ACTOR } from '../../http/principal.js';
import { departmentSubtree } from '../org/departments.service.js';
import { analyticsSummary, analyticsTrend } from './analytics.service.js';
import { listDrillDownRatings } from './drill-down.service.js';
import { recordRatingFacts, refreshInvitationFacts } from './facts.js';
import { localDay } from './local-time.js';
import { rebuildAnalytics, rollUpListed } from './rebuild.service.js';
import { addFunnel } from './rollup-writes.js';
import { drainAnalytics } from './test-fixtures.js';

/**
 * Rollups always equal a recomputation from the raw ratings (SCORING.md applied to the ratings table directly): after
 * a random mix of submissions handled by the processor (some twice), and again after a rebuild, for random filters
 * (none, one — the rollup path — or two — the fact path) and random ranges (local dates and arbitrary instants).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261216);
const TZ = 'Asia/Shanghai';
const DIMENSIONS: Dimension[] = [
  { key: 'speed', type: 'star5', required: false, weight: 2, label: { 'zh-CN': '速度', en: 'Speed' } },
  { key: 'fixed', type: 'yes_no', required: false, weight: 1, label: { 'zh-CN': '解决', en: 'Fixed' } },
  { key: 'rec', type: 'nps', required: false, weight: 1, label: { 'zh-CN': '推荐', en: 'Recommend' } },
];
const WINDOW_START = Date.parse('2026-01-25T00:00:00Z');
const WINDOW_MS = 45 * 86_400_000;

let t: TestApp;
const org: { departments: string[]; engineers: string[]; stores: string[]; workOrders: string[] } = {
  departments: [],
  engineers: [],
  stores: ['S1', 'S2'],
  workOrders: [],
};

let template: Awaited<ReturnType<typeof templateFactory>>;

/** An invitation on one of the work orders, answered at `at` (rating and invitation moved there). */
async function submit(s: Submission) {
  const db = t.ctx.db;
  const links = { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl };
  const inv = await invitationFactory(db, links, {
    templateVersionId: template.publishedVersionId!,
    workOrderId: org.workOrders[s.workOrder]!,
    ...(s.qr ? { channels: ['qr'], source: 'qr' as const } : {}),
  });
  const answers = Object.fromEntries(
    Object.entries({ speed: s.speed, fixed: s.fixed, rec: s.rec }).filter(([, v]) => v !== undefined),
  );
  const res = await t.anon.post(`${inv.api}/ratings`, { answers });
  expect(res.statusCode, res.body).toBe(201);
  const at = new Date(WINDOW_START + s.at);
  await db.update(ratings).set({ submittedAt: at }).where(eq(ratings.id, res.json().id));
  await db.update(invitations).set({ createdAt: at }).where(eq(invitations.id, inv.invitation.id));
}

const submission = fc.record({
  workOrder: fc.nat(7),
  qr: fc.boolean(),
  speed: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  fixed: fc.option(fc.boolean(), { nil: undefined }),
  rec: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
  at: fc.integer({ min: 0, max: WINDOW_MS }),
  drainAfter: fc.boolean(),
});
type Submission = typeof submission extends fc.Arbitrary<infer T> ? T : never;

beforeAll(async () => {
  t = await createTestApp({ publicRateLimits: { perIpPerMinute: 100_000 } });
  const db = t.ctx.db;
  template = await templateFactory(db, { dimensions: DIMENSIONS, weighting: true });
  const root = await departmentFactory(db);
  const child = await departmentFactory(db, { parentId: root.id });
  const other = await departmentFactory(db);
  org.departments = [root.id, child.id, other.id];
  for (let i = 0; i < 3; i++) org.engineers.push((await employeeFactory(db)).id);
  for (let i = 0; i < 8; i++) {
    const wo = await workOrderFactory(t.ctx, {
      departmentId: org.departments[i % 3],
      engineerIds: i % 4 === 0 ? [org.engineers[0]!, org.engineers[1]!] : [org.engineers[i % 3]!],
      ...(i % 3 === 2 ? {} : { store: org.stores[i % 2] }),
    });
    org.workOrders.push(wo.id);
  }
  const [mix] = fc.sample(fc.array(submission, { minLength: 30, maxLength: 45 }), { seed: SEED, numRuns: 1 });
  for (const s of mix!) {
    await submit(s);
    if (s.drainAfter) await drainAnalytics(t);
  }
  await drainAnalytics(t);
  // At-least-once delivery: handling every rating again adds nothing.
  const all = await db.select({ id: ratings.id }).from(ratings);
  expect(
    await recordRatingFacts(
      db,
      all.map((r) => r.id),
      TZ,
    ),
  ).toEqual([]);
}, 600_000);
afterAll(async () => {
  await t?.close();
});

interface Filters {
  from?: string;
  to?: string;
  departmentId?: string;
  engineerId?: string;
  store?: string;
  channel?: string;
  source?: 'customer' | 'follow_up';
}

const day = (offsetDays: number) => new Date(WINDOW_START + offsetDays * 86_400_000).toISOString().slice(0, 10);
const bound = fc.oneof(
  fc.integer({ min: -2, max: 48 }).map(day),
  fc.integer({ min: -86_400_000, max: WINDOW_MS + 86_400_000 }).map((ms) => new Date(WINDOW_START + ms).toISOString()),
);
const filters: fc.Arbitrary<Filters> = fc
  .record(
    {
      from: bound,
      to: bound,
      departmentId: fc.constantFrom(...[0, 1, 2].map((i) => () => org.departments[i]!)),
      engineerId: fc.constantFrom(...[0, 1, 2].map((i) => () => org.engineers[i]!)),
      store: fc.constantFrom('S1', 'S2'),
      channel: fc.constant('qr'),
      source: fc.constant('customer' as const),
    },
    { requiredKeys: [] },
  )
  .filter((f) => [f.departmentId, f.engineerId, f.store, f.channel, f.source].filter(Boolean).length <= 2)
  .map((f) => ({
    ...f,
    departmentId: typeof f.departmentId === 'function' ? f.departmentId() : undefined,
    engineerId: typeof f.engineerId === 'function' ? f.engineerId() : undefined,
  }))
  .filter((f) => !f.from || !f.to || instantOf(f.from) <= instantOf(f.to));

/** A bound as the API reads it: a date is local midnight in Asia/Shanghai (UTC+8, no DST). */
function instantOf(v: string): number {
  return v.length === 10 ? Date.parse(`${v}T00:00:00+08:00`) : Date.parse(v);
}

/** SCORING.md §5 straight from the ratings table and the work orders (no facts, no rollups). */
async function recompute(f: Filters) {
  const db = t.ctx.db;
  const rows = await db.select().from(ratings);
  const wos = new Map(
    (await db.select().from(workOrders).where(inArray(workOrders.id, org.workOrders))).map((w) => [w.id, w]),
  );
  const invs = new Map((await db.select().from(invitations)).map((i) => [i.id, i]));
  const subtree = f.departmentId ? new Set(await departmentSubtree(db, f.departmentId)) : null;
  const matching = rows.filter((r) => {
    const wo = wos.get(r.workOrderId);
    const at = r.submittedAt.getTime();
    if (f.from && at < instantOf(f.from)) return false;
    if (f.to && at >= instantOf(f.to)) return false;
    if (subtree && !(wo?.departmentId && subtree.has(wo.departmentId))) return false;
    if (f.engineerId && !wo?.engineerIds.includes(f.engineerId)) return false;
    if (f.store && wo?.store !== f.store) return false;
    if (f.channel && !(r.invitationId && invs.get(r.invitationId)?.source === 'qr')) return false;
    if (f.source && r.source !== f.source) return false;
    return true;
  });
  const summary = summarise(matching.map((r) => ({ score: r.score, normalised: r.normalised })));
  const nps = npsBreakdown(matching.flatMap((r) => (typeof r.answers.rec === 'number' ? [r.answers.rec] : [])));
  const dims = Object.fromEntries(
    DIMENSIONS.map((d) => [
      d.key,
      dimensionAverage(
        d.type,
        matching.map((r) => r.normalised[d.key]).filter((n): n is number => typeof n === 'number'),
      ),
    ]),
  );
  return { matching, summary, nps: nps.nps, dims };
}

const query = (f: Filters) =>
  Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as Parameters<typeof analyticsSummary>[2];

let nonEmpty = 0;
async function checkAgainstRaw(f: Filters) {
  const expected = await recompute(f);
  if (expected.matching.length > 0) nonEmpty += 1;
  const got = await analyticsSummary(t.ctx.db, SYSTEM_ACTOR, query(f), 'en');
  expect(got.count).toBe(expected.summary.count);
  expect(got.negativeCount).toBe(expected.summary.negativeCount);
  const close = (a: number | null, b: number | null | undefined) =>
    a === null || b === null || b === undefined ? expect(a).toBe(b ?? null) : expect(a).toBeCloseTo(b, 9);
  close(got.averageScore, expected.summary.averageScore);
  close(got.csat, expected.summary.csat);
  close(got.nps, expected.nps);
  for (const d of got.dimensions) close(d.average, expected.dims[d.key]?.value);
  expect(got.dimensions.map((d) => d.count)).toEqual(got.dimensions.map((d) => expected.dims[d.key]?.count ?? 0));
  const list = await listDrillDownRatings(t.ctx.db, SYSTEM_ACTOR, { ...query(f), sort: '-submittedAt', limit: 500 });
  expect(list.total).toBe(got.count);
  expect(list.items.map((r) => r.id).sort()).toEqual(expected.matching.map((r) => r.id).sort());
}

/** The organisation's funnel (day buckets) and the same counts straight from the invitation facts. */
async function funnelTotals() {
  const [row] = await executeRows<Record<string, number>>(
    t.ctx.db,
    sql`select sum(created)::int as created, sum(delivered)::int as delivered, sum(opened)::int as opened,
          sum(responded)::int as responded
        from invitation_funnel_rollups where family = 'organisation' and grain = 'day'`,
  );
  return row!;
}
async function factTotals() {
  const [row] = await executeRows<Record<string, number>>(
    t.ctx.db,
    sql`select count(*)::int as created, (count(*) filter (where delivered))::int as delivered,
          (count(*) filter (where opened))::int as opened,
          (count(*) filter (where responded and delivered))::int as responded
        from invitation_facts`,
  );
  return row!;
}

describe('rollups equal a recomputation from the raw ratings', () => {
  it('after the processor, for random filters and ranges', { timeout: 600_000 }, async () => {
    await fc.assert(fc.asyncProperty(filters, checkAgainstRaw), { seed: SEED, numRuns: 40 });
    // The property is not vacuous: most random ranges and filters hold ratings.
    expect(nonEmpty).toBeGreaterThan(10);
  });

  it('trend buckets sum to the local days of the raw ratings', { timeout: 120_000 }, async () => {
    const trend = await analyticsTrend(t.ctx.db, SYSTEM_ACTOR, {
      from: day(-1),
      to: day(46),
      granularity: 'day',
    });
    const rows = await t.ctx.db.select().from(ratings);
    for (const p of trend.points) {
      expect(p.count).toBe(rows.filter((r) => localDay(r.submittedAt, TZ) === p.bucket).length);
    }
    const weeks = await analyticsTrend(t.ctx.db, SYSTEM_ACTOR, { from: day(-1), to: day(46), granularity: 'week' });
    expect(weeks.points.reduce((a, p) => a + p.count, 0)).toBe(rows.length);
  });

  it('and again after a rebuild', { timeout: 600_000 }, async () => {
    const progress: number[] = [];
    await rebuildAnalytics(t.ctx.db, { chunkSize: 7, onProgress: (p) => progress.push(p.done) });
    expect(progress.length).toBeGreaterThan(1);
    await fc.assert(fc.asyncProperty(filters, checkAgainstRaw), { seed: SEED + 1, numRuns: 40 });
  });

  it('and after a rebuild that raced new submissions and the processor (nothing counted twice)', {
    timeout: 600_000,
  }, async () => {
    const [more] = fc.sample(fc.array(submission, { minLength: 10, maxLength: 10 }), { seed: SEED + 2, numRuns: 1 });
    let rebuilding = true;
    const rebuild = rebuildAnalytics(t.ctx.db, { chunkSize: 1 }).finally(() => {
      rebuilding = false;
    });
    let duringRebuild = 0;
    for (const s of more!) {
      await submit(s);
      if (rebuilding) duringRebuild += 1;
      await drainAnalytics(t);
    }
    await rebuild;
    await drainAnalytics(t);
    // The race really happened: ratings were submitted and handled while the rebuild ran.
    expect(duringRebuild).toBeGreaterThan(0);
    await fc.assert(fc.asyncProperty(filters, checkAgainstRaw), { seed: SEED + 2, numRuns: 30 });
    // The funnel too: the organisation's buckets count every invitation once, by its facts' current flags.
    const facts = await factTotals();
    expect(await funnelTotals()).toEqual(facts);
    expect(facts.created).toBe((await t.ctx.db.select({ id: invitations.id }).from(invitations)).length);
    expect(facts.responded).toBeGreaterThan(0);
  });

  it('a change the processor makes to a fact the rebuild listed but has not rolled up yet is counted once', {
    timeout: 120_000,
  }, async () => {
    const db = t.ctx.db;
    const links = { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl };
    const inv = await invitationFactory(db, links, {
      templateVersionId: template.publishedVersionId!,
      workOrderId: org.workOrders[0]!,
      channels: ['qr'],
      source: 'qr' as const,
    });
    await drainAnalytics(t);
    // The state a rebuild leaves between its two steps: the fact written, listed, not in the funnel.
    await db.transaction(async (tx) => {
      await addFunnel(tx, [inv.invitation.id], -1);
      await tx.delete(invitationFacts).where(eq(invitationFacts.invitationId, inv.invitation.id));
      await refreshInvitationFacts(tx, [inv.invitation.id], TZ, 'deferred');
    });
    const [listed] = await db.select().from(analyticsUnrolled).where(eq(analyticsUnrolled.id, inv.invitation.id));
    expect(listed?.kind).toBe('invitation');
    // The customer answers; the processor updates the listed fact (responded) without moving the funnel …
    expect((await t.anon.post(`${inv.api}/ratings`, { answers: { speed: 4 } })).statusCode).toBe(201);
    await drainAnalytics(t);
    const [fact] = await db.select().from(invitationFacts).where(eq(invitationFacts.invitationId, inv.invitation.id));
    expect(fact?.responded).toBe(true);
    // … and the rebuild's last step counts its final state once.
    expect(await db.transaction((tx) => rollUpListed(tx, 1000))).toBe(1);
    expect(await funnelTotals()).toEqual(await factTotals());
  });
});
