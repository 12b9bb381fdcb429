import { inArray, type SQL, sql } from 'drizzle-orm';
import { invitations } from '../../db/schema/invitations.js';
import { rowFromSql } from '../../db/sql.js';
import { effectiveStatus, type InvitationRow, type LinkFacts } from './invitations.service.js';

/** What a customer holding the link may do now. */
export type LinkState = 'open' | 'used' | 'expired' | 'revoked';

export function linkState(row: LinkFacts, now = new Date()): LinkState {
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

/** Statuses that "opened" may replace: later states (expired, revoked) are never overwritten. */
const BEFORE_OPENED = ['pending', 'sending', 'delivered', 'failed'] as const;

/**
 * The customer page's read of its invitation, recording the first opening on the way, as CTEs for a caller that
 * adds its event and joins what else the page shows — one round trip:
 *   `inv`    the invitation row as it was (`select *`);
 *   `opened` when `record` and the link is still open and was never opened: `openedAt` set once and the status
 *            moved to `opened` while it was still in delivery. Returns a row only to the one request that recorded
 *            it, so the `invitation.opened` event is written exactly once even when two tabs open together.
 */
export function readAndMarkOpenedCtes(invitationId: string, record: boolean): SQL {
  return sql`inv as (select * from ${invitations} where id = ${invitationId}),
    opened as (
      update ${invitations} set
        opened_at = now(),
        status = case when ${inArray(invitations.status, [...BEFORE_OPENED])} then 'opened' else status end,
        updated_at = now()
      where id = ${invitationId} and ${record}::boolean and opened_at is null
        and submission_count < submission_limit and expires_at > now() and revoked_at is null and status <> 'revoked'
      returning id, work_order_id, status, opened_at
    )`;
}

/** The invitation row from {@link readAndMarkOpenedCtes}' `inv.*` (with `opened`'s status and time when it recorded). */
export function invitationFromSql(raw: Record<string, unknown>): InvitationRow {
  return rowFromSql(invitations, raw);
}

/**
 * The slot claim as SQL (`UPDATE … RETURNING id, work_order_id, node_id`), for a caller that embeds it in a larger
 * statement (the rating submission does the claim, the rating, the node and their events in one round trip).
 *
 * ONE conditional UPDATE: PostgreSQL re-checks the WHERE clause on the locked row, so 20 concurrent submissions on a
 * one-use link give exactly one slot, and a QR invitation never exceeds its limit. `templateVersionId` is the version
 * the caller scored the answers with: a link of another version claims nothing. `andAlso`: the caller's own
 * condition (the submission's "no twin with this key").
 *
 * It rewrites no indexed column — "submitted" is derived from the counters (`effectiveStatus`), not stored — so the
 * update is a HOT update (no index entries; the table keeps free space for it, see migration 0017).
 */
export function claimSubmissionSlotSql(invitationId: string, templateVersionId: string, andAlso: SQL = sql`true`): SQL {
  return sql`update ${invitations} set
      submission_count = submission_count + 1,
      first_submitted_at = coalesce(first_submitted_at, now()),
      updated_at = now()
    where id = ${invitationId} and template_version_id = ${templateVersionId}
      and submission_count < submission_limit and expires_at > now()
      and revoked_at is null and status <> 'revoked' and ${andAlso}
    returning id, work_order_id, node_id`;
}

/** The columns a submission needs to explain why it claimed no slot (see {@link linkStateOf}). */
export function invitationStateSql(invitationId: string): SQL {
  return sql`select status, submission_count, submission_limit, expires_at, revoked_at, template_version_id
    from ${invitations} where id = ${invitationId}`;
}

export interface InvitationStateRow {
  status: string;
  submission_count: number;
  submission_limit: number;
  expires_at: Date | string;
  revoked_at: Date | string | null;
  template_version_id: string;
}

/** The link state from {@link invitationStateSql}'s row (same rules as {@link linkState}). */
export function linkStateOf(row: InvitationStateRow, now = new Date()): LinkState {
  return linkState(
    {
      status: row.status as InvitationRow['status'],
      submissionCount: Number(row.submission_count),
      submissionLimit: Number(row.submission_limit),
      expiresAt: new Date(row.expires_at),
      revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
    },
    now,
  );
}
