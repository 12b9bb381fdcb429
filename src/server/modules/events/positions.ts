import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { executeRows } from '../../db/sql.js';
import type { DomainEventRow } from './events.service.js';

/**
 * An event's commit-safe position: its transaction's id, then its insert order. Readers take only events whose
 * transaction id is below the snapshot's xmin (the oldest transaction still running): every transaction below it
 * has ended, so no event can later appear behind a position already passed. A `bigserial` alone cannot do this — a
 * transaction that inserted first and commits last would be skipped by "everything after seq N".
 *
 * Within a work order, transactions that write it take its row lock first (`work_orders` UPDATE / `FOR UPDATE`), so
 * their ids, and so their positions, follow their commit order.
 */
export interface EventPosition {
  /** `xid8` as decimal text. */
  txid: string;
  seq: number;
}

export const START_POSITION: EventPosition = { txid: '0', seq: 0 };

/** The SSE `id` / `Last-Event-ID` form: `<txid>-<seq>`. */
export function formatPosition(p: EventPosition): string {
  return `${p.txid}-${p.seq}`;
}

/** Parses `<txid>-<seq>`; null for anything else (a client's header is untrusted input). */
export function parsePosition(text: string | undefined | null): EventPosition | null {
  const m = /^(\d{1,20})-(\d{1,18})$/.exec(text?.trim() ?? '');
  if (!m) return null;
  const seq = Number(m[2]);
  return Number.isSafeInteger(seq) ? { txid: m[1]!, seq } : null;
}

export function comparePositions(a: EventPosition, b: EventPosition): number {
  const ta = BigInt(a.txid);
  const tb = BigInt(b.txid);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.seq - b.seq;
}

export type PositionedEvent = DomainEventRow & { position: EventPosition };

export interface EventRecord {
  seq: string | number;
  txid: string;
  id: string;
  type: string;
  work_order_id: string | null;
  subject_type: string;
  subject_id: string | null;
  actor_type: DomainEventRow['actorType'];
  actor_id: string | null;
  actor_name: string | null;
  data: unknown;
  at: string | Date;
}

export function toPositionedEvent(r: EventRecord): PositionedEvent {
  const seq = Number(r.seq);
  return {
    seq,
    txid: r.txid,
    id: r.id,
    type: r.type,
    workOrderId: r.work_order_id,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorName: r.actor_name,
    data: r.data,
    at: r.at instanceof Date ? r.at : new Date(r.at),
    position: { txid: r.txid, seq },
  };
}

const WATERMARK = sql`pg_snapshot_xmin(pg_current_snapshot())`;

/**
 * Committed events after `after`, in position order, up to `limit`; `types` narrows them (null: every type).
 * `watermark` is the position a reader may move to when fewer than `limit` events came back: every event before it
 * has been seen (it is `(xmin, 0)` — the oldest running transaction's events are all still ahead).
 */
export async function readCommittedEvents(
  db: DbOrTx,
  after: EventPosition,
  limit: number,
  types: readonly string[] | null = null,
): Promise<{ events: PositionedEvent[]; watermark: EventPosition }> {
  const typeFilter: SQL = types
    ? sql`and type in (${sql.join(
        types.map((t) => sql`${t}`),
        sql`, `,
      )})`
    : sql``;
  const rows = await executeRows<EventRecord & { xmin: string }>(
    db,
    sql`with w as (select ${WATERMARK} as xmin)
        select e.seq, e.txid::text as txid, e.id, e.type, e.work_order_id, e.subject_type, e.subject_id, e.actor_type,
               e.actor_id, e.actor_name, e.data, e.at, w.xmin::text as xmin
          from w left join lateral (
            select * from domain_events
             where (txid, seq) > (${after.txid}::xid8, ${after.seq}::bigint) and txid < w.xmin ${typeFilter}
             order by txid, seq
             limit ${limit}
          ) e on true`,
  );
  const xmin = rows[0]?.xmin ?? after.txid;
  const events = rows.filter((r) => r.seq !== null).map(toPositionedEvent);
  const watermark =
    events.length < limit ? maxPosition(after, { txid: xmin, seq: 0 }) : events[events.length - 1]!.position;
  return { events, watermark };
}

function maxPosition(a: EventPosition, b: EventPosition): EventPosition {
  return comparePositions(a, b) >= 0 ? a : b;
}

/** The newest committed event's position (what a relay compares to know whether anything new committed). */
export async function latestCommittedPosition(db: DbOrTx): Promise<EventPosition | null> {
  const [row] = await executeRows<{ txid: string; seq: string | number }>(
    db,
    sql`select txid::text as txid, seq from domain_events where txid < ${WATERMARK} order by txid desc, seq desc limit 1`,
  );
  return row ? { txid: row.txid, seq: Number(row.seq) } : null;
}

/** The position a new reader starts from to see only what commits from now on. */
export async function currentWatermark(db: DbOrTx): Promise<EventPosition> {
  const [row] = await executeRows<{ xmin: string }>(db, sql`select ${WATERMARK}::text as xmin`);
  return { txid: row!.xmin, seq: 0 };
}
