import { sql } from 'drizzle-orm';
import pino from 'pino';
import type { TestApp } from '../../../../test/support/app.js';
import { executeRows } from '../../db/sql.js';
import { type ProcessorEnvironment, registerProcessors, runProcessorBatch } from '../events/processor-runner.js';
import { analyticsProcessor } from './analytics.processor.js';

const env = (t: TestApp): ProcessorEnvironment => ({
  database: t.database,
  jobs: t.ctx.jobs,
  config: t.ctx.config,
  appSecret: t.ctx.appSecret,
  now: () => new Date(),
  log: pino({ level: 'silent' }),
});

/** Waits until every recorded event is below the snapshot's xmin (readable), then runs the processor dry. */
export async function drainAnalytics(t: TestApp): Promise<void> {
  await registerProcessors(t.ctx.db, [analyticsProcessor]);
  const until = Date.now() + 60_000;
  for (;;) {
    const [row] = await executeRows<{ ok: boolean | null }>(
      t.ctx.db,
      sql`select bool_and(txid < pg_snapshot_xmin(pg_current_snapshot())) as ok from domain_events
          where seq = (select max(seq) from domain_events)`,
    );
    if (row?.ok !== false) break;
    if (Date.now() > until) throw new Error('events never became readable');
    await new Promise((r) => setTimeout(r, 20));
  }
  while ((await runProcessorBatch(env(t), analyticsProcessor)).read > 0) {}
}
