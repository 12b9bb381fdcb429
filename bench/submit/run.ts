/**
 * Submission and rating-page benchmark (issues 6 and 15), driven by autocannon in this process against the real
 * application on a fresh database. Every invitation belongs to a completed work order whose workflow rating node
 * created it (a few through the services, the rest copied from those with SQL: `harness.ts`), and every request
 * uses a distinct invitation. Per database, 50 connections, `--seconds` each:
 *   1. baseline: a bench-only route on the same Fastify instance that inserts the same JSON body with a named
 *      prepared statement (before and after the rest; the ratio uses the mean);
 *   2. JSON submissions `POST /api/v1/public/invitations/<token>/ratings`, cold (the client never asked for the
 *      invitation) and warm (each token's `GET /api/v1/public/invitations/<token>` fetched before, as an app does);
 *   3. the rating page `GET /r/<token>`, first openings, as a phone asks for it, with the server's own time;
 *   4. the no-JS path: `POST /r/<token>` (the form token from a GET before) → 303 → `GET /r/<token>/thanks`.
 * After each submitting run: ratings stored == 201s (303s), and as many rating nodes completed.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/submit/run.ts [--db=postgres|pglite|both] [--seconds=8] [--connections=50] [--pool-factor=1]
 *   (or `npm run bench:submit -- --db=both --seconds=5`)
 * The Markdown table at the end pastes into BENCHMARKS.md. A run marked "POOL EXHAUSTED" wanted more distinct
 * invitations than were prepared (sized from the baseline's rate × --pool-factor): rerun with a larger factor.
 */
import os from 'node:os';
import type { FastifyInstance } from 'fastify';
import { FORM_TOKEN_FIELD } from '../../src/common/rating-page/index.js';
import type { Database } from '../../src/server/db/client.js';
import { DEFAULT_TEMPLATE_ANSWERS, DEFAULT_TEMPLATE_FORM } from '../../test/support/invitations.js';
import { cpuPerRequest, cpuSample } from '../cpu.js';
import {
  type CannonRequest,
  cannon,
  drainRequest,
  EXHAUSTED_PATH,
  header,
  percentile,
  type RunResult,
  TokenPool,
} from './cannon.js';
import {
  type BenchApp,
  copyRatedWorkOrders,
  type DbKind,
  outcomeCounts,
  seedRatedWorkOrders,
  startBenchApp,
} from './harness.js';

const arg = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const SECONDS = Number(arg('seconds', '8'));
const CONNECTIONS = Number(arg('connections', '50'));
/** Distinct invitations prepared per run, as a multiple of what the baseline's rate would use up. */
const POOL_FACTOR = Number(arg('pool-factor', '1'));
const dbArg = arg('db', 'both');
const kinds: DbKind[] = dbArg === 'both' ? ['postgres', 'pglite'] : [dbArg as DbKind];

const BODY = JSON.stringify({ answers: DEFAULT_TEMPLATE_ANSWERS });
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };
const PHONE_HEADERS = { accept: 'text/html', 'accept-encoding': 'gzip, deflate, br' };
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

/** The baseline: one INSERT of the same JSON body with a prepared (named) statement, nothing else. */
function benchRoutes(app: FastifyInstance, database: Database) {
  const text = 'insert into bench_baseline (payload) values ($1) returning id';
  app.post('/bench/baseline', { schema: { hide: true } }, async (req) => {
    const values = [JSON.stringify(req.body)];
    const rows = database.pool
      ? (await database.pool.query({ name: 'bench_baseline_insert', text, values })).rows
      : (await database.sql.query(text, values)).rows;
    return { id: (rows[0] as { id: string }).id };
  });
  // A drained connection asks this until the others are done: slowly, so it does not take CPU from them.
  app.get(EXHAUSTED_PATH, { schema: { hide: true } }, async (_req, reply) => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    return reply.code(204).send();
  });
}

