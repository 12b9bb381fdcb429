import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { AppConfig } from '../../config.js';
import type { Database, Db, DbOrTx, Tx } from '../../db/client.js';
import { executeRows } from '../../db/sql.js';
import type { JobQueue } from '../../jobs/queue.js';
import {
  type EventPosition,
  type EventRecord,
  type PositionedEvent,
  readCommittedEvents,
  toPositionedEvent,
} from './positions.js';
import type { EventProcessor } from './processors.js';

/** What the runner needs from the process that runs it (a worker): the same things a job gets. */
export interface ProcessorEnvironment {
  database: Database;
  jobs: JobQueue;
  config: AppConfig;
  appSecret: string;
  now: () => Date;
  log: FastifyBaseLogger;
}

/** Events a processor reads per transaction. */
export const PROCESSOR_BATCH = 100;
/**
 * A batch stops taking events after this long and commits what it handled. The batch's transaction holds the
 * server-wide commit watermark back while it runs, so every reader of events (the live stream included) waits for it:
 * bench/alerts measured up to 9.9 s of delay from 100 alert evaluations in one transaction on a loaded machine.
 */
export const PROCESSOR_BATCH_BUDGET_MS = 200;
/** Waits after the 1st, 2nd, … failure of one event (± 10 %); after the last one the event is parked. */
export const PROCESSOR_RETRY_DELAYS_S = [5, 30, 120, 600, 1800, 3600, 7200];
export const PROCESSOR_MAX_ATTEMPTS = PROCESSOR_RETRY_DELAYS_S.length + 1;

const lockKey = (name: string) => sql`pg_try_advisory_xact_lock(hashtext(${`rateloop.processor:${name}`}))`;

/**
 * Creates the position rows of processors seen for the first time: `startFrom: 'now'` starts at the current
 * watermark (what commits from now on), `beginning` before every event.
 */
export async function registerProcessors(db: DbOrTx, processors: readonly EventProcessor[]): Promise<void> {
  for (const p of processors) {
    const start = p.startFrom === 'beginning' ? sql`'0'::xid8` : sql`pg_snapshot_xmin(pg_current_snapshot())`;
    await db.execute(
      sql`insert into event_processors (name, txid, seq) values (${p.name}, ${start}, 0) on conflict (name) do nothing`,
    );
  }
}

/**
 * Moves every registered processor past what has committed so far, never backwards: after an import of history,
 * whose events are the past, not news (no alert, notification or webhook for a six-month-old rating; the analytics
 * are rebuilt from the raw ratings). Each move waits for the processor's batch in progress (its lock).
 */
