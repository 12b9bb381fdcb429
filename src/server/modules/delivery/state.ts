import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { deliveryAttempts, invitationDeliveries } from '../../db/schema/delivery.js';
import { SYSTEM_ACTOR } from '../../http/principal.js';
import type { JobQueue } from '../../jobs/queue.js';
import type { ConfigSendResult } from '../channels/runtime.js';
import { insertActorEventsSql, recordEvent } from '../events/events.service.js';
import {
  markInvitationDelivered,
  markInvitationFailed,
  markInvitationSending,
  markInvitationsDeliveredSql,
} from '../invitations/delivery-status.js';
import type { InvitationRow } from '../invitations/invitations.service.js';
import { type AttemptRow, type NewAttempt, recordSkipped } from './attempts.js';
import { recordDeliveryProblem } from './problems.js';

const event = (inv: InvitationRow, type: 'invitation.sent' | 'invitation.delivered' | 'invitation.failed') => ({
  type,
  workOrderId: inv.workOrderId,
  subjectType: 'invitation',
  subjectId: inv.id,
});

/** Stores the provider's answer on the attempt and the `invitation.sent` event, in one transaction. */
export async function finishAttempt(
  db: Db,
  jobs: JobQueue,
  inv: InvitationRow,
  a: AttemptRow,
  r: ConfigSendResult,
): Promise<void> {
  await db.transaction(async (tx) => {
    const done = await tx
      .update(deliveryAttempts)
      .set({
        status: r.ok ? 'succeeded' : 'failed',
        errorKind: r.ok ? null : r.kind,
        errorCode: r.ok ? null : r.code,
        detail: r.ok ? null : r.detail,
        retryAfterSeconds: r.ok ? null : (r.retryAfterSeconds ?? null),
        providerMessageId: r.ok ? (r.providerMessageId ?? null) : null,
        providerResponse: r.providerResponse ?? null,
        receiptStatus: r.ok ? 'pending' : null,
        finishedAt: sql`now()`,
        durationMs: r.durationMs,
      })
      .where(and(eq(deliveryAttempts.id, a.id), eq(deliveryAttempts.status, 'sending')))
      .returning({ id: deliveryAttempts.id });
    await recordEvent(tx, SYSTEM_ACTOR, {
      ...event(inv, 'invitation.sent'),
      data: {
        channel: a.channel,
        attemptNo: a.attemptNo,
        round: a.round,
        provider: r.provider,
        result: r.ok ? 'succeeded' : 'failed',
        ...(r.ok ? {} : { errorKind: r.kind, errorCode: r.code }),
      },
    });
    if (!r.ok && done.length)
      await recordDeliveryProblem(tx, jobs, {
        channel: a.channel,
        kind: r.kind,
        code: r.code,
        detail: r.detail,
        invitationId: inv.id,
      });
  });
}

/**
 * An attempt that never reached a provider (no address, opted out, no configuration): the failed attempt row, its
 * `invitation.sent` event (result `failed`, so the timeline says why) and — for a missing configuration — the
 * delivery problem, in one transaction.
 */
export async function skipAttempt(
  db: Db,
  jobs: JobQueue,
  inv: InvitationRow,
  a: Omit<NewAttempt, 'provider'>,
  code: 'no_contact' | 'opted_out' | 'no_config',
  detail: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await recordSkipped(tx, a, code, detail);
    if (!row) return;
    await recordEvent(tx, SYSTEM_ACTOR, {
      ...event(inv, 'invitation.sent'),
      data: {
        channel: a.channel,
        attemptNo: a.attemptNo,
        round: a.round,
        result: 'failed',
        errorKind: 'skipped',
        errorCode: code,
      },
    });
    await recordDeliveryProblem(tx, jobs, { channel: a.channel, kind: 'skipped', code, detail, invitationId: inv.id });
  });
}

/**
 * A timed-out (or interrupted) attempt that the provider turns out to have accepted (its send lookup found it): it
 * becomes `succeeded`, so nothing is sent again. Records `invitation.sent` with `confirmedBy: 'lookup'`.
 */
