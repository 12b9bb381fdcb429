/**
 * What keeping the analytics current costs the customers (issue 16): JSON rating submissions per second with and
 * without the analytics processor running in the same process (the event pump of a worker: relay + the `analytics`
 * processor), as the median ratio of `--pairs` interleaved runs (off, on, off, on, …) on PostgreSQL. After each "on"
 * run it also reports how long the processor took to catch up (every rating has its fact).
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/dashboard/processor-cost.ts \
 *     [--pairs=5] [--seconds=5] [--connections=50]
 */

import { analyticsProcessor } from '../../src/server/modules/analytics/analytics.processor.js';
import { EventPump } from '../../src/server/modules/events/event-pump.js';
import { DEFAULT_TEMPLATE_ANSWERS } from '../../test/support/invitations.js';
import { type CannonRequest, cannon, drainRequest, TokenPool } from '../submit/cannon.js';
import { copyRatedWorkOrders, seedRatedWorkOrders, startBenchApp } from '../submit/harness.js';

const arg = (name: string, fallback: string) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const PAIRS = arg('pairs', '5');
const SECONDS = arg('seconds', '5');
const CONNECTIONS = arg('connections', '50');
const BODY = JSON.stringify({ answers: DEFAULT_TEMPLATE_ANSWERS });

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main() {
  const bench = await startBenchApp('postgres');
  try {
    const [seed] = await seedRatedWorkOrders(bench, 1);
    const submit = (pool: TokenPool<string>): CannonRequest[] => [
      {
        method: 'POST',
        body: BODY,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        setupRequest: (req) => {
          const token = pool.take();
          return token ? { ...req, path: `/api/v1/public/invitations/${token}/ratings` } : drainRequest(req);
        },
      },
    ];
    const run = async () => {
      const pool = new TokenPool(await copyRatedWorkOrders(bench, seed!, 6000));
      const r = await cannon({
        url: bench.url,
        connections: CONNECTIONS,
        seconds: SECONDS,
        requests: submit(pool),
        pool,
      });
      return r.perSecond;
    };
    const facts = async () =>
      Number(
        (
          await bench.query<{ n: string }>(
            'select (select count(*) from ratings) - (select count(*) from rating_facts) as n',
          )
        )[0]!.n,
      );
    const pump = () =>
      new EventPump(
        {
          database: bench.database,
          jobs: bench.ctx.jobs,
          config: bench.ctx.config,
          appSecret: bench.appSecret,
          now: () => new Date(),
          log: bench.ctx.log,
        },
        [analyticsProcessor],
      );
    await run(); // warm-up
    const ratios: number[] = [];
    const lines: string[] = [];
    for (let i = 0; i < PAIRS; i++) {
      const off = await run();
      const p = pump();
      await p.start();
      // The processor first catches up with the earlier runs' ratings, as a restarted worker would.
      while ((await facts()) > 0) await new Promise((r) => setTimeout(r, 200));
      const on = await run();
      const t = performance.now();
      while ((await facts()) > 0) await new Promise((r) => setTimeout(r, 100));
      const catchUp = performance.now() - t;
      await p.stop();
      ratios.push(on / off);
      lines.push(
        `| ${i + 1} | ${off.toFixed(0)} | ${on.toFixed(0)} | ${(on / off).toFixed(2)} | ${(catchUp / 1000).toFixed(1)} s |`,
      );
      console.log(lines.at(-1));
    }
    console.log(
      [
        '',
        `| pair | submissions/s, processor off | on | ratio | processor behind after the run, caught up in |`,
        '|---|---|---|---|---|',
        ...lines,
        '',
        `median ratio on / off: **${median(ratios).toFixed(2)}** (${PAIRS} interleaved pairs, ${SECONDS} s each, ${CONNECTIONS} connections)`,
      ].join('\n'),
    );
  } finally {
    await bench.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
