import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { InvitationStatus } from '../../../common/invitations.js';
import type { Database } from '../../db/client.js';
import { preparedRows } from '../../db/sql.js';
import { insertEventsSql } from '../events/events.service.js';
import type { InvitationRow } from '../invitations/invitations.service.js';
import { invitationFromSql, readAndMarkOpenedCtes } from '../invitations/submission-slots.js';
import { workOrderSummarySql } from '../work-orders/work-orders.queries.js';
import { rememberInvitation } from './invitation-facts.js';
import type { PageWorkOrder } from './page-context.js';

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

export interface CustomerPageRead {
  /** As it is now (with the opening this request recorded, if it did). */
  invitation: InvitationRow;
  /** null when the work order is gone: the page then shows no work-order line rather than failing the customer. */
  workOrder: PageWorkOrder | null;
}

interface PageRow extends Record<string, unknown> {
  opened_status: InvitationStatus | null;
  opened_opened_at: Date | string | null;
  wo_number: string | null;
  wo_subject: string | null;
}

/**
 * The customer page's one read: the invitation, the work order's number and subject, and — the first time a person
 * opens an open link (`recordOpening`, not for speculative loads) — "opened" with its `invitation.opened` event. One
 * named prepared statement, one round trip. A scanner that does a plain GET does count as an opening (it cannot be
 * told apart), but it can never create a rating (only a POST can).
 *
 * The opening commits without waiting for its WAL flush (`synchronous_commit = off` for this transaction only): a
 * funnel mark, not a customer's words, so the page never queues behind 50 other customers' flushes. PostgreSQL
 * keeps it atomic and ordered (a crash can lose the last fraction of a second of openings — the mark and its event
 * together — never a rating, and any later synchronous commit flushes it first).
 */
export async function readCustomerPage(
  database: Database,
  req: FastifyRequest,
  invitationId: string,
  opts: { recordOpening: boolean },
): Promise<CustomerPageRead | null> {
  const record = opts.recordOpening && !isSpeculative(req);
  const [raw] = await preparedRows<PageRow>(
    database,
    'rateloop_customer_page',
    sql`with ${readAndMarkOpenedCtes(invitationId, record)},
    event as (${insertEventsSql(
      sql`select 'invitation.opened', work_order_id, 'invitation', id::text, 'customer', '{}'::jsonb from opened`,
    )}),
    async_commit as (select set_config('synchronous_commit', 'off', true) as setting)
    select inv.*, o.status as opened_status, o.opened_at as opened_opened_at, wo.number as wo_number,
      wo.subject as wo_subject, a.setting as async_commit
    from inv
    cross join async_commit a
    left join opened o on true
    left join (${workOrderSummarySql}) wo on wo.id = inv.work_order_id`,
  );
  if (!raw) return null;
  const invitation = invitationFromSql(raw);
  if (raw.opened_status && raw.opened_opened_at) {
    invitation.status = raw.opened_status;
    invitation.openedAt = new Date(raw.opened_opened_at);
  }
  rememberInvitation(invitation);
  const workOrder = raw.wo_number === null ? null : { number: raw.wo_number, subject: raw.wo_subject ?? '' };
  return { invitation, workOrder };
}
