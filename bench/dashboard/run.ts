/**
 * Dashboard benchmark (issue 16): every dashboard request against the rollups, on a generated organisation with
 * `--ratings` ratings over two years (`generate.ts`: 2,000 engineers, 300 stores, 60 departments at full size), and
 * in the same run the same figure computed by a plain aggregate over the raw tables (the ratio).
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/dashboard/run.ts \
 *     [--db=postgres|pglite] [--ratings=10000000] [--runs=20] [--fresh] [--rebuild] [--facts=rebuild|generator] [--resume]
 *     [--reports] [--only=<part of a request's name>] [--engineers=<count>]
 *
 * The data stays between runs (PostgreSQL database `rateloop_dashboard_<ratings>`, PGlite folder
 * `$TMPDIR/rateloop-dashboard-<ratings>`; `_e<count>` appended with `--engineers`): the first run generates it and
 * rebuilds the analytics tables (`rebuildAnalytics`, the code behind `npm run analytics:rebuild`), later runs only
 * measure; `--fresh` starts over.
 * Requests go through the real routes (`app.inject`, an API key with `analytics:read`); times are the server's.
 * `--reports` measures the reports of issue 18 instead (rankings, member pages, stores, keywords, key drivers, drift)
 * on the same data: p95 ≤ 100 ms each, keywords for a month ≤ 200 ms.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../../src/server/app.js';
import { progressBar } from '../../src/server/cli/progress-bar.js';
import { loadConfig } from '../../src/server/config.js';
import type { AppContext } from '../../src/server/context.js';
import { type Database, openPglite, openPostgres } from '../../src/server/db/client.js';
import { runMigrations } from '../../src/server/db/migrate.js';
import { SYSTEM_ACTOR } from '../../src/server/http/principal.js';
import { JobQueue } from '../../src/server/jobs/queue.js';
import { rebuildAnalytics } from '../../src/server/modules/analytics/rebuild.service.js';
import { createApiKey } from '../../src/server/modules/auth/api-keys.service.js';
import { jobDefinitions } from '../../src/server/modules/index.js';
import { ensureAppSecret } from '../../src/server/modules/settings/settings.service.js';
import { ensureDefaultTemplate } from '../../src/server/modules/templates/default-template.js';
import { defaultTemplateVersionId } from '../../test/support/invitations.js';
import { percentile } from '../submit/cannon.js';
import { materialiseAnalytics, rollUpListedFromBothEnds } from './facts.js';
import {
  type DashboardDataSize,
  type Generated,
  generateDashboardData,
  generatedRatings,
  generatedShape,
  queryOf,
  resumeDashboardData,
  SIZE_10M,
} from './generate.js';

const arg = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const KIND = arg('db', 'postgres') as 'postgres' | 'pglite';
const RATINGS = Number(arg('ratings', KIND === 'postgres' ? '10000000' : '1000000'));
/**
 * The issue's 2,000 engineers at a smaller size (`--engineers=2000 --ratings=1000000`): what a report costs per
 * engineer (names, ranking, the response) can be profiled without the 10 M set-up's two hours.
 */
const ENGINEERS = arg('engineers', '');
const DATA_NAME = `${RATINGS}${ENGINEERS ? `_e${ENGINEERS}` : ''}`;
const RUNS = Number(arg('runs', '20'));
const FRESH = process.argv.includes('--fresh');
/** Rebuild the analytics tables even when the data is reused (they are rebuilt anyway when empty). */
const REBUILD = process.argv.includes('--rebuild');
/**
 * How the facts are built: `rebuild` (the product's `rebuildAnalytics`, ~2,000 ratings/s) or `generator` (set-based
 * from the generated answer combinations, then the product's day step for the rollups: `facts.ts`).
 */
const FACTS = arg('facts', 'rebuild') as 'rebuild' | 'generator';
/** Finish a generation that stopped part-way (its chunks are committed) instead of starting over. */
const RESUME = process.argv.includes('--resume');
/** The reports of issue 18 instead of the dashboard's requests. */
const REPORTS = process.argv.includes('--reports');
/** Only the requests whose name contains this (e.g. `--only=combination`): a 10 M run of everything takes half an hour. */
const ONLY = arg('only', '');

/** Smaller organisations for smaller runs, the issue's shape at 10 M. */
function sizeFor(ratings: number): DashboardDataSize {
  if (ENGINEERS) return { ...shapedSizeFor(ratings), engineers: Number(ENGINEERS) };
  return shapedSizeFor(ratings);
}