/** Which route a request is for, for the server-time listener. */
function routeOf(method: string | undefined, url: string | undefined): string | null {
  if (!url) return null;
  const p = url.split('?')[0]!;
  if (p === '/bench/baseline') return 'baseline';
  if (/^\/r\/[^/]+$/.test(p)) return `${method} /r/:token`;
  if (/^\/r\/[^/]+\/thanks$/.test(p)) return 'GET /r/:token/thanks';
  if (/^\/api\/v1\/public\/invitations\/[^/]+\/ratings$/.test(p)) return 'POST ratings';
  if (/^\/api\/v1\/public\/invitations\/[^/]+$/.test(p)) return 'GET invitation';
  return null;
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');
const int = (v: number) => Math.round(v).toLocaleString('en');

interface Line {
  result: RunResult;
  server?: { p50: number; p99: number };
  /** CPU milliseconds per answered request: this process, and the PostgreSQL backends of the bench database. */
  cpu?: { nodeMs: number; postgresMs: number };
  note?: string;
}

function fmt(name: string, l: Line) {
  const r = l.result;
  const server = l.server ? `  server p50 ${ms(l.server.p50)} / p99 ${ms(l.server.p99)} ms` : '';
  const cpu = l.cpu ? `  cpu/req node ${l.cpu.nodeMs.toFixed(2)} + pg ${l.cpu.postgresMs.toFixed(2)} ms` : '';
  return (
    `${name.padEnd(34)} ${int(r.perSecond).padStart(6)}/s  p50 ${ms(r.p50).padStart(6)} ms  p99 ${ms(r.p99).padStart(7)} ms` +
    `${server}${cpu}  (${r.responses} answered by ${r.seconds.toFixed(1)} s incl. drain, statuses ${JSON.stringify(r.statuses)}` +
    `${r.errors ? `, ${r.errors} ERRORS` : ''}${r.exhausted ? ', POOL EXHAUSTED: raise --pool-factor' : ''})` +
    `${l.note ? `\n${' '.repeat(35)}${l.note}` : ''}`
  );
}

const statusCount = (r: RunResult, code: number) => r.statuses[String(code)] ?? 0;

interface DbResult {
  kind: DbKind;
  load: string;
  base: Line;
  base2: Line;
  cold: Line;
  warmGet: Line;
  warm: Line;
  warmHalf: Line;
  page: Line;
  pageHalf: Line;
  noJs: Line;
  noJsPost: { perSecond: number; p50: number; p99: number };
  checks: string[];
}

async function benchOne(kind: DbKind): Promise<DbResult> {
  const load = os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
  console.log(`\n== ${kind}: setting up (load average ${load}) ==`);
  const bench = await startBenchApp(kind, benchRoutes);
  try {
    return await measure(bench, kind, load);
  } finally {
    // Also after a failure: a PostgreSQL bench database or PGlite folder is not left behind.
    await bench.close();
  }
}

async function measure(bench: BenchApp, kind: DbKind, load: string): Promise<DbResult> {
  await bench.query(
    'create table bench_baseline (id uuid primary key default gen_random_uuid(), payload jsonb not null, ' +
      'created_at timestamptz not null default now())',
  );
  const serverTimes = new Map<string, number[]>();
  bench.app.server.prependListener('request', (req, res) => {
    const route = routeOf(req.method, req.url);
    if (!route) return;
    const t0 = performance.now();
    res.once('finish', () => {
      const list = serverTimes.get(route) ?? [];
      list.push(performance.now() - t0);
      serverTimes.set(route, list);
    });
  });
  const serverTime = (route: string) => {
    const list = serverTimes.get(route) ?? [];
    return { p50: percentile(list, 50), p99: percentile(list, 99) };
  };

  const seeds = await seedRatedWorkOrders(bench, 3);
  const seed = seeds[0]!;
  const checks: string[] = [];
  /** The CPU cost of the last `run`, per answered request. */
  let lastCpu = { nodeMs: 0, postgresMs: 0 };
  const pgQuery = kind === 'postgres' ? bench.query : null;
  const run = async (requests: CannonRequest[], pool?: TokenPool<unknown>, amount?: number, overallRate?: number) => {
    serverTimes.clear();
    const before = await cpuSample(pgQuery);
    const result = await cannon({
      url: bench.url,
      connections: CONNECTIONS,
      seconds: SECONDS,
      requests,
      pool,
      amount,
      overallRate,
    });
    lastCpu = cpuPerRequest(before, await cpuSample(pgQuery), result.responses);
    return result;
  };

  // Requests
  const baseline: CannonRequest[] = [{ method: 'POST', path: '/bench/baseline', body: BODY, headers: JSON_HEADERS }];
  const jsonSubmit = (pool: TokenPool<string>): CannonRequest[] => [
    {
      method: 'POST',
      body: BODY,
      headers: JSON_HEADERS,
      setupRequest: (req) => {
        const token = pool.take();
        return token ? { ...req, path: `/api/v1/public/invitations/${token}/ratings` } : drainRequest(req);
      },
    },
  ];

  // Warm-up: JIT, pool connections, prepared statements, caches (its ratings are counted like the others).
  await cannon({ url: bench.url, connections: CONNECTIONS, seconds: 1, requests: baseline });
  const warmupPool = new TokenPool(await copyRatedWorkOrders(bench, seed, 2000));
  await cannon({ url: bench.url, connections: CONNECTIONS, seconds: 1, requests: jsonSubmit(warmupPool) });

  /** Runs a submitting phase and checks ratings and completed nodes against its `created` count. */
  const submitting = async (name: string, created: (r: RunResult) => number, go: () => Promise<RunResult>) => {
    const before = await outcomeCounts(bench);
    const result = await go();
    const want = created(result);
    let after = await outcomeCounts(bench);
    // Completing the node may be left to a job by a later design: give it a few seconds.
    for (let i = 0; i < 50 && after.nodesCompleted - before.nodesCompleted < want; i++) {
      await new Promise((r) => setTimeout(r, 200));
      after = await outcomeCounts(bench);
    }
    const ratings = after.ratings - before.ratings;
    const nodes = after.nodesCompleted - before.nodesCompleted;
    const ok = ratings === want && nodes === want;
    checks.push(
      `${kind} ${name}: ${want} created answers, ${ratings} ratings stored, ${nodes} rating nodes completed — ${ok ? 'OK' : 'MISMATCH'}`,
    );
    return result;
  };
  const poolSize = (rate: number) => Math.ceil(Math.max(rate, 200) * SECONDS * POOL_FACTOR) + 1000;

  console.log(`== ${kind}: measuring (${CONNECTIONS} connections, ${SECONDS} s each) ==`);
  // 1. Baseline.
  const base: Line = { result: await run(baseline), cpu: lastCpu };
  console.log(fmt('baseline insert', base));

  // 2a. JSON submissions, cold.
  const coldPool = new TokenPool(await copyRatedWorkOrders(bench, seed, poolSize(base.result.perSecond)));
  const cold: Line = {
    result: await submitting(
      'JSON cold',
      (r) => statusCount(r, 201),
      () => run(jsonSubmit(coldPool), coldPool),
    ),
  };
  cold.server = serverTime('POST ratings');
  cold.cpu = lastCpu;
  console.log(fmt('JSON submission, cold', cold));

  // 2b. Warm: each token's GET first (an app shows the form), then the timed submissions.
  const warmTokens = await copyRatedWorkOrders(bench, seed, poolSize(cold.result.perSecond * 2));
  const getPool = new TokenPool(warmTokens);
  const fetched: string[] = [];
  const warmGet: Line = {
    result: await run(
      [
        {
          method: 'GET',
          headers: JSON_HEADERS,
          setupRequest: (req, context) => {
            const token = getPool.take();
            (context as { token?: string }).token = token;
            return token ? { ...req, path: `/api/v1/public/invitations/${token}` } : drainRequest(req);
          },
          onResponse: (status, _body, context) => {
            const token = (context as { token?: string }).token;
            if (token && status === 200) fetched.push(token);
          },
        },
      ],
      undefined,
      warmTokens.length,
    ),
  };
  warmGet.server = serverTime('GET invitation');
  console.log(fmt('  (JSON GET before, first openings)', warmGet));
  // Only the tokens whose GET was answered (autocannon may prepare a last request per connection it never sends).
  const warmPool = new TokenPool(fetched);
  const warm: Line = {
    result: await submitting(
      'JSON warm',
      (r) => statusCount(r, 201),
      () => run(jsonSubmit(warmPool), warmPool),
    ),
  };
  warm.server = serverTime('POST ratings');
  warm.cpu = lastCpu;
  console.log(fmt('JSON submission, warm (GET before)', warm));

  // 2c. Warm submissions below saturation (open loop at half the warm rate; see 3b).
  const warmRate = Math.max(10, Math.round(warm.result.perSecond / 2));
  const halfTokens = await copyRatedWorkOrders(bench, seed, warmRate * SECONDS + 500);
  const halfGetPool = new TokenPool(halfTokens);
  const halfFetched: string[] = [];
  await run(
    [
      {
        method: 'GET',
        headers: JSON_HEADERS,
        setupRequest: (req, context) => {
          const token = halfGetPool.take();
          (context as { token?: string }).token = token;
          return token ? { ...req, path: `/api/v1/public/invitations/${token}` } : drainRequest(req);
        },
        onResponse: (status, _body, context) => {
          const token = (context as { token?: string }).token;
          if (token && status === 200) halfFetched.push(token);
        },
      },
    ],
    undefined,
    halfTokens.length,
  );
  const halfPool = new TokenPool(halfFetched);
  const warmHalf: Line = {
    result: await submitting(
      'JSON warm, half rate',
      (r) => statusCount(r, 201),
      () => run(jsonSubmit(halfPool), halfPool, undefined, warmRate),
    ),
    note: `open loop at ${warmRate} /s`,
  };
  warmHalf.server = serverTime('POST ratings');
  warmHalf.cpu = lastCpu;
  console.log(fmt('JSON submission, warm, half rate', warmHalf));

  // 3. The rating page, first openings of never-opened links, as a phone asks for it.
  const pageRequest = (pool: TokenPool<string>): CannonRequest[] => [
    {
      method: 'GET',
      headers: PHONE_HEADERS,
      setupRequest: (req) => {
        const token = pool.take();
        return token ? { ...req, path: `/r/${token}` } : drainRequest(req);
      },
    },
  ];
  const pagePool = new TokenPool(await copyRatedWorkOrders(bench, seed, poolSize(base.result.perSecond)));
  const page: Line = { result: await run(pageRequest(pagePool), pagePool) };
  page.server = serverTime('GET /r/:token');
  page.cpu = lastCpu;
  console.log(fmt('rating page GET /r/<token>', page));

  // 3b. The same 50 clients below saturation (open loop at half the rate just measured): in a closed loop at
  // saturation every request waits for the others (Little's law: latency ≈ connections / throughput), so this is the
  // latency a customer sees when the server is busy but not overrun.
  const pageRate = Math.max(10, Math.round(page.result.perSecond / 2));
  const pageHalfPool = new TokenPool(await copyRatedWorkOrders(bench, seed, pageRate * SECONDS + 500));
  const pageHalf: Line = {
    result: await run(pageRequest(pageHalfPool), pageHalfPool, undefined, pageRate),
    note: `open loop at ${pageRate} /s`,
  };
  pageHalf.server = serverTime('GET /r/:token');
  pageHalf.cpu = lastCpu;
  console.log(fmt('rating page at half that rate', pageHalf));

  // 4. No-JS: the form (uncompressed, to read its form token) before, then POST → 303 → GET thanks.
  const formTokens = await copyRatedWorkOrders(bench, seed, poolSize(cold.result.perSecond * 1.5));
  const formGetPool = new TokenPool(formTokens);
  const forms: { token: string; formToken: string }[] = [];
  const fieldPattern = new RegExp(`name="${FORM_TOKEN_FIELD}" value="([^"]+)"`);
  await run(
    [
      {
        method: 'GET',
        headers: { accept: 'text/html' },
        setupRequest: (req, context) => {
          const token = formGetPool.take();
          (context as { token?: string }).token = token;
          return token ? { ...req, path: `/r/${token}` } : drainRequest(req);
        },
        onResponse: (status, body, context) => {
          const token = (context as { token?: string }).token;
          const m = status === 200 ? fieldPattern.exec(body) : null;
          if (token && m) forms.push({ token, formToken: m[1]!.replaceAll('&amp;', '&') });
        },
      },
    ],
    undefined,
    formTokens.length,
  );
  const formPool = new TokenPool(forms);
  const noJsResult = await submitting(
    'no-JS form',
    (r) => statusCount(r, 303),
    () =>
      run(
        [
          {
            method: 'POST',
            headers: FORM_HEADERS,
            setupRequest: (req) => {
              const form = formPool.take();
              if (!form) return drainRequest(req);
              return {
                ...req,
                path: `/r/${form.token}`,
                body: `${DEFAULT_TEMPLATE_FORM}&${FORM_TOKEN_FIELD}=${encodeURIComponent(form.formToken)}`,
              };
            },
            onResponse: (status, _body, context, headers) => {
              (context as { location?: string }).location = status === 303 ? header(headers, 'location') : undefined;
            },
          },
          {
            method: 'GET',
            headers: { accept: 'text/html' },
            // No 303 (an error, or the pool ran out): start over with the next form.
            setupRequest: (req, context) => {
              const location = (context as { location?: string }).location;
              // autocannon restarts the sequence on a falsy return; its types do not say so.
              return location ? { ...req, path: location } : (undefined as unknown as CannonRequest);
            },
          },
        ],
        formPool,
      ),
  );
  const noJs: Line = {
    result: noJsResult,
    server: serverTime('POST /r/:token'),
    note: `thanks page: server p50 ${ms(serverTime('GET /r/:token/thanks').p50)} / p99 ${ms(serverTime('GET /r/:token/thanks').p99)} ms`,
  };
  const posts = noJsResult.byStatus.get(303) ?? [];
  const noJsPost = {
    perSecond: (noJsResult.inWindow.get(303) ?? 0) / SECONDS,
    p50: percentile(posts, 50),
    p99: percentile(posts, 99),
  };
  console.log(fmt('no-JS POST → 303 → GET thanks', noJs));
  console.log(
    `${'  of which POST /r/<token> (303)'.padEnd(34)} ${int(noJsPost.perSecond).padStart(6)}/s  p50 ${ms(noJsPost.p50).padStart(6)} ms  p99 ${ms(noJsPost.p99).padStart(7)} ms`,
  );

  // 5. Baseline again.
  const base2: Line = { result: await run(baseline), cpu: lastCpu };
  console.log(fmt('baseline insert, again', base2));

  const baseRate = (base.result.perSecond + base2.result.perSecond) / 2;
  const pct = (v: number) => `${((v / baseRate) * 100).toFixed(0)} %`;
  console.log(
    `submissions/s = ${pct(cold.result.perSecond)} (cold), ${pct(warm.result.perSecond)} (warm) of the baseline ` +
      `(target ≥ 70 %); p99 ${ms(cold.result.p99)} / ${ms(warm.result.p99)} ms (target ≤ ${kind === 'postgres' ? 50 : 100} ms)`,
  );
  for (const c of checks) console.log(c);
  const all = [base, cold, warmGet, warm, warmHalf, page, pageHalf, noJs, base2];
  const failed = all.filter((l) => l.result.errors > 0 || l.result.exhausted);
  if (failed.length) console.log(`${kind}: ${failed.length} run(s) had errors or ran out of invitations (see above)`);
  return { kind, load, base, base2, cold, warmGet, warm, warmHalf, page, pageHalf, noJs, noJsPost, checks };
}

const cpuTotal = (c?: { nodeMs: number; postgresMs: number }) => (c ? c.nodeMs + c.postgresMs : Number.NaN);
const cpuCell = (c?: { nodeMs: number; postgresMs: number }) =>
  c ? `${c.nodeMs.toFixed(2)} + ${c.postgresMs.toFixed(2)} = ${cpuTotal(c).toFixed(2)} ms` : '–';

function markdown(results: DbResult[]) {
  const baseRate = (r: DbResult) => (r.base.result.perSecond + r.base2.result.perSecond) / 2;
  const rate = (v: number) => `${int(v)} /s`;
  const lat = (l: { p50: number; p99: number }) => `${ms(l.p50)} / ${ms(l.p99)} ms`;
  const rows: [string, (r: DbResult) => string][] = [
    ['load average at start (1/5/15 min)', (r) => r.load],
    [
      'baseline insert (before → after)',
      (r) => `${rate(r.base.result.perSecond)} → ${rate(r.base2.result.perSecond)} (mean ${int(baseRate(r))})`,
    ],
    [
      'JSON submissions/s, cold',
      (r) => `${rate(r.cold.result.perSecond)} = **${((r.cold.result.perSecond / baseRate(r)) * 100).toFixed(0)} %**`,
    ],
    ['JSON submission p50 / p99, cold', (r) => lat(r.cold.result)],
    ['JSON submission server p50 / p99, cold', (r) => lat(r.cold.server ?? { p50: Number.NaN, p99: Number.NaN })],
    [
      'JSON submissions/s, warm (GET before)',
      (r) => `${rate(r.warm.result.perSecond)} = **${((r.warm.result.perSecond / baseRate(r)) * 100).toFixed(0)} %**`,
    ],
    ['JSON submission p50 / p99, warm', (r) => lat(r.warm.result)],
    ['CPU ms per request, baseline (node + PostgreSQL backends)', (r) => cpuCell(r.base.cpu)],
    ['CPU ms per request, warm submission', (r) => cpuCell(r.warm.cpu)],
    [
      'CPU cost ratio baseline / warm submission (the throughput ratio if CPU-bound)',
      (r) => `${((cpuTotal(r.base.cpu) / cpuTotal(r.warm.cpu)) * 100).toFixed(0)} %`,
    ],
    [
      'JSON GET invitation (first opening) /s, p50 / p99',
      (r) => `${rate(r.warmGet.result.perSecond)}, ${lat(r.warmGet.result)}`,
    ],
    ['rating page first openings /s', (r) => rate(r.page.result.perSecond)],
    ['rating page latency p50 / p99', (r) => lat(r.page.result)],
    ['rating page **server** p50 / p99', (r) => lat(r.page.server ?? { p50: Number.NaN, p99: Number.NaN })],
    [
      'rating page at half that rate (open loop, 50 clients): rate, server p50 / p99, client p99',
      (r) =>
        `${rate(r.pageHalf.result.perSecond)}, ${lat(r.pageHalf.server ?? { p50: Number.NaN, p99: Number.NaN })}, ${ms(r.pageHalf.result.p99)} ms`,
    ],
    [
      'warm submissions at half rate (open loop): rate, server p50 / p99, client p99',
      (r) =>
        `${rate(r.warmHalf.result.perSecond)}, ${lat(r.warmHalf.server ?? { p50: Number.NaN, p99: Number.NaN })}, ${ms(r.warmHalf.result.p99)} ms`,
    ],
    ['no-JS POST /r/<token> (→ 303) /s', (r) => rate(r.noJsPost.perSecond)],
    ['no-JS POST p50 / p99 (client)', (r) => lat(r.noJsPost)],
    ['no-JS POST server p50 / p99', (r) => lat(r.noJs.server ?? { p50: Number.NaN, p99: Number.NaN })],
    [
      'errors (non-2xx/3xx) / pool exhausted',
      (r) => {
        const lines = [r.base, r.cold, r.warmGet, r.warm, r.warmHalf, r.page, r.pageHalf, r.noJs, r.base2];
        return `${lines.reduce((s, l) => s + l.result.errors, 0)} / ${lines.some((l) => l.result.exhausted) ? 'yes' : 'no'}`;
      },
    ],
    ['ratings == 201/303s == nodes completed', (r) => (r.checks.every((c) => c.endsWith('OK')) ? 'yes' : '**no**')],
  ];
  const names = results.map((r) => (r.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'));
  const out = [`| measure | ${names.join(' | ')} |`, `|---|${names.map(() => '---|').join('')}`];
  for (const [label, cell] of rows) out.push(`| ${label} | ${results.map(cell).join(' | ')} |`);
  return out.join('\n');
}

const results: DbResult[] = [];
for (const kind of kinds) results.push(await benchOne(kind));
console.log(
  `\n### Results (${new Date().toISOString().slice(0, 10)}, ${CONNECTIONS} connections, ${SECONDS} s per run, ${os.cpus().length} CPUs)\n`,
);
console.log(markdown(results));
process.exit(0);
