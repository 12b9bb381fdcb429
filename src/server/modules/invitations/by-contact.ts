import { and, gt, ne, or, type SQL, sql } from 'drizzle-orm';
import type { InvitationContact } from '../../../common/invitations.js';
import type { DbOrTx } from '../../db/client.js';
import { invitations } from '../../db/schema/invitations.js';
import { executeRows } from '../../db/sql.js';

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

/**
 * `otherInvitationDeliveredToContact` for many invitations in one query (the batched dispatch): invitation id →
 * the id of another invitation delivered to its contact after `since`. Served by the partial expression indexes
 * `invitations_delivered_{email,phone,wechat}_idx` (migration 0016).
 */
export async function othersDeliveredToContacts(
  db: DbOrTx,
  items: { invitationId: string; contact: InvitationContact }[],
  since: Date,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const asked = items.filter(({ contact: c }) => c.email?.trim() || c.phone?.trim() || c.wechatOpenId?.trim());
  if (!asked.length) return out;
  const rows = await executeRows<{ for_id: string; other_id: string }>(
    db,
    sql`select c.id::text as for_id, (
          select i.id::text from ${invitations} i
          where i.id <> c.id and i.delivered_at > ${since.toISOString()}::timestamptz and (
            lower(i.contact->>'email') = c.email or (i.contact->>'phone') = c.phone
            or (i.contact->>'wechatOpenId') = c.wechat)
          limit 1) as other_id
        from unnest(${sql.param(asked.map((a) => a.invitationId))}::uuid[],
                    ${sql.param(asked.map((a) => a.contact.email?.trim().toLowerCase() || null))}::text[],
                    ${sql.param(asked.map((a) => a.contact.phone?.trim() || null))}::text[],
                    ${sql.param(asked.map((a) => a.contact.wechatOpenId?.trim() || null))}::text[]) as c(id, email, phone, wechat)`,
  );
  for (const r of rows) if (r.other_id) out.set(r.for_id, r.other_id);
  return out;
}