function shapedSizeFor(ratings: number): DashboardDataSize {
  if (ratings >= 5_000_000) return { ...SIZE_10M, ratings };
  const scale = Math.max(0.05, ratings / SIZE_10M.ratings);
  return {
    ...SIZE_10M,
    ratings,
    engineers: Math.max(50, Math.round(SIZE_10M.engineers * Math.sqrt(scale))),
    stores: Math.max(20, Math.round(SIZE_10M.stores * Math.sqrt(scale))),
  };
}

async function openDatabase(): Promise<Database> {
  if (KIND === 'pglite') {
    const dir = path.join(os.tmpdir(), `rateloop-dashboard-${DATA_NAME}`);
    if (FRESH) fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    return openPglite(dir);
  }
  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server.');
  const name = `rateloop_dashboard_${DATA_NAME}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  if (FRESH) await admin.query(`drop database if exists ${name} with (force)`);
  const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (exists.rowCount === 0) await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return openPostgres(url.toString(), 10);
}

const elapsed = (t: number) => `${((performance.now() - t) / 1000).toFixed(1)} s`;

async function prepare(database: Database): Promise<Generated> {
  await runMigrations(database);
  await ensureDefaultTemplate(database.db);
  const progress = () => {
    let last = 0;
    return (done: number, total: number) => {
      if (performance.now() - last > 5000 || done === total) {
        last = performance.now();
        process.stderr.write(`\rgenerating: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} work orders`);
      }
    };
  };
  if (RESUME && (await generatedRatings(database)) > 0) {
    const t = performance.now();
    await resumeDashboardData(database, await defaultTemplateVersionId(database.db), sizeFor(RATINGS), progress());
    console.log(`\nresumed: ${(await generatedRatings(database)).toLocaleString('en')} ratings (${elapsed(t)})`);
    await rebuild(database);
    return generatedShape(database);
  }
  if ((await generatedRatings(database)) > 0) {
    console.log(`reusing the generated data (${await generatedRatings(database)} ratings)`);
    const [facts] = await queryOf(database)<{ n: string }>('select count(*)::text as n from rating_facts');
    if (REBUILD || facts?.n === '0') await rebuild(database);
    else await finishRollups(database);
    return generatedShape(database);
  }
  const templateVersionId = await defaultTemplateVersionId(database.db);
  const t = performance.now();
  const shape = await generateDashboardData(database, templateVersionId, sizeFor(RATINGS), progress());
  console.log(`\ngenerated ${(await generatedRatings(database)).toLocaleString('en')} ratings in ${elapsed(t)}`);
  await rebuild(database);
  return shape;
}

/**
 * `vacuum analyze` of the facts and rollups before measuring, as autovacuum would have done by then: the set-up writes
 * them in bulk, and until a vacuum sets their visibility map an index-only read still visits the heap. Quick when
 * nothing changed since the last run. PostgreSQL only (PGlite's autovacuum does not run; its runs measured without).
 */
async function vacuumAnalytics(database: Database) {
  if (KIND !== 'postgres') return;
  const t = performance.now();
  const tables = ['rating_facts', 'invitation_facts', 'rating_rollups', 'rating_dimension_rollups'];
  tables.push('store_touchpoint_rollups', 'invitation_funnel_rollups', 'comment_keyword_rollups', 'comment_terms');
  for (const table of tables) await queryOf(database)(`vacuum (analyze) ${table}`);
  console.log(`vacuum analyze of the facts and rollups: ${elapsed(t)}`);
}

/** Rolls up the facts a stopped run left listed (`analytics_unrolled`), so the figures are complete before measuring. */
async function finishRollups(database: Database) {
  const [left] = await queryOf(database)<{ n: number }>('select count(*)::int as n from analytics_unrolled');
  if (!left?.n) return;
  const t = performance.now();
  let shown = 0;
  await rollUpListedFromBothEnds(database, (phase, done, total) => {
    if (performance.now() - shown < 5000 && done < total) return;
    shown = performance.now();
    process.stderr.write(`\r${phase}: ${progressBar(done, total)} (${elapsed(t)})   `);
  });
  console.log(`\nrolled up the ${left.n.toLocaleString('en')} facts a stopped run had left listed in ${elapsed(t)}`);
}

/** `rebuildAnalytics`, the code behind `npm run analytics:rebuild` (or the generator's shortcut), timed. */
async function rebuild(database: Database) {
  const t = performance.now();
  if (FACTS === 'generator') {
    let shown = 0;
    await materialiseAnalytics(database, await defaultTemplateVersionId(database.db), (phase, done, total) => {
      if (performance.now() - shown < 5000 && done < total) return;
      shown = performance.now();
      process.stderr.write(`\r${phase}: ${progressBar(done, total)} (${elapsed(t)})   `);
    });
    console.log(`\nwrote the facts and rollups set-based (--facts=generator) in ${elapsed(t)}`);
    return;
  }
  let last = 0;
  const phases = new Map<string, number>();
  const rebuilt = await rebuildAnalytics(database.db, {
    onProgress: (p) => {
      if (!phases.has(p.phase)) phases.set(p.phase, performance.now());
      if (performance.now() - last < 5000) return;
      last = performance.now();
      process.stderr.write(`\rrebuilding: ${p.phase} ${progressBar(p.done, p.total)} (${elapsed(t)})   `);
    },
  });
  // Each phase runs from its first progress report to the next phase's (the first chunk's time is not counted).
  const starts = [...phases.entries()];
  const split = starts
    .map(([phase, at], i) => `${phase} ${(((starts[i + 1]?.[1] ?? performance.now()) - at) / 1000).toFixed(1)} s`)
    .join(', ');
  console.log(`\nrebuilt the analytics tables (${JSON.stringify(rebuilt)}) in ${elapsed(t)}: ${split}`);
}

interface Case {
  name: string;
  url: string;
  /** The same figure from the raw tables (summary requests only). */
  raw?: () => Promise<unknown>;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

function cases(shape: Generated, q: ReturnType<typeof queryOf>): Case[] {
  const today = new Date();
  const to = day(new Date(today.getTime() + 86_400_000));
  const ranges: [string, string][] = [
    ['week', day(new Date(today.getTime() - 6 * 86_400_000))],
    ['month', day(new Date(today.getTime() - 30 * 86_400_000))],
    ['year', day(new Date(today.getTime() - 364 * 86_400_000))],
  ];
  const region = shape.regionIds[1]!;
  const engineer = shape.engineerIds[Math.floor(shape.engineerIds.length / 3)]!;
  const store = shape.stores[Math.floor(shape.stores.length / 2)]!;
  const filters: [string, string, string][] = [
    ['no filter', '', 'true'],
    ['department subtree', `departmentId=${region}`, `w.region_id = '${region}'`],
    ['engineer', `engineerId=${engineer}`, `'${engineer}' = any(w.engineer_ids)`],
    ['store', `store=${encodeURIComponent(store)}`, `w.store = '${store.replaceAll("'", "''")}'`],
  ];
  const out: Case[] = [];
  for (const [rangeName, from] of ranges) {
    const granularity = rangeName === 'year' ? 'month' : 'day';
    for (const [filterName, filterQuery, rawWhere] of filters) {
      const qs = `from=${from}&to=${to}${filterQuery ? `&${filterQuery}` : ''}`;
      const label = `${rangeName}, ${filterName}`;
      out.push({
        name: `summary · ${label}`,
        url: `/api/v1/analytics/summary?${qs}`,
        // The plain aggregate a dashboard without rollups would run (the organisation is in Asia/Shanghai).
        raw: () =>
          q(
            `select count(*) as n, avg(r.score) as s, count(*) filter (where r.class = 'satisfied') as sat,
                    count(*) filter (where r.class = 'negative') as neg
               from ratings r join work_orders w on w.id = r.work_order_id
              where r.submitted_at >= ($1::date)::timestamp at time zone 'Asia/Shanghai'
                and r.submitted_at < ($2::date)::timestamp at time zone 'Asia/Shanghai' and ${rawWhere}`,
            [from, to],
          ),
      });
      out.push({ name: `trend · ${label}`, url: `/api/v1/analytics/trend?${qs}&granularity=${granularity}` });
      out.push({ name: `dimensions · ${label}`, url: `/api/v1/analytics/dimensions?${qs}&granularity=${granularity}` });
      out.push({ name: `distribution · ${label}`, url: `/api/v1/analytics/distribution?${qs}` });
      out.push({ name: `funnel · ${label}`, url: `/api/v1/analytics/funnel?${qs}` });
    }
  }
  return out;
}

