import type { FastifyBaseLogger } from 'fastify';
import type { AppConfig } from '../../config.js';
import type { Tx } from '../../db/client.js';
import type { JobQueue } from '../../jobs/queue.js';
import type { DomainEventType } from './events.service.js';
import type { PositionedEvent } from './positions.js';

/**
 * What a processor's handler gets. `tx` is the transaction that also moves the processor's position past the event:
 * whatever the handler writes through it (rows, events, jobs via `jobs.send(…, { tx })`) commits exactly when the
 * event counts as handled — a crash mid-batch undoes both, and the event is handled again. Work outside the database
 * (an HTTP call, a message) is never done in a handler: it enqueues a job in `tx` and the job does it.
 */
export interface ProcessorContext {
  tx: Tx;
  jobs: JobQueue;
  config: AppConfig;
  appSecret: string;
  now: () => Date;
  log: FastifyBaseLogger;
}

/**
 * A reaction to domain events (after Outline's `server/queues/processors`): it declares the event types it wants and
 * an idempotent handler. The platform (`processor-runner.ts`) delivers every matching event to it at least once, in
 * position order (per work order: commit order), one worker at a time, retries a failure with backoff, and parks an
 * event that keeps failing (console Settings → System, `/metrics`, retried by hand).
 */
export interface EventProcessor {
  /** Stable: the durable position is kept under it (`event_processors.name`). */
  name: string;
  events: readonly DomainEventType[];
  /**
   * Where a processor seen for the first time starts: `now` (default) at the current watermark — what commits from
   * then on, and also events that had committed while an older transaction was still running (at least once: never
   * fewer); `beginning` handles every event already in the table too.
   */
  startFrom?: 'now' | 'beginning';
  handle(event: PositionedEvent, ctx: ProcessorContext): Promise<void>;
}

export function defineProcessor(processor: EventProcessor): EventProcessor {
  return processor;
}
