/**
 * What rolling up costs per fact (the processor's `addRatingRollups`: every rating, dimension and store rollup row of
 * a batch), on the database of `run.ts`: `--facts` facts picked at random among the most recent ones (as the
 * processor sees them: the same days and weeks), written in a transaction that is rolled back, five rounds.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5433/postgres npx tsx bench/dashboard/rollup-write-cost.ts \
 *     [--ratings=1000000] [--facts=2000] [--root=<another checkout, to compare its writer on the same data>]
 */
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { executeRows } from '../../src/server/db/sql.js';

const arg = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const root = path.resolve(arg('root', path.join(import.meta.dirname, '../..')));
const n = Number(arg('facts', '2000'));
const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const url = new URL(base);
url.pathname = `/rateloop_dashboard_${arg('ratings', '1000000')}`;

const { openPostgres } = (await import(
  path.join(root, 'src/server/db/client.ts')
)) as typeof import('../../src/server/db/client.js');
const { addRatingRollups } = (await import(
  path.join(root, 'src/server/modules/analytics/rollup-writes.ts')
)) as typeof import('../../src/server/modules/analytics/rollup-writes.js');

const database = await openPostgres(url.toString(), 2);
const times: number[] = [];
class Rollback extends Error {}
for (let round = 0; round < 5; round++) {
  const ids = (
    await executeRows<{ rating_id: string }>(
      database.db,
      sql`select rating_id from (select rating_id from rating_facts order by submitted_at desc limit ${n * 3}) x
          order by random() limit ${n}`,
    )
  ).map((r) => r.rating_id);
  await database.db
    .transaction(async (tx) => {
      const t = performance.now();
      await addRatingRollups(tx, ids);
      times.push(performance.now() - t);
      throw new Rollback();
    })
    .catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
}
times.sort((a, b) => a - b);
console.log(
  `${root}: ${n} facts rolled up in ${times[2]!.toFixed(0)} ms (median of 5: ${times.map((t) => t.toFixed(0)).join(', ')})`,
);
await database.close();
