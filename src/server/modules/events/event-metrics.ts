import { Gauge, type Registry } from 'prom-client';
import type { DbOrTx } from '../../db/client.js';
import { processorStatuses } from './processor-status.js';
import type { EventProcessor } from './processors.js';
import { readRepairs } from './repairs.js';

/**
 * `/metrics` gauges read from the database at scrape time, so every process shows the same numbers whichever
 * process did the work: each processor's lag, pending, retrying and parked events, and the repair sweeps' counts.
 */
export function eventMetricsCollector(registry: Registry, db: DbOrTx, processors: readonly EventProcessor[]): void {
  // One read per scrape serves every gauge (prom-client collects them concurrently).
  let reading: { at: number; value: ReturnType<typeof read> } | null = null;
  const read = async () => ({ repairs: await readRepairs(db), statuses: await processorStatuses(db, processors) });
  const snapshot = () => {
    if (!reading || Date.now() - reading.at > 1_000) reading = { at: Date.now(), value: read() };
    return reading.value;
  };
  new Gauge({
    name: 'rateloop_job_repairs_total',
    help: 'Jobs the repair sweeps enqueued because the change that should have enqueued them did not (should be 0)',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of (await snapshot()).repairs) this.set({ kind: r.kind }, r.repaired);
    },
  });
  new Gauge({
    name: 'rateloop_event_processor_lag_seconds',
    help: 'Age of the oldest committed event a processor has not handled yet',
    labelNames: ['processor'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const s of (await snapshot()).statuses) this.set({ processor: s.name }, s.lagSeconds);
    },
  });
  new Gauge({
    name: 'rateloop_event_processor_events',
    help: 'Events per processor by state: pending (not handled yet), retrying, parked',
    labelNames: ['processor', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const s of (await snapshot()).statuses) {
        this.set({ processor: s.name, state: 'pending' }, s.pending);
        this.set({ processor: s.name, state: 'retrying' }, s.retrying);
        this.set({ processor: s.name, state: 'parked' }, s.parked);
      }
    },
  });
}
