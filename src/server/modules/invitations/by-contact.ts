import { and, gt, ne, or, type SQL, sql } from 'drizzle-orm';
import type { InvitationContact } from '../../../common/invitations.js';
import type { DbOrTx } from '../../db/client.js';
import { invitations } from '../../db/schema/invitations.js';

/**
 * The id of another invitation (not `invitationId`) delivered after `since` to the same contact — e-mail (any case),
 * phone or WeChat OpenID — or null; also null when the contact has none of them. Delivery's fatigue cap asks this.
 */
export async function otherInvitationDeliveredToContact(
  db: DbOrTx,
  invitationId: string,
  contact: InvitationContact,
  since: Date,
): Promise<string | null> {
  const same: SQL[] = [];
  if (contact.email?.trim())
    same.push(sql`lower(${invitations.contact}->>'email') = ${contact.email.trim().toLowerCase()}`);
  if (contact.phone?.trim()) same.push(sql`${invitations.contact}->>'phone' = ${contact.phone.trim()}`);
  if (contact.wechatOpenId?.trim())
    same.push(sql`${invitations.contact}->>'wechatOpenId' = ${contact.wechatOpenId.trim()}`);
  if (!same.length) return null;
  const [row] = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(and(ne(invitations.id, invitationId), gt(invitations.deliveredAt, since), or(...same)))
    .limit(1);
  return row?.id ?? null;
}