export async function confirmAttempt(
  db: Db,
  inv: InvitationRow,
  a: AttemptRow,
  found: { providerMessageId: string | null; detail: unknown },
): Promise<void> {
  await db.transaction(async (tx) => {
    const done = await tx
      .update(deliveryAttempts)
      .set({
        status: 'succeeded',
        errorKind: null,
        errorCode: null,
        detail: `Accepted by the provider (found by a send lookup after ${a.errorCode ?? 'an interruption'})`,
        retryAfterSeconds: null,
        providerMessageId: found.providerMessageId ?? a.providerMessageId,
        providerResponse: found.detail ?? null,
        receiptStatus: 'pending',
        finishedAt: sql`coalesce(${deliveryAttempts.finishedAt}, now())`,
      })
      .where(and(eq(deliveryAttempts.id, a.id), eq(deliveryAttempts.status, a.status)))
      .returning({ id: deliveryAttempts.id });
    if (done.length)
      await recordEvent(tx, SYSTEM_ACTOR, {
        ...event(inv, 'invitation.sent'),
        data: {
          channel: a.channel,
          attemptNo: a.attemptNo,
          round: a.round,
          provider: a.provider,
          result: 'succeeded',
          confirmedBy: 'lookup',
        },
      });
  });
}

/** A timed-out attempt the provider could not be asked about: outcome unknown, not resent on this channel. */
export async function markUnconfirmed(db: Db, a: AttemptRow, why: string): Promise<void> {
  await db
    .update(deliveryAttempts)
    .set({
      errorKind: 'unknown',
      detail: `${a.detail ?? ''} — the provider could not confirm whether it was accepted (${why}); not resent.`.slice(
        0,
        2000,
      ),
    })
    .where(and(eq(deliveryAttempts.id, a.id), eq(deliveryAttempts.status, 'failed')));
}

/** An attempt left `sending` by a dead worker on a provider that cannot dedupe: outcome unknown, never resent. */
export async function markUnknown(db: Db, inv: InvitationRow, a: AttemptRow): Promise<void> {
  await db.transaction(async (tx) => {
    const done = await tx
      .update(deliveryAttempts)
      .set({
        status: 'failed',
        errorKind: 'unknown',
        errorCode: 'interrupted',
        detail: 'The worker stopped while the provider was being called; not resent to avoid a duplicate.',
        finishedAt: sql`now()`,
      })
      .where(and(eq(deliveryAttempts.id, a.id), eq(deliveryAttempts.status, 'sending')))
      .returning({ id: deliveryAttempts.id });
    if (done.length)
      await recordEvent(tx, SYSTEM_ACTOR, {
        ...event(inv, 'invitation.sent'),
        data: { channel: a.channel, attemptNo: a.attemptNo, round: a.round, result: 'unknown' },
      });
  });
}

async function upsertDelivery(tx: Parameters<Parameters<Db['transaction']>[0]>[0], id: string, set: object) {
  await tx
    .insert(invitationDeliveries)
    .values({ invitationId: id, ...set })
    .onConflictDoUpdate({ target: invitationDeliveries.invitationId, set: { ...set, updatedAt: sql`now()` } });
}

export async function markSending(db: Db, id: string): Promise<void> {
  await markInvitationSending(db, id);
}

/** pending|sending → delivered (once), with `deliveredAt` and the `invitation.delivered` event. */
export async function markDelivered(db: Db, inv: InvitationRow, channel: string, at = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    if (!(await markInvitationDelivered(tx, inv.id))) return;
    await upsertDelivery(tx, inv.id, { deliveredChannel: channel, lastSentAt: at });
    await recordEvent(tx, SYSTEM_ACTOR, { ...event(inv, 'invitation.delivered'), data: { channel } });
  });
}

/** pending|sending → failed (once), with the reason and the `invitation.failed` event. */
export async function markFailed(db: Db, inv: InvitationRow, reason: string, data: object = {}): Promise<void> {
  await db.transaction(async (tx) => {
    if (!(await markInvitationFailed(tx, inv.id))) return;
    await upsertDelivery(tx, inv.id, { failureReason: reason });
    await recordEvent(tx, SYSTEM_ACTOR, { ...event(inv, 'invitation.failed'), data: { reason, ...data } });
  });
}

