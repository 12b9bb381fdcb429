import { inArray, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { invitations } from '../../db/schema/invitations.js';
import { executeRows } from '../../db/sql.js';
import { effectiveStatus, type InvitationRow } from './invitations.service.js';

/** What a customer holding the link may do now. */
export type LinkState = 'open' | 'used' | 'expired' | 'revoked';

export function linkState(row: InvitationRow, now = new Date()): LinkState {
  switch (effectiveStatus(row, now)) {
    case 'revoked':
      return 'revoked';
    case 'submitted':
      return 'used';
    case 'expired':
      return 'expired';
    default:
      return 'open';
  }
}

/** Statuses that "opened" may replace: later states (submitted, expired, revoked) are never overwritten. */
const BEFORE_OPENED = ['pending', 'sending', 'delivered', 'failed'] as const;

/**
 * Records the first opening of a link, as SQL for a caller that adds its event in the same statement: sets
 * `openedAt` once and moves the status to `opened` while it was still in delivery (later states — submitted,
 * expired, revoked — are never overwritten). Returns a row only to the one request that actually recorded it, so
 * the `invitation.opened` event is written exactly once even when two tabs open together.
 */
export function markOpenedSql(invitationId: string): SQL {
  return sql`update ${invitations} set
      opened_at = now(),
      status = case when ${inArray(invitations.status, [...BEFORE_OPENED])} then 'opened' else status end,
      updated_at = now()
    where id = ${invitationId} and opened_at is null
    returning id, work_order_id, status, opened_at`;
}

/**
 * The slot claim as SQL (`UPDATE … RETURNING id, work_order_id, node_id`), for a caller that embeds it in a larger statement
 * (the rating submission does the claim, the rating and its events in one round trip). Same rule as
 * {@link claimSubmissionSlot}.
 */
export function claimSubmissionSlotSql(invitationId: string): SQL {
  return sql`update ${invitations} set
      submission_count = submission_count + 1,
      first_submitted_at = coalesce(first_submitted_at, now()),
      status = case when submission_count + 1 >= submission_limit then 'submitted' else status end,
      updated_at = now()
    where id = ${invitationId} and submission_count < submission_limit and expires_at > now()
      and revoked_at is null and status <> 'revoked'
    returning id, work_order_id, node_id`;
}

export interface ClaimedSlot {
  id: string;
  workOrderId: string;
}

/**
 * Takes one submission slot of an invitation, or returns null when there is none left (used up, expired or
 * revoked). It is ONE conditional UPDATE: PostgreSQL re-checks the WHERE clause on the locked row, so 20
 * concurrent submissions on a one-use link give exactly one slot, and a QR invitation never exceeds its limit.
 * Run it inside the caller's transaction, so a failure afterwards gives the slot back.
 */
export async function claimSubmissionSlot(tx: DbOrTx, invitationId: string): Promise<ClaimedSlot | null> {
  const [row] = await executeRows<{ id: string; work_order_id: string }>(tx, claimSubmissionSlotSql(invitationId));
  return row ? { id: row.id, workOrderId: row.work_order_id } : null;
}