/** Filter combinations no single rollup answers (the indexed fallback over the facts), 31 days and a year. */
function combinations(shape: Generated): Case[] {
  const today = new Date();
  const to = day(new Date(today.getTime() + 86_400_000));
  const month = day(new Date(today.getTime() - 30 * 86_400_000));
  const year = day(new Date(today.getTime() - 364 * 86_400_000));
  const combos = [
    `departmentId=${shape.regionIds[2]}&store=${encodeURIComponent(shape.stores[3]!)}`,
    `engineerId=${shape.engineerIds[7]}&channel=sms`,
    `serviceTypeId=${shape.serviceTypeIds[0]}&departmentId=${shape.teamIds[5]}`,
    `store=${encodeURIComponent(shape.stores[9]!)}&channel=qr&source=customer`,
    `serviceTypeId=${shape.serviceTypeIds[1]}&channel=email`,
  ];
  return combos.flatMap((c, i) => [
    { name: `combination ${i + 1}, 31 days · summary`, url: `/api/v1/analytics/summary?from=${month}&to=${to}&${c}` },
    { name: `combination ${i + 1}, 31 days · trend`, url: `/api/v1/analytics/trend?from=${month}&to=${to}&${c}` },
    { name: `combination ${i + 1}, a year · summary`, url: `/api/v1/analytics/summary?from=${year}&to=${to}&${c}` },
  ]);
}

