import { Gauge, type Registry } from 'prom-client';
import type { DbOrTx } from '../../db/client.js';
import { lastRetentionRun } from './retention.service.js';

/**
 * `/metrics` gauges of the latest retention run, read from the database at scrape time (the run writes its progress
 * after every batch), so every process shows the same numbers whichever worker runs it.
 */
export function retentionMetricsCollector(registry: Registry, db: DbOrTx): void {
  new Gauge({
    name: 'rateloop_retention_redacted',
    help: 'Records the latest (or running) retention run has redacted so far, by kind',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      this.reset();
      const run = await lastRetentionRun(db);
      for (const [kind, n] of Object.entries(run?.counts ?? {})) this.set({ kind }, n);
    },
  });
  new Gauge({
    name: 'rateloop_retention_running',
    help: '1 while a retention run is going on (or was cut short and waits to resume), else 0',
    registers: [registry],
    async collect() {
      const run = await lastRetentionRun(db);
      this.set(run && !run.finishedAt ? 1 : 0);
    },
  });
  new Gauge({
    name: 'rateloop_retention_last_finished_timestamp_seconds',
    help: 'When the latest retention run finished (0: never)',
    registers: [registry],
    async collect() {
      const run = await lastRetentionRun(db);
      this.set(run?.finishedAt ? Date.parse(run.finishedAt) / 1000 : 0);
    },
  });
}
