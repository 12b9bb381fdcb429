import { and, asc, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { InvitationSource } from '../../../common/invitations.js';
import type { DbOrTx } from '../../db/client.js';
import { type InvitationContact, invitations } from '../../db/schema/invitations.js';
import { anyUuid } from '../../db/sql.js';
import { type LinkViewer, linkFieldsFor } from './invitation-links.js';
import { invitationToken } from './token.js';

export type InvitationRow = typeof invitations.$inferSelect;

/** What an invitation link needs: the installation secret and the public origin (PUBLIC_BASE_URL). */
export interface LinkContext {
  appSecret: string;
  publicBaseUrl: string;
}

export const invitationUrl = (links: LinkContext, token: string) => `${links.publicBaseUrl}/r/${token}`;

export interface NewInvitation {
  workOrderId: string;
  /** The node instance asking for the rating (null: outside any node). */
  nodeId?: string | null;
  templateVersionId: string;
  source: InvitationSource;
  ruleId?: string | null;
  contact: InvitationContact;
  channels: string[];
  deliveryPolicy?: 'priority_chain' | 'all';
  submissionLimit?: number;
  /** Days until the link expires (default 14). */
  linkExpiryDays?: number;
  createdBy?: string | null;
}

/** Creates an invitation (inside the caller's transaction) and returns it with its token and link. */
export async function createInvitation(tx: DbOrTx, links: LinkContext, input: NewInvitation) {
  const expiresAt = new Date(Date.now() + (input.linkExpiryDays ?? 14) * 86_400_000);
  const [row] = await tx
    .insert(invitations)
    .values({
      workOrderId: input.workOrderId,
      nodeId: input.nodeId ?? null,
      templateVersionId: input.templateVersionId,
      source: input.source,
      ruleId: input.ruleId ?? null,
      contact: input.contact,
      channels: input.channels,
      deliveryPolicy: input.deliveryPolicy ?? 'priority_chain',
      submissionLimit: input.submissionLimit ?? 1,
      expiresAt,
      createdBy: input.createdBy ?? null,
    })
    .returning();
  const token = invitationToken(links.appSecret, row!.id);
  return { invitation: row!, token, url: invitationUrl(links, token) };
}

/** THE invitation reader: one invitation by id, or null when it is gone (other modules read it through here). */
export async function findInvitation(db: DbOrTx, id: string): Promise<InvitationRow | null> {
  const [row] = await db.select().from(invitations).where(eq(invitations.id, id)).limit(1);
  return row ?? null;
}

/** Several invitations by id in one query (the batched dispatch); missing ids are simply absent. */
export async function findInvitations(db: DbOrTx, ids: string[]): Promise<InvitationRow[]> {
  if (!ids.length) return [];
  return db.select().from(invitations).where(anyUuid(invitations.id, ids));
}

export async function listInvitationsOfWorkOrder(db: DbOrTx, workOrderId: string): Promise<InvitationRow[]> {
  return db
    .select()
    .from(invitations)
    .where(and(eq(invitations.workOrderId, workOrderId)))
    .orderBy(desc(invitations.createdAt), desc(invitations.id));
}

/** The invitations of several work orders in one query, newest first (the customer portal's pending ratings). */
export async function invitationsOfWorkOrders(db: DbOrTx, workOrderIds: string[]): Promise<InvitationRow[]> {
  if (!workOrderIds.length) return [];
  return db
    .select()
    .from(invitations)
    .where(anyUuid(invitations.workOrderId, workOrderIds))
    .orderBy(desc(invitations.createdAt), desc(invitations.id));
}

/**
 * Gives the invitations of these work orders that have no WeChat openid the customer's (learnt at the portal's
 * WeChat sign-in), so their next delivery round or reminder can use WeChat. Returns how many changed.
 */
export async function fillWechatOpenId(tx: DbOrTx, workOrderIds: string[], openId: string): Promise<number> {
  if (!workOrderIds.length) return 0;
  const rows = await tx
    .update(invitations)
    .set({
      contact: sql`${invitations.contact} || jsonb_build_object('wechatOpenId', ${openId}::text)`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        anyUuid(invitations.workOrderId, workOrderIds),
        sql`coalesce(btrim(${invitations.contact}->>'wechatOpenId'), '') = ''`,
      ),
    )
    .returning({ id: invitations.id });
  return rows.length;
}

/** The effective status: a link past its expiry reads as expired even before a job marks it. */
export type LinkFacts = Pick<
  InvitationRow,
  'status' | 'revokedAt' | 'submissionCount' | 'submissionLimit' | 'expiresAt'
>;

export function effectiveStatus(row: LinkFacts, now = new Date()): InvitationRow['status'] {
  if (row.status === 'revoked' || row.revokedAt) return 'revoked';
  if (row.submissionCount >= row.submissionLimit) return 'submitted';
  if (row.expiresAt <= now) return 'expired';
  return row.status;
}

/**
 * An invitation as staff and integrations see it: the live `token`/`url` only for QR invitations and for a viewer
 * who may reveal links (see invitation-links.ts); the caller audits `viewer.revealed` once per request.
 */
export function presentInvitation(row: InvitationRow, links: LinkContext, viewer: LinkViewer) {
  const link = linkFieldsFor(row, links, viewer);
  return {
    id: row.id,
    workOrderId: row.workOrderId,
    token: link.token,
    url: link.url,
    maskedUrl: link.maskedUrl,
    qr: link.qr,
    status: effectiveStatus(row),
    source: row.source,
    ruleId: row.ruleId,
    templateVersionId: row.templateVersionId,
    channels: row.channels,
    deliveryPolicy: row.deliveryPolicy,
    submissionLimit: row.submissionLimit,
    submissionCount: row.submissionCount,
    expiresAt: row.expiresAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    openedAt: row.openedAt?.toISOString() ?? null,
    firstSubmittedAt: row.firstSubmittedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * The invitation with its live link, for what goes to the customer's own channel (message variables, the invitation
 * webhook). Never for a staff-facing response: those use `presentInvitation` with the request's `LinkViewer`.
 */
export function presentInvitationWithLink(row: InvitationRow, links: LinkContext) {
  const token = invitationToken(links.appSecret, row.id);
  return {
    ...presentInvitation(row, links, { canReveal: true, revealed: [] }),
    token,
    url: invitationUrl(links, token),
  };
}

/**
 * Invitations still `pending` since before `before` that have a channel to send through (not QR only): each should
 * have had its delivery job since its transaction committed. The repair sweep re-enqueues theirs (a no-op where the
 * job exists).
 */
export async function invitationsAwaitingDelivery(db: DbOrTx, before: Date, limit = 500): Promise<string[]> {
  const rows = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(
      and(
        eq(invitations.status, 'pending'),
        isNull(invitations.revokedAt),
        lt(invitations.createdAt, before),
        sql`not (${invitations.channels} <@ array['qr']::text[])`,
      ),
    )
    .orderBy(asc(invitations.createdAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Where a walk over the invitations stopped: the last one's creation time (PostgreSQL's text) and id. */
export interface InvitationWalkCursor {
  at: string;
  id: string;
}

/**
 * Invitation ids in creation order after `cursor` (analytics' rebuild walks every invitation in chunks; creation
 * order keeps a chunk's funnel buckets few, as for ratings).
 */
export async function invitationIdsAfter(
  db: DbOrTx,
  cursor: InvitationWalkCursor | null,
  limit: number,
): Promise<{ ids: string[]; next: InvitationWalkCursor | null }> {
  const rows = await db
    .select({ id: invitations.id, at: sql<string>`${invitations.createdAt}::text` })
    .from(invitations)
    .where(
      cursor
        ? sql`(${invitations.createdAt}, ${invitations.id}) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)`
        : undefined,
    )
    .orderBy(asc(invitations.createdAt), asc(invitations.id))
    .limit(limit);
  const last = rows.at(-1);
  return { ids: rows.map((r) => r.id), next: last ? { at: last.at, id: last.id } : null };
}

/** How many invitations there are (analytics' rebuild progress total). */
export async function countInvitations(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(invitations);
  return row?.n ?? 0;
}