/**
 * The reports of issue 18 (Analytics II) over a month and a year: each p95 ≤ 100 ms, keywords for a month ≤ 200 ms
 * (a year's keywords and the drift watch, which always reads 26 weeks, are measured too).
 */
function reportCases(shape: Generated): Case[] {
  const today = new Date();
  const to = day(new Date(today.getTime() + 86_400_000));
  const region = shape.regionIds[1]!;
  const engineer = shape.engineerIds[Math.floor(shape.engineerIds.length / 3)]!;
  const store = encodeURIComponent(shape.stores[Math.floor(shape.stores.length / 2)]!);
  const out: Case[] = [];
  for (const [range, from] of [
    ['month', day(new Date(today.getTime() - 30 * 86_400_000))],
    ['year', day(new Date(today.getTime() - 364 * 86_400_000))],
  ] as const) {
    const period = `from=${from}&to=${to}`;
    const granularity = range === 'year' ? 'month' : 'day';
    out.push(
      { name: `rankings · engineers, ${range}`, url: `/api/v1/analytics/rankings?by=engineer&${period}` },
      {
        name: `rankings · engineers of a region, ${range}`,
        url: `/api/v1/analytics/rankings?by=engineer&departmentId=${region}&${period}`,
      },
      { name: `rankings · departments, ${range}`, url: `/api/v1/analytics/rankings?by=department&${period}` },
      {
        name: `member page · engineer, ${range}`,
        url: `/api/v1/analytics/members/engineer/${engineer}?${period}&granularity=${granularity}`,
      },
      {
        name: `member page · region, ${range}`,
        url: `/api/v1/analytics/members/department/${region}?${period}&granularity=${granularity}`,
      },
      { name: `store ranking, ${range}`, url: `/api/v1/analytics/stores?${period}` },
      { name: `store page, ${range}`, url: `/api/v1/analytics/stores/${store}?${period}` },
      { name: `keywords, ${range}`, url: `/api/v1/analytics/keywords?${period}` },
      { name: `keywords · a region, ${range}`, url: `/api/v1/analytics/keywords?departmentId=${region}&${period}` },
      { name: `key drivers, ${range}`, url: `/api/v1/analytics/drivers?${period}` },
      { name: `key drivers · a region, ${range}`, url: `/api/v1/analytics/drivers?departmentId=${region}&${period}` },
    );
  }
  out.push(
    { name: 'drift watch · engineers (26 weeks)', url: '/api/v1/analytics/drift?by=engineer' },
    { name: 'drift watch · departments (26 weeks)', url: '/api/v1/analytics/drift?by=department' },
    { name: 'drift chart · an engineer (26 weeks)', url: `/api/v1/analytics/drift/engineer/${engineer}` },
  );
  return out;
}

/** Issue 18's targets: keywords over a month ≤ 200 ms, a year's keywords reported, every other report ≤ 100 ms. */
const reportTarget = (name: string): number | null =>
  name.startsWith('keywords') ? (name.endsWith('month') ? 200 : null) : 100;

