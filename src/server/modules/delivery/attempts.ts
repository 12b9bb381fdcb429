import { asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { deliveryAttempts } from '../../db/schema/delivery.js';
import { executeRows } from '../../db/sql.js';

export type AttemptRow = typeof deliveryAttempts.$inferSelect;

export const attemptKey = (invitationId: string, channel: string, attemptNo: number) =>
  `${invitationId}:${channel}:${attemptNo}`;

export async function attemptsOf(db: DbOrTx, invitationId: string): Promise<AttemptRow[]> {
  return db
    .select()
    .from(deliveryAttempts)
    .where(eq(deliveryAttempts.invitationId, invitationId))
    .orderBy(asc(deliveryAttempts.startedAt), asc(deliveryAttempts.attemptNo));
}

export async function attemptsOfInvitations(db: DbOrTx, ids: string[]): Promise<Map<string, AttemptRow[]>> {
  const out = new Map<string, AttemptRow[]>();
  if (!ids.length) return out;
  const rows = await db
    .select()
    .from(deliveryAttempts)
    .where(inArray(deliveryAttempts.invitationId, ids))
    .orderBy(asc(deliveryAttempts.startedAt), asc(deliveryAttempts.attemptNo));
  for (const r of rows) out.set(r.invitationId, [...(out.get(r.invitationId) ?? []), r]);
  return out;
}

export interface NewAttempt {
  invitationId: string;
  channel: string;
  round: number;
  attemptNo: number;
  configId: string | null;
  provider: string | null;
  jobId: string | null;
}

/**
 * Claims attempt `attemptNo` BEFORE the provider is called: INSERT … ON CONFLICT DO NOTHING on the idempotency key.
 * Null when the row already exists (another run got there first).
 */
export async function claimAttempt(db: DbOrTx, a: NewAttempt): Promise<AttemptRow | null> {
  const [row] = await db
    .insert(deliveryAttempts)
    .values({ ...a, status: 'sending', idempotencyKey: attemptKey(a.invitationId, a.channel, a.attemptNo) })
    .onConflictDoNothing({ target: deliveryAttempts.idempotencyKey })
    .returning();
  return row ?? null;
}

/** A finished attempt that never reached a provider: no contact, opted out, no configuration, fatigue. */
export async function recordSkipped(
  db: DbOrTx,
  a: Omit<NewAttempt, 'provider'>,
  code: string,
  detail: string,
): Promise<AttemptRow | null> {
  const [row] = await db
    .insert(deliveryAttempts)
    .values({
      ...a,
      provider: null,
      status: 'failed',
      errorKind: 'skipped',
      errorCode: code,
      detail,
      finishedAt: sql`now()`,
      durationMs: 0,
      idempotencyKey: attemptKey(a.invitationId, a.channel, a.attemptNo),
    })
    .onConflictDoNothing({ target: deliveryAttempts.idempotencyKey })
    .returning();
  return row ?? null;
}

export function presentAttempt(a: AttemptRow) {
  return {
    id: a.id,
    channel: a.channel,
    configId: a.configId,
    provider: a.provider,
    round: a.round,
    attemptNo: a.attemptNo,
    status: a.status,
    errorKind: a.errorKind,
    errorCode: a.errorCode,
    detail: a.detail,
    providerMessageId: a.providerMessageId,
    providerResponse: a.providerResponse,
    receiptStatus: a.receiptStatus,
    receiptErrorCode: a.receiptErrorCode,
    receiptAt: a.receiptAt?.toISOString() ?? null,
    startedAt: a.startedAt.toISOString(),
    finishedAt: a.finishedAt?.toISOString() ?? null,
    durationMs: a.durationMs,
  };
}

/** Attempts of one invitation, channel and round, in attempt order. */
export const ofChannel = (rows: AttemptRow[], channel: string, round: number) =>
  rows.filter((r) => r.channel === channel && r.round === round).sort((a, b) => a.attemptNo - b.attemptNo);

export const nextAttemptNo = (rows: AttemptRow[], channel: string) =>
  rows.filter((r) => r.channel === channel).reduce((m, r) => Math.max(m, r.attemptNo), 0) + 1;

/** A claimed attempt of the batched dispatch: what its send and its outcome need. */
export interface ClaimedAttempt {
  id: string;
  invitationId: string;
  channel: string;
  attemptNo: number;
  idempotencyKey: string;
}

/**
 * `claimAttempt` for a batch in one multi-row INSERT … ON CONFLICT DO NOTHING, before any provider is called, with
 * `before` (a data-modifying statement, e.g. the invitations' pending → sending) run in the same statement. Returns
 * the rows this call inserted: an attempt missing from the answer was claimed by another run.
 */
export async function claimAttempts(db: DbOrTx, attempts: NewAttempt[], before: SQL): Promise<ClaimedAttempt[]> {
  if (!attempts.length) return [];
  const col = <K extends keyof NewAttempt>(k: K) => attempts.map((a) => a[k]);
  return executeRows<ClaimedAttempt>(
    db,
    sql`with before as (${before})
      insert into ${deliveryAttempts} (invitation_id, channel, round, attempt_no, config_id, provider, job_id, status,
        idempotency_key)
      select a.invitation_id, a.channel, a.round, a.attempt_no, a.config_id, a.provider, a.job_id, 'sending',
        a.invitation_id::text || ':' || a.channel || ':' || a.attempt_no
      from unnest(${sql.param(col('invitationId'))}::uuid[], ${sql.param(col('channel'))}::text[], ${sql.param(col('round'))}::int[],
                  ${sql.param(col('attemptNo'))}::int[], ${sql.param(col('configId'))}::uuid[], ${sql.param(col('provider'))}::text[],
                  ${sql.param(col('jobId'))}::text[])
        as a(invitation_id, channel, round, attempt_no, config_id, provider, job_id)
      on conflict (idempotency_key) do nothing
      returning id, invitation_id as "invitationId", channel, attempt_no as "attemptNo",
        idempotency_key as "idempotencyKey"`,
  );
}
