import { and, arrayContains, desc, eq, gte, ilike, inArray, lte, or, type SQL, sql } from 'drizzle-orm';
import type { InvitationSource } from '../../../common/invitations.js';
import type { DbOrTx } from '../../db/client.js';
import { deliveryAttempts } from '../../db/schema/delivery.js';
import { INVITATION_STATUSES, type InvitationStatus, invitations } from '../../db/schema/invitations.js';
import { workOrders } from '../../db/schema/work-orders.js';
import { escapeLike } from '../../db/sql.js';
import { instant } from '../../http/dates.js';
import { keyset } from '../../http/pagination.js';
import type { Actor } from '../../http/principal.js';
import { visibleThroughWorkOrder } from '../access/require-access.js';
import type { LinkViewer } from './invitation-links.js';
import { type LinkContext, presentInvitation } from './invitations.service.js';

export interface InvitationListQuery {
  limit: number;
  cursor?: string;
  status?: InvitationStatus;
  channel?: string;
  source?: InvitationSource;
  workOrderId?: string;
  /** ISO instants (validated by `instantParam`). */
  from?: string;
  to?: string;
  q?: string;
}

const invitationsPage = keyset({ kind: 'timestamp', sort: invitations.createdAt, id: invitations.id, order: 'desc' });

/** The effective status in SQL — the same rules, in the same order, as `effectiveStatus`. */
export const effectiveStatusSql = (now: Date) => sql<InvitationStatus>`case
  when ${invitations.status} = 'revoked' or ${invitations.revokedAt} is not null then 'revoked'
  when ${invitations.submissionCount} >= ${invitations.submissionLimit} then 'submitted'
  when ${invitations.expiresAt} <= ${now.toISOString()}::timestamptz then 'expired'
  else ${invitations.status} end`;

/** The latest attempt (by start, then attempt number) of each invitation: one query for a whole page. */
async function lastAttemptsOf(db: DbOrTx, ids: string[]) {
  if (!ids.length) return new Map<string, typeof deliveryAttempts.$inferSelect>();
  const rows = await db
    .selectDistinctOn([deliveryAttempts.invitationId])
    .from(deliveryAttempts)
    .where(inArray(deliveryAttempts.invitationId, ids))
    .orderBy(deliveryAttempts.invitationId, desc(deliveryAttempts.startedAt), desc(deliveryAttempts.attemptNo));
  return new Map(rows.map((r) => [r.invitationId, r]));
}

/** Invitations across work orders, newest first (keyset on createdAt, id), with their work order and last attempt. */
export async function listInvitations(
  db: DbOrTx,
  actor: Actor,
  links: LinkContext,
  viewer: LinkViewer,
  query: InvitationListQuery,
  now = new Date(),
) {
  const where: (SQL | undefined)[] = [await visibleThroughWorkOrder(db, actor, invitations.workOrderId)];
  if (query.status) where.push(sql`${effectiveStatusSql(now)} = ${query.status}`);
  if (query.channel) where.push(arrayContains(invitations.channels, [query.channel]));
  if (query.source) where.push(eq(invitations.source, query.source));
  if (query.workOrderId) where.push(eq(invitations.workOrderId, query.workOrderId));
  if (query.from) where.push(gte(invitations.createdAt, instant(query.from)));
  if (query.to) where.push(lte(invitations.createdAt, instant(query.to)));
  const q = query.q?.trim();
  if (q) {
    where.push(or(ilike(workOrders.number, `${escapeLike(q)}%`), ilike(workOrders.subject, `%${escapeLike(q)}%`)));
  }
  where.push(invitationsPage.after(query.cursor));
  const rows = await db
    .select({
      invitation: invitations,
      workOrder: { id: workOrders.id, number: workOrders.number, subject: workOrders.subject },
      pageKey: invitationsPage.key,
    })
    .from(invitations)
    .leftJoin(workOrders, eq(workOrders.id, invitations.workOrderId))
    .where(and(...where))
    .orderBy(...invitationsPage.orderBy)
    .limit(query.limit + 1);
  const last = await lastAttemptsOf(
    db,
    rows.slice(0, query.limit).map((r) => r.invitation.id),
  );
  return invitationsPage.page(
    rows,
    query.limit,
    (r) => {
      const a = last.get(r.invitation.id);
      return {
        ...presentInvitation(r.invitation, links, viewer),
        workOrder: r.workOrder,
        lastAttempt: a
          ? {
              channel: a.channel,
              status: a.status,
              errorKind: a.errorKind,
              errorCode: a.errorCode,
              finishedAt: a.finishedAt?.toISOString() ?? null,
            }
          : null,
      };
    },
    (r) => ({ v: r.pageKey, id: r.invitation.id }),
  );
}

/** How many invitations the caller sees per effective status (the list's status filter shows them; "failed" first). */
export async function countInvitationsByStatus(
  db: DbOrTx,
  actor: Actor,
  now = new Date(),
): Promise<Record<InvitationStatus, number>> {
  const status = effectiveStatusSql(now);
  const rows = await db
    .select({ status, n: sql<number>`count(*)::int` })
    .from(invitations)
    .where(await visibleThroughWorkOrder(db, actor, invitations.workOrderId))
    .groupBy(sql`1`);
  const out = Object.fromEntries(INVITATION_STATUSES.map((s) => [s, 0])) as Record<InvitationStatus, number>;
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}