async function main() {
  const database = await openDatabase();
  const shape = await prepare(database);
  await vacuumAnalytics(database);
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', WEB_DIST_DIR: '/nonexistent' });
  const appSecret = await ensureAppSecret(database.db);
  const log = pino({ level: 'silent' });
  const jobs = new JobQueue(database, log, { config, appSecret, now: () => new Date() });
  jobs.register(...jobDefinitions);
  await jobs.start();
  const ctx: AppContext = { config, database, db: database.db, jobs, log, appSecret };
  const app = await buildApp(ctx);
  const key = await createApiKey(database.db, SYSTEM_ACTOR, { name: 'dashboard bench', scopes: ['analytics:read'] });
  const headers = { authorization: `Bearer ${key.key}` };
  const q = queryOf(database);

  const all = (REPORTS ? reportCases(shape) : [...cases(shape, q), ...combinations(shape)]).filter((c) =>
    c.name.includes(ONLY),
  );
  const times = new Map<string, number[]>();
  const rawTimes = new Map<string, number[]>();
  const mismatches: string[] = [];
  // Warm-up: each request once (plans, caches), and the count checked against the raw aggregate.
  // The reports keep the settled days' sums in memory (settled-sums.ts): the first request of each computes them.
  const firstTimes = new Map<string, number>();
  for (const c of all) {
    const t0 = performance.now();
    const res = await app.inject({ method: 'GET', url: c.url, headers });
    firstTimes.set(c.name, performance.now() - t0);
    if (res.statusCode !== 200) throw new Error(`${c.name}: ${res.statusCode} ${res.body}`);
    if (c.raw) {
      const [raw] = (await c.raw()) as { n: string; s: number | null }[];
      const body = res.json() as { count: number; averageScore: number | null };
      const same =
        Number(raw!.n) === body.count && Math.abs((raw!.s ?? 0) - (body.averageScore ?? 0)) < 1e-6 * (1 + body.count);
      if (!same) mismatches.push(`${c.name}: API ${body.count} / ${body.averageScore}, raw ${raw!.n} / ${raw!.s}`);
    }
  }
  const target = (name: string) =>
    REPORTS
      ? reportTarget(name)
      : name.startsWith('combination')
        ? name.includes('31 days')
          ? 500
          : null
        : KIND === 'postgres'
          ? 50
          : 100;
  // A request with no target (only reported: a year over a filter combination, seconds each at 10 M) and the raw
  // aggregates are timed in the first REPORTED_RUNS rounds only, or a 10 M run would take an hour.
  const REPORTED_RUNS = 3;
  // Interleaved: every request once per round, so a noisy moment touches all of them alike.
  for (let run = 0; run < RUNS; run++) {
    for (const c of all) {
      if (target(c.name) === null && run >= REPORTED_RUNS) continue;
      const t = performance.now();
      const res = await app.inject({ method: 'GET', url: c.url, headers });
      const ms = performance.now() - t;
      if (res.statusCode !== 200) throw new Error(`${c.name}: ${res.statusCode}`);
      times.set(c.name, [...(times.get(c.name) ?? []), ms]);
      if (c.raw && run < REPORTED_RUNS) {
        const t2 = performance.now();
        await c.raw();
        rawTimes.set(c.name, [...(rawTimes.get(c.name) ?? []), performance.now() - t2]);
      }
    }
    process.stderr.write(`\rround ${run + 1} / ${RUNS}`);
  }
  console.log('');
  const lines = [
    `### ${REPORTS ? 'Reports (#18) · ' : ''}${KIND === 'postgres' ? 'PostgreSQL' : 'PGlite'}, ${RATINGS.toLocaleString('en')} ratings (${new Date().toISOString().slice(0, 16)}Z, load average ${os
      .loadavg()
      .map((v) => v.toFixed(1))
      .join(' ')}, ${RUNS} runs each)`,
    '',
    REPORTS
      ? '| request | p50 ms | p95 ms | target p95 | met? | first request ms |'
      : '| request | p50 ms | p95 ms | target p95 | met? | raw aggregate p50 ms | raw / rollup |',
    REPORTS ? '|---|---|---|---|---|---|' : '|---|---|---|---|---|---|---|',
  ];
  let met = 0;
  let measured = 0;
  for (const c of all) {
    const list = times.get(c.name)!;
    const p95 = percentile(list, 95);
    const goal = target(c.name);
    const ok = goal === null ? null : p95 <= goal;
    if (ok !== null) {
      measured += 1;
      if (ok) met += 1;
    }
    const raw = rawTimes.get(c.name);
    const rawP50 = raw ? percentile(raw, 50) : null;
    const row = `| ${c.name} | ${percentile(list, 50).toFixed(1)} | ${p95.toFixed(1)} | ${goal === null ? 'reported' : `≤ ${goal}`} | ${ok === null ? '' : ok ? 'yes' : '**no**'} |`;
    lines.push(
      REPORTS
        ? `${row} ${firstTimes.get(c.name)!.toFixed(1)} |`
        : `${row} ${rawP50 === null ? '' : rawP50.toFixed(1)} | ${rawP50 === null ? '' : `${(rawP50 / percentile(list, 50)).toFixed(0)}×`} |`,
    );
  }
  lines.push(
    '',
    `${met} of ${measured} targets met; API figures equal to the raw aggregate: ${mismatches.length === 0 ? 'all' : `**${mismatches.length} mismatches**`}`,
  );
  for (const m of mismatches) lines.push(`- ${m}`);
  console.log(lines.join('\n'));
  await app.close();
  await jobs.stop(1000);
  await database.close();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
