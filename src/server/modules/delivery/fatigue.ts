import { and, gt, ne, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { invitations } from '../../db/schema/invitations.js';
import type { InvitationRow } from '../invitations/invitations.service.js';

/**
 * Fatigue cap: the id of another invitation delivered to the same contact (e-mail, phone or WeChat OpenID) within
 * `days`, or null. Checked when an automatic invitation's delivery starts; manual sends skip the check.
 */
export async function fatigueHit(db: DbOrTx, inv: InvitationRow, days: number, now: Date): Promise<string | null> {
  const c = inv.contact;
  const same: SQL[] = [];
  if (c.email?.trim()) same.push(sql`lower(${invitations.contact}->>'email') = ${c.email.trim().toLowerCase()}`);
  if (c.phone?.trim()) same.push(sql`${invitations.contact}->>'phone' = ${c.phone.trim()}`);
  if (c.wechatOpenId?.trim()) same.push(sql`${invitations.contact}->>'wechatOpenId' = ${c.wechatOpenId.trim()}`);
  if (!same.length) return null;
  const [row] = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(
      and(
        ne(invitations.id, inv.id),
        gt(invitations.deliveredAt, new Date(now.getTime() - days * 86_400_000)),
        or(...same),
      ),
    )
    .limit(1);
  return row?.id ?? null;
}
