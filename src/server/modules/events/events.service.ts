import { and, asc, eq, gt, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { domainEvents } from '../../db/schema/events.js';
import type { Actor } from '../../http/principal.js';

/** Event types, dotted `subject.verb`. Later modules add theirs here so the timeline can label every one. */
export type DomainEventType =
  | 'work_order.created'
  | 'work_order.updated'
  | 'work_order.status_changed'
  | 'work_order.node_started'
  | 'work_order.node_completed'
  | 'work_order.rating_skipped'
  | 'invitation.created'
  | 'invitation.sent'
  | 'invitation.delivered'
  | 'invitation.failed'
  | 'invitation.opened'
  | 'invitation.expired'
  | 'rating.submitted'
  | 'rating.negative'
  | 'rating.contact_requested'
  | 'follow_up.created'
  | 'follow_up.attempted'
  | 'follow_up.reassigned'
  | 'follow_up.completed'
  | 'case.opened'
  | 'case.escalated'
  | 'case.closed'
  | 'case.sla_warning'
  | 'case.breached'
  | 'case.reassigned'
  | 'case.status_changed'
  | 'case.rerated'
  | 'alert.raised'
  | 'notification.created'
  | 'settings.time_zone_changed'
  | 'sla.policy_changed'
  | 'sla.calendar_changed';

export type EventActor = Actor | { type: 'customer'; id: null; name: null; ip: string | null };

export interface NewDomainEvent {
  type: DomainEventType;
  workOrderId?: string | null;
  subjectType: string;
  subjectId?: string | null;
  data?: Record<string, unknown>;
}

/** Records an event inside the caller's transaction, so the event exists exactly when the change does. */
export async function recordEvent(tx: DbOrTx, actor: EventActor, event: NewDomainEvent) {
  const [row] = await tx
    .insert(domainEvents)
    .values({
      type: event.type,
      workOrderId: event.workOrderId ?? null,
      subjectType: event.subjectType,
      subjectId: event.subjectId ?? null,
      actorType: actor.type,
      actorId: actor.id,
      actorName: actor.name,
      data: event.data ?? {},
    })
    .returning({ seq: domainEvents.seq, id: domainEvents.id });
  return row!;
}

/**
 * Events recorded by another module's single-statement hot path (the customer's opening and submission): an
 * `insert into domain_events … <select>` to use as a data-modifying CTE, so the change and its events commit
 * together in one round trip. `select` yields, in order: type, work_order_id, subject_type, subject_id, actor_type,
 * data (jsonb). The events module stays the only writer of its table.
 */
export function insertEventsSql(select: SQL): SQL {
  return sql`insert into ${domainEvents} (type, work_order_id, subject_type, subject_id, actor_type, data) ${select}`;
}

/**
 * `insertEventsSql` with the actor's id and name (a system actor's events look like `recordEvent`'s): `select`
 * yields type, work_order_id, subject_type, subject_id, data (jsonb); the actor is the same for every row.
 */
export function insertActorEventsSql(actor: EventActor, select: SQL): SQL {
  return sql`insert into ${domainEvents} (type, work_order_id, subject_type, subject_id, data, actor_type, actor_id, actor_name)
    select e.*, ${actor.type}, ${actor.id}, ${actor.name} from (${select}) as e`;
}

export type DomainEventRow = typeof domainEvents.$inferSelect;

/** A work order's timeline, oldest first. */
export async function workOrderTimeline(db: DbOrTx, workOrderId: string): Promise<DomainEventRow[]> {
  return db.select().from(domainEvents).where(eq(domainEvents.workOrderId, workOrderId)).orderBy(asc(domainEvents.seq));
}

/**
 * Events after a sequence number, in insert order — for tests that look at what one request just wrote. NOT for
 * consumers that keep a position: a `seq` is taken at insert, not at commit, so "after seq N" skips a transaction
 * that commits late. Consumers read by `(txid, seq)` below the watermark (`positions.ts` `readCommittedEvents`).
 */
export async function eventsAfter(
  db: DbOrTx,
  seq: number,
  limit = 500,
  type?: DomainEventType,
): Promise<DomainEventRow[]> {
  return db
    .select()
    .from(domainEvents)
    .where(and(gt(domainEvents.seq, seq), type ? eq(domainEvents.type, type) : undefined))
    .orderBy(asc(domainEvents.seq))
    .limit(limit);
}

export function presentEvent(row: DomainEventRow) {
  return {
    id: row.id,
    seq: row.seq,
    type: row.type,
    workOrderId: row.workOrderId,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    actor: { type: row.actorType, id: row.actorId, name: row.actorName },
    data: row.data as Record<string, unknown>,
    at: row.at.toISOString(),
  };
}