/** A reminder round ended (sent or given up): counted, so the sweep moves on. */
export async function markReminder(db: Db, id: string, round: number, sent: boolean, now = new Date()) {
  const at = sent ? { lastReminderAt: now, lastSentAt: now } : {};
  await db
    .insert(invitationDeliveries)
    .values({ invitationId: id, reminderCount: round, ...at })
    .onConflictDoUpdate({
      target: invitationDeliveries.invitationId,
      set: {
        reminderCount: sql`greatest(${invitationDeliveries.reminderCount}, ${round})`,
        ...at,
        updatedAt: sql`now()`,
      },
    });
}

/** A batch's attempt that a provider accepted, with what `finishAttempt` + `markDelivered` record for it. */
export interface AcceptedAttempt {
  attemptId: string;
  invitationId: string;
  workOrderId: string;
  channel: string;
  attemptNo: number;
  round: number;
  provider: string | null;
  providerMessageId: string | null;
  providerResponse: unknown;
  durationMs: number;
}

/**
 * `finishAttempt` (succeeded) followed by `markDelivered` for a whole batch of round-0 attempts, in ONE statement
 * (so one round trip, and atomic without a transaction block): the attempt rows, the invitations (through the
 * invitations module's `markInvitationsDeliveredSql`), their `invitation_deliveries` rows and the events, in the order
 * the one-invitation path writes them (`invitation.sent` before `invitation.delivered`). An attempt no longer
 * `sending` gets no event; an invitation already delivered or failed is not changed again.
 */
export async function finishDeliveredMany(db: Db, accepted: AcceptedAttempt[]): Promise<void> {
  if (!accepted.length) return;
  const input = JSON.stringify(
    accepted.map((a) => ({
      attempt_id: a.attemptId,
      invitation_id: a.invitationId,
      work_order_id: a.workOrderId,
      channel: a.channel,
      attempt_no: a.attemptNo,
      round: a.round,
      provider: a.provider,
      provider_message_id: a.providerMessageId,
      provider_response: a.providerResponse ?? null,
      duration_ms: Math.round(a.durationMs),
    })),
  );
  await db.execute(sql`
    with r as (
      select * from jsonb_to_recordset(${input}::jsonb) as r(attempt_id uuid, invitation_id uuid, work_order_id uuid,
        channel text, attempt_no int, round int, provider text, provider_message_id text, provider_response jsonb,
        duration_ms int)
    ), done as (
      update ${deliveryAttempts} a set status = 'succeeded', error_kind = null, error_code = null, detail = null,
        retry_after_seconds = null, provider_message_id = r.provider_message_id,
        provider_response = r.provider_response, receipt_status = 'pending', finished_at = now(),
        duration_ms = r.duration_ms
      from r where a.id = r.attempt_id and a.status = 'sending'
      returning a.id
    ), delivered as (
      ${markInvitationsDeliveredSql(sql`select r.invitation_id from r join done on done.id = r.attempt_id`)}
    ), bookkeeping as (
      insert into ${invitationDeliveries} (invitation_id, delivered_channel, last_sent_at)
      select r.invitation_id, r.channel, now() from r join delivered d on d.id = r.invitation_id
      on conflict (invitation_id) do update
        set delivered_channel = excluded.delivered_channel, last_sent_at = excluded.last_sent_at, updated_at = now()
    )
    ${insertActorEventsSql(
      SYSTEM_ACTOR,
      sql`select type, work_order_id, 'invitation', invitation_id, data from (
            select 'invitation.sent' as type, r.work_order_id, r.invitation_id, 1 as ord,
              jsonb_build_object('channel', r.channel, 'attemptNo', r.attempt_no, 'round', r.round,
                'provider', r.provider, 'result', 'succeeded') as data
            from r join done on done.id = r.attempt_id
            union all
            select 'invitation.delivered', r.work_order_id, r.invitation_id, 2, jsonb_build_object('channel', r.channel)
            from r join delivered d on d.id = r.invitation_id
          ) e order by invitation_id, ord`,
    )}`);
}
