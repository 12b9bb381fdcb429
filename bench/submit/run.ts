/**
 * Submission benchmark (issue 6): valid ratings posted to `POST /api/v1/public/invitations/<token>/ratings` for
 * distinct invitations over 50 keep-alive connections, against a baseline route on the same Fastify instance that
 * inserts one row with a prepared statement; then the rating page (`GET /r/<token>`) under the same load, with its
 * server time. Ratios are what to compare across machines: both sides are measured in the same run.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/submit/run.ts [--db=postgres|pglite|both] [--seconds=8]
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/server/db/client.js';
import { DEFAULT_TEMPLATE_ANSWERS } from '../../test/support/invitations.js';
import { createInvitations, type DbKind, startBenchApp } from './harness.js';
import { type LoadRequest, type LoadResult, percentile, runLoad } from './load.js';

const arg = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const SECONDS = Number(arg('seconds', '8'));
const CONNECTIONS = Number(arg('connections', '50'));
const kinds: DbKind[] = arg('db', 'both') === 'both' ? ['postgres', 'pglite'] : [arg('db', 'both') as DbKind];

const BODY = JSON.stringify({ answers: DEFAULT_TEMPLATE_ANSWERS });
const JSON_HEADERS = { 'content-type': 'application/json' };

/** The baseline: one INSERT of the same JSON body with a prepared (named) statement, nothing else. */
function baselineRoute(app: FastifyInstance, database: Database) {
  const text = 'insert into bench_baseline (payload) values ($1) returning id';
  app.post('/bench/baseline', { schema: { hide: true } }, async (req) => {
    const values = [JSON.stringify(req.body)];
    const rows = database.pool
      ? (await database.pool.query({ name: 'bench_baseline_insert', text, values })).rows
      : (await database.sql.query(text, values)).rows;
    return { id: (rows[0] as { id: string }).id };
  });
}

const fmt = (r: LoadResult) =>
  `${r.perSecond.toFixed(0).padStart(6)}/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99
    .toFixed(1)
    .padStart(6)} ms  (${r.requests} requests, statuses ${JSON.stringify(r.statuses)})`;

async function benchOne(kind: DbKind) {
  const bench = await startBenchApp(kind, baselineRoute);
  await bench.database.sql.query(
    'create table bench_baseline (id uuid primary key default gen_random_uuid(), payload jsonb not null, ' +
      'created_at timestamptz not null default now())',
  );
  const serverTimes: number[] = [];
  bench.app.server.prependListener('request', (req, res) => {
    if (!req.url?.startsWith('/r/')) return;
    const t0 = performance.now();
    res.once('finish', () => serverTimes.push(performance.now() - t0));
  });

  const perSecondGuess = kind === 'postgres' ? 5000 : 2000;
  const tokens = await createInvitations(bench, perSecondGuess * (2 * SECONDS + 2) + 20_000);
  let next = 0;
  const submit = (): LoadRequest | null => {
    const token = tokens[next++];
    return token
      ? { method: 'POST', path: `/api/v1/public/invitations/${token}/ratings`, body: BODY, headers: JSON_HEADERS }
      : null;
  };
  const baseline = (): LoadRequest => ({ method: 'POST', path: '/bench/baseline', body: BODY, headers: JSON_HEADERS });
  const load = (seconds: number, nextRequest: () => LoadRequest | null, url = bench.url) =>
    runLoad({ url, connections: CONNECTIONS, seconds, next: nextRequest });

  await load(1, baseline); // warm-up: JIT, pool connections, prepared statements
  await load(1, submit);
  const base = await load(SECONDS, baseline);
  const subs = await load(SECONDS, submit);
  const base2 = await load(SECONDS, baseline);
  // The same without the workflow step (rating node completion): one statement, no transaction.
  const withoutWorkflow = await bench.variant({ completeRatingNodeOnSubmission: false });
  const bare = await load(SECONDS, submit, withoutWorkflow.url);
  await withoutWorkflow.close();

  // The page: first openings of fresh links (each records "opened": the expensive case), as a phone asks for it.
  const pageTokens = tokens.slice(next);
  let p = 0;
  const page = (): LoadRequest | null => {
    const token = pageTokens[p++];
    return token
      ? { method: 'GET', path: `/r/${token}`, headers: { 'accept-encoding': 'gzip, deflate, br', accept: 'text/html' } }
      : null;
  };
  serverTimes.length = 0;
  const pages = await load(Math.min(SECONDS, 5), page);
  const sortedServer = [...serverTimes].sort((a, b) => a - b);

  const baselineRate = (base.perSecond + base2.perSecond) / 2;
  console.log(`\n== ${kind} (${CONNECTIONS} connections, ${SECONDS} s each) ==`);
  console.log(`baseline insert   ${fmt(base)}`);
  console.log(`rating submission ${fmt(subs)}`);
  console.log(`baseline again    ${fmt(base2)}`);
  console.log(
    `submissions/s = ${((subs.perSecond / baselineRate) * 100).toFixed(0)} % of the baseline (target ≥ 70 %); ` +
      `p99 ${subs.p99.toFixed(1)} ms (target ≤ 50 ms)`,
  );
  console.log(`submission, no workflow step ${fmt(bare)}`);
  console.log(`  = ${((bare.perSecond / baselineRate) * 100).toFixed(0)} % of the baseline`);
  console.log(`rating page       ${fmt(pages)}`);
  console.log(
    `page server time p50 ${percentile(sortedServer, 50).toFixed(1)} ms, p99 ${percentile(sortedServer, 99).toFixed(
      1,
    )} ms (target ≤ 20 ms)`,
  );
  await bench.close();
  return { kind, base, subs, base2, bare, pages };
}

for (const kind of kinds) await benchOne(kind);
process.exit(0);