export async function skipProcessorsToNow(db: Db): Promise<void> {
  const names = await executeRows<{ name: string }>(db, sql`select name from event_processors order by name`);
  for (const { name } of names) {
    await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`rateloop.processor:${name}`}))`);
      await tx.execute(
        sql`update event_processors p set txid = w.xmin, seq = 0, updated_at = now()
              from (select pg_snapshot_xmin(pg_current_snapshot()) as xmin) w
             where p.name = ${name} and (p.txid, p.seq) < (w.xmin, 0)`,
      );
    });
  }
}

type Outcome = { ok: true } | { ok: false; error: string };

/** One try of one event, in a savepoint of `tx`: a failure undoes the handler's writes, not the batch. */
async function attempt(
  tx: Tx,
  processor: EventProcessor,
  event: PositionedEvent,
  env: ProcessorEnvironment,
): Promise<Outcome> {
  try {
    await tx.transaction(async (sp) => {
      await processor.handle(event, {
        tx: sp,
        jobs: env.jobs,
        config: env.config,
        appSecret: env.appSecret,
        now: env.now,
        log: env.log.child({ processor: processor.name, eventSeq: event.seq }),
      });
    });
    return { ok: true };
  } catch (err) {
    const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    env.log.warn({ err, processor: processor.name, eventSeq: event.seq }, 'event processor failed');
    return { ok: false, error: error.slice(0, 2000) };
  }
}

function retryAt(now: Date, attempts: number): Date {
  const base = PROCESSOR_RETRY_DELAYS_S[Math.min(attempts, PROCESSOR_RETRY_DELAYS_S.length) - 1]!;
  return new Date(now.getTime() + base * 1000 * (0.9 + Math.random() * 0.2));
}

/**
 * Handles the next batch of new events for `processor`, in one transaction that also moves its position — so a
 * crash mid-batch undoes the handlers' effects and the position together, and the batch runs again. Only one worker
 * runs a processor at a time (a transaction-scoped advisory lock; others return 0 at once). An event that fails is
 * recorded for a retry, and the later events of its work order wait behind it. Returns how many events it read
 * and whether more are waiting now (the batch was full, or cut short by its time budget): the pump then runs the
 * next batch at once, else it waits for the next commit's notification.
 */
export async function runProcessorBatch(
  env: ProcessorEnvironment,
  processor: EventProcessor,
): Promise<{ read: number; more: boolean }> {
  const none = { read: 0, more: false };
  return env.database.db.transaction(async (tx) => {
    const [locked] = await executeRows<{ ok: boolean }>(tx, sql`select ${lockKey(processor.name)} as ok`);
    if (!locked?.ok) return none;
    const [state] = await executeRows<{ txid: string; seq: string | number }>(
      tx,
      sql`select txid::text as txid, seq from event_processors where name = ${processor.name}`,
    );
    if (!state) return none;
    const from: EventPosition = { txid: state.txid, seq: Number(state.seq) };
    const { events, watermark } = await readCommittedEvents(tx, from, PROCESSOR_BATCH, processor.events);
    const waiting = await workOrdersWithFailures(tx, processor.name, events);
    let handled = 0;
    let consumed = 0;
    const started = Date.now();
    for (const event of events) {
      consumed++;
      if (event.workOrderId && waiting.has(event.workOrderId)) {
        await recordFailure(tx, processor.name, event, null, env.now());
      } else {
        const outcome = await attempt(tx, processor, event, env);
        if (outcome.ok) handled++;
        else {
          await recordFailure(tx, processor.name, event, outcome.error, env.now());
          if (event.workOrderId) waiting.add(event.workOrderId);
        }
      }
      if (Date.now() - started > PROCESSOR_BATCH_BUDGET_MS) break;
    }
    // All read: on to the watermark (past events of other types too). Stopped early: just past the last one taken.
    const to = consumed === events.length ? watermark : events[consumed - 1]!.position;
    await tx.execute(
      sql`update event_processors set txid = ${to.txid}::xid8, seq = ${to.seq}, handled = handled + ${handled},
                 updated_at = now()
           where name = ${processor.name}`,
    );
    return { read: consumed, more: consumed < events.length || events.length >= PROCESSOR_BATCH };
  });
}

async function workOrdersWithFailures(tx: Tx, name: string, events: PositionedEvent[]): Promise<Set<string>> {
  const ids = [...new Set(events.flatMap((e) => (e.workOrderId ? [e.workOrderId] : [])))];
  if (ids.length === 0) return new Set();
  const rows = await executeRows<{ work_order_id: string }>(
    tx,
    sql`select distinct work_order_id from event_processor_failures
         where processor = ${name} and parked_at is null
           and work_order_id in (${sql.join(
             ids.map((id) => sql`${id}::uuid`),
             sql`, `,
           )})`,
  );
  return new Set(rows.map((r) => r.work_order_id));
}

/** A failed event (error set, retried after a delay) or one waiting behind its work order's failure (error null). */
async function recordFailure(tx: Tx, name: string, event: PositionedEvent, error: string | null, now: Date) {
  const next = error === null ? now : retryAt(now, 1);
  await tx.execute(
    sql`insert into event_processor_failures (processor, event_seq, work_order_id, attempts, error, next_attempt_at)
        values (${name}, ${event.seq}, ${event.workOrderId}, ${error === null ? 0 : 1}, ${error}, ${next.toISOString()})
        on conflict (processor, event_seq) do nothing`,
  );
}

/**
 * Retries the processor's due failures, oldest event first, and only the oldest unresolved one of each work order
 * (the later ones wait behind it). A success removes the row; a failure counts an attempt and waits longer; the last
 * failure parks the event. Returns how many it tried.
 */
export async function retryDueFailures(env: ProcessorEnvironment, processor: EventProcessor): Promise<number> {
  return env.database.db.transaction(async (tx) => {
    const [locked] = await executeRows<{ ok: boolean }>(tx, sql`select ${lockKey(processor.name)} as ok`);
    if (!locked?.ok) return 0;
    const now = env.now();
    const due = await executeRows<{ event_seq: string | number; attempts: number }>(
      tx,
      sql`select f.event_seq, f.attempts from event_processor_failures f
           where f.processor = ${processor.name} and f.parked_at is null and f.next_attempt_at <= ${now.toISOString()}
             and not exists (
               select 1 from event_processor_failures g
                where g.processor = f.processor and g.work_order_id = f.work_order_id and g.parked_at is null
                  and g.event_seq < f.event_seq)
           order by f.event_seq
           limit ${PROCESSOR_BATCH}`,
    );
    for (const row of due) {
      const seq = Number(row.event_seq);
      const [record] = await executeRows<EventRecord>(
        tx,
        sql`select seq, txid::text as txid, id, type, work_order_id, subject_type, subject_id, actor_type, actor_id,
                   actor_name, data, at
              from domain_events where seq = ${seq}`,
      );
      const outcome: Outcome = record ? await attempt(tx, processor, toPositionedEvent(record), env) : { ok: true }; // The event is gone (never in practice: events are not deleted): nothing left to do.
      if (outcome.ok) {
        await tx.execute(
          sql`delete from event_processor_failures where processor = ${processor.name} and event_seq = ${seq}`,
        );
        await tx.execute(sql`update event_processors set handled = handled + 1 where name = ${processor.name}`);
        continue;
      }
      const attempts = row.attempts + 1;
      const parked = attempts >= PROCESSOR_MAX_ATTEMPTS;
      await tx.execute(
        sql`update event_processor_failures
               set attempts = ${attempts}, error = ${outcome.error},
                   next_attempt_at = ${retryAt(now, attempts).toISOString()},
                   parked_at = ${parked ? now.toISOString() : null}
             where processor = ${processor.name} and event_seq = ${seq}`,
      );
      if (parked) env.log.error({ processor: processor.name, eventSeq: seq }, 'event parked after its last try');
    }
    return due.length;
  });
}
