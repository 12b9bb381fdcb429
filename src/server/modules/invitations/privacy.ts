/**
 * What the invitations module holds about a customer (issue 21): the contact an invitation was addressed to. The
 * privacy module asks through here.
 */
import { and, asc, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { PersonKeys } from '../../../common/privacy.js';
import type { DbOrTx } from '../../db/client.js';
import { invitations } from '../../db/schema/invitations.js';
import { anyUuid } from '../../db/sql.js';

function contactMatch(p: PersonKeys): SQL[] {
  const parts: SQL[] = [];
  if (p.phone) parts.push(sql`rateloop_phone_key(${invitations.contact}->>'phone') = ${p.phone}`);
  if (p.email) parts.push(sql`lower(btrim(${invitations.contact}->>'email')) = ${p.email}`);
  if (p.openId) parts.push(sql`btrim(${invitations.contact}->>'wechatOpenId') = ${p.openId}`);
  return parts;
}

/** This person's invitations: those of their work orders and any other addressed to them, oldest first. */
export async function invitationsOfPerson(db: DbOrTx, p: PersonKeys, workOrderIds: string[]) {
  const parts = [...contactMatch(p), ...(workOrderIds.length ? [anyUuid(invitations.workOrderId, workOrderIds)] : [])];
  if (!parts.length) return [];
  return db
    .select({
      id: invitations.id,
      workOrderId: invitations.workOrderId,
      source: invitations.source,
      contact: invitations.contact,
      channels: invitations.channels,
      status: invitations.status,
      createdAt: invitations.createdAt,
      deliveredAt: invitations.deliveredAt,
      openedAt: invitations.openedAt,
      firstSubmittedAt: invitations.firstSubmittedAt,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .where(or(...parts))
    .orderBy(asc(invitations.createdAt), asc(invitations.id));
}

/** The ids of these work orders' invitations. */
export async function invitationIdsOfWorkOrders(db: DbOrTx, workOrderIds: string[]): Promise<string[]> {
  if (!workOrderIds.length) return [];
  const rows = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(anyUuid(invitations.workOrderId, workOrderIds));
  return rows.map((r) => r.id);
}

/**
 * Empties the contact of these invitations (by id) and marks them redacted. A waiting delivery or reminder then finds
 * no address and is skipped, as for any invitation without one.
 */
export async function redactInvitationContacts(tx: DbOrTx, ids: string[], now: Date): Promise<number> {
  if (!ids.length) return 0;
  const rows = await tx
    .update(invitations)
    .set({ contact: {}, contactRedactedAt: now })
    .where(and(anyUuid(invitations.id, ids), isNull(invitations.contactRedactedAt)))
    .returning({ id: invitations.id });
  return rows.length;
}
