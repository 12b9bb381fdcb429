import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { deliveryProblems } from '../../db/schema/delivery.js';
import type { JobQueue } from '../../jobs/queue.js';
import { notifyProblemJob } from './problems.jobs.js';

/** What a failed attempt tells about the installation (not about one customer). */
export interface ProblemCause {
  channel: string;
  /** `skipped` (no configuration) or the adapter's failure kind. */
  kind: string;
  code: string;
  detail?: string | null;
}

/**
 * The cause key of a failed attempt, or null when the failure is about one customer or passing: no configuration
 * for the channel (`no_config:sms`), or a permanent / quota failure of the provider (`permanent:sms:21608`). A missing
 * address, an opt-out, a transient error or an interrupted send are not installation problems.
 */
export function problemCause(c: ProblemCause): string | null {
  if (c.kind === 'skipped') return c.code === 'no_config' ? `no_config:${c.channel}` : null;
  if (c.kind === 'permanent' || c.kind === 'quota') return `${c.kind}:${c.channel}:${c.code}`.slice(0, 200);
  return null;
}

/**
 * Counts a failed attempt against its cause IN THE ATTEMPT'S TRANSACTION: one row per cause (insert, or count +1);
 * an acknowledged problem failing again re-opens (count 1, next generation). When the problem is new or re-opened,
 * the `delivery.notify_problem` job is enqueued in the same transaction, keyed by problem and generation — so two
 * invitations failing for the same reason tell the admins once. `invitationId` is null for a problem that is not an
 * invitation's (an event webhook endpoint disabled after 5 days of failures, `webhooks/attempts.ts`).
 */
export async function recordDeliveryProblem(
  tx: Tx,
  jobs: JobQueue,
  c: ProblemCause & { invitationId: string | null },
): Promise<void> {
  const cause = problemCause(c);
  if (!cause) return;
  const [row] = await tx
    .insert(deliveryProblems)
    .values({
      cause,
      channel: c.channel,
      kind: c.kind,
      code: c.code,
      detail: c.detail?.slice(0, 500) ?? null,
      lastInvitationId: c.invitationId,
    })
    .onConflictDoUpdate({
      target: deliveryProblems.cause,
      set: {
        detail: sql`excluded.detail`,
        lastInvitationId: sql`excluded.last_invitation_id`,
        lastSeenAt: sql`now()`,
        count: sql`case when ${deliveryProblems.acknowledgedAt} is null then ${deliveryProblems.count} + 1 else 1 end`,
        firstSeenAt: sql`case when ${deliveryProblems.acknowledgedAt} is null then ${deliveryProblems.firstSeenAt} else now() end`,
        generation: sql`case when ${deliveryProblems.acknowledgedAt} is null then ${deliveryProblems.generation} else ${deliveryProblems.generation} + 1 end`,
        acknowledgedAt: null,
        acknowledgedBy: null,
      },
    })
    .returning({ id: deliveryProblems.id, count: deliveryProblems.count, generation: deliveryProblems.generation });
  if (row?.count === 1)
    await jobs.send(
      notifyProblemJob,
      { problemId: row.id, generation: row.generation },
      { key: `${row.id}:${row.generation}`, tx },
    );
}
