import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { InvitationStatus } from '../../../common/invitations.js';
import type { Db } from '../../db/client.js';
import { executeRows } from '../../db/sql.js';
import { insertEventsSql } from '../events/events.service.js';
import type { InvitationRow } from '../invitations/invitations.service.js';
import { markOpenedSql } from '../invitations/submission-slots.js';

/**
 * Whether a request is a speculative load rather than a person looking: HEAD (link checkers, e-mail scanners),
 * browser prefetch/prerender (`Sec-Purpose`, `Purpose`, Firefox's `X-Moz`) and link previews (`X-Purpose`).
 */
export function isSpeculative(req: FastifyRequest): boolean {
  if (req.method === 'HEAD') return true;
  const h = req.headers;
  const values = [h['sec-purpose'], h.purpose, h['x-purpose'], h['x-moz']].flat().filter(Boolean).join(' ');
  return /prefetch|prerender|preview/i.test(values);
}

/**
 * Records "opened" — and nothing else — the first time a person opens the link: status and `openedAt` on the
 * invitation and one `invitation.opened` event, in one transaction. Speculative loads record nothing, so the
 * funnel's "opened" is not inflated by prefetching; a scanner that does a plain GET does count as an opening
 * (it cannot be told apart), but it can never create a rating (only a POST can).
 * Returns the invitation as it is now.
 */
export async function recordOpening(db: Db, req: FastifyRequest, invitation: InvitationRow): Promise<InvitationRow> {
  if (invitation.openedAt || isSpeculative(req)) return invitation;
  // One statement: the opening and its event commit together, in one round trip.
  const [opened] = await executeRows<{ status: InvitationStatus; opened_at: string }>(
    db,
    sql`with opened as (${markOpenedSql(invitation.id)}),
    event as (${insertEventsSql(
      sql`select 'invitation.opened', work_order_id, 'invitation', id::text, 'customer', '{}'::jsonb from opened`,
    )})
    select status, opened_at from opened`,
  );
  return opened ? { ...invitation, status: opened.status, openedAt: new Date(opened.opened_at) } : invitation;
}
