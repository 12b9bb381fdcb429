import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { executeRows } from '../../db/sql.js';
import { notFound } from '../../http/problem.js';
import type { EventProcessor } from './processors.js';

export interface ProcessorStatus {
  name: string;
  /** Events it wants that committed and are not handled yet (counted up to 10,000). */
  pending: number;
  /** Age of the oldest of them, in seconds (0 when none). */
  lagSeconds: number;
  handled: number;
  /** Failed events waiting for their next try (and later events of their work orders waiting behind them). */
  retrying: number;
  parked: number;
  updatedAt: string | null;
}

/** Each processor's lag and failures: Settings → System and `/metrics`. */
export async function processorStatuses(db: DbOrTx, processors: readonly EventProcessor[]): Promise<ProcessorStatus[]> {
  const out: ProcessorStatus[] = [];
  for (const p of processors) {
    const types = sql.join(
      p.events.map((t) => sql`${t}`),
      sql`, `,
    );
    const [row] = await executeRows<{
      handled: string | number | null;
      updated_at: string | Date | null;
      pending: string | number;
      oldest: string | Date | null;
      retrying: string | number;
      parked: string | number;
    }>(
      db,
      sql`with s as (select txid, seq, handled, updated_at from event_processors where name = ${p.name}),
               w as (select pg_snapshot_xmin(pg_current_snapshot()) as xmin),
               pend as (
                 select e.at from domain_events e, s, w
                  where (e.txid, e.seq) > (s.txid, s.seq) and e.txid < w.xmin and e.type in (${types})
                  order by e.txid, e.seq limit 10000)
          select (select handled from s) as handled, (select updated_at from s) as updated_at,
                 (select count(*) from pend) as pending, (select min(at) from pend) as oldest,
                 (select count(*) from event_processor_failures f
                   where f.processor = ${p.name} and f.parked_at is null) as retrying,
                 (select count(*) from event_processor_failures f
                   where f.processor = ${p.name} and f.parked_at is not null) as parked`,
    );
    const oldest = row?.oldest ? new Date(row.oldest) : null;
    out.push({
      name: p.name,
      pending: Number(row?.pending ?? 0),
      lagSeconds: oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0,
      handled: Number(row?.handled ?? 0),
      retrying: Number(row?.retrying ?? 0),
      parked: Number(row?.parked ?? 0),
      updatedAt: row?.updated_at ? new Date(row.updated_at).toISOString() : null,
    });
  }
  return out;
}

export interface ProcessorFailure {
  processor: string;
  eventSeq: number;
  eventId: string | null;
  eventType: string | null;
  workOrderId: string | null;
  attempts: number;
  error: string | null;
  nextAttemptAt: string;
  parkedAt: string | null;
  createdAt: string;
}

/** Parked events (newest first), and with `includeRetrying` those still being retried too. */
export async function processorFailures(
  db: DbOrTx,
  opts: { includeRetrying?: boolean; limit?: number } = {},
): Promise<ProcessorFailure[]> {
  const rows = await executeRows<{
    processor: string;
    event_seq: string | number;
    event_id: string | null;
    event_type: string | null;
    work_order_id: string | null;
    attempts: number;
    error: string | null;
    next_attempt_at: string | Date;
    parked_at: string | Date | null;
    created_at: string | Date;
  }>(
    db,
    sql`select f.processor, f.event_seq, e.id as event_id, e.type as event_type, f.work_order_id, f.attempts, f.error,
               f.next_attempt_at, f.parked_at, f.created_at
          from event_processor_failures f left join domain_events e on e.seq = f.event_seq
         where ${opts.includeRetrying ? sql`true` : sql`f.parked_at is not null`}
         order by f.created_at desc, f.event_seq desc
         limit ${opts.limit ?? 200}`,
  );
  const iso = (v: string | Date) => new Date(v).toISOString();
  return rows.map((r) => ({
    processor: r.processor,
    eventSeq: Number(r.event_seq),
    eventId: r.event_id,
    eventType: r.event_type,
    workOrderId: r.work_order_id,
    attempts: r.attempts,
    error: r.error,
    nextAttemptAt: iso(r.next_attempt_at),
    parkedAt: r.parked_at ? iso(r.parked_at) : null,
    createdAt: iso(r.created_at),
  }));
}

/** Puts a parked event back in line: the processor tries it again at once (a full set of tries). */
export async function retryParkedEvent(db: DbOrTx, processor: string, eventSeq: number): Promise<void> {
  const rows = await executeRows<{ event_seq: string }>(
    db,
    sql`update event_processor_failures set parked_at = null, attempts = 0, next_attempt_at = now()
         where processor = ${processor} and event_seq = ${eventSeq} and parked_at is not null
         returning event_seq`,
  );
  if (rows.length === 0) throw notFound('Parked event', `${processor}/${eventSeq}`);
}

/**
 * "As of": the time of the event at a processor's position (the last event it moved past), else when its position
 * last moved; null for a processor that never ran. Readers of a processor's output show it beside their figures.
 */
export async function processorAsOf(db: DbOrTx, name: string): Promise<string | null> {
  const [row] = await executeRows<{ at: string | Date | null; updated_at: string | Date | null }>(
    db,
    sql`select (select e.at from domain_events e where e.txid = p.txid and e.seq = p.seq) as at, p.updated_at
          from event_processors p where p.name = ${name}`,
  );
  const at = row?.at ?? row?.updated_at;
  return at ? new Date(at).toISOString() : null;
}
