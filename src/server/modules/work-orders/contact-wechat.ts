/**
 * A customer's WeChat openid per verified contact (issue 20). The customer portal learns it when a customer signs
 * in inside WeChat (web authorisation, `snsapi_base`) and proves their phone or e-mail there; from then on the
 * contact's work orders — those already open and every new one — carry it, so their rating invitations can go out
 * as WeChat template messages (`workflows/rating-resolution.ts` picks WeChat when a work order has an openid).
 */
import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { contactWechatIds, workOrders } from '../../db/schema/work-orders.js';
import { normalisePhone } from '../delivery/opt-outs.js';
import { fillWechatOpenId } from '../invitations/invitations.service.js';

/** The contact keys a work order's customer fields stand for (`phone:+86…`, `email:…`). */
export function contactKeysOf(customer: { phone?: string | null; email?: string | null }): string[] {
  const keys: string[] = [];
  if (customer.phone?.trim()) keys.push(`phone:${normalisePhone(customer.phone)}`);
  if (customer.email?.trim()) keys.push(`email:${customer.email.trim().toLowerCase()}`);
  return keys;
}

/** The openid last learnt for any of these contact keys, or null. */
export async function knownWechatOpenId(db: DbOrTx, contactKeys: string[]): Promise<string | null> {
  if (!contactKeys.length) return null;
  const [row] = await db
    .select({ openId: contactWechatIds.openId })
    .from(contactWechatIds)
    .where(inArray(contactWechatIds.contactKey, contactKeys))
    .orderBy(desc(contactWechatIds.recordedAt))
    .limit(1);
  return row?.openId ?? null;
}

/** The verified contact key an openid was recorded for (the latest), or null: WeChat signs that customer in. */
export async function contactOfWechatOpenId(db: DbOrTx, appId: string, openId: string): Promise<string | null> {
  const [row] = await db
    .select({ contactKey: contactWechatIds.contactKey })
    .from(contactWechatIds)
    .where(and(eq(contactWechatIds.openId, openId), eq(contactWechatIds.appId, appId)))
    .orderBy(desc(contactWechatIds.recordedAt))
    .limit(1);
  return row?.contactKey ?? null;
}

/**
 * Records `openId` for the verified `contactKey` and gives it to the contact's work orders that have none (and to
 * their invitations), in the caller's transaction. A work order whose openid came from an integration keeps it.
 * Returns the work orders that took it.
 */
export async function recordWechatOpenId(
  tx: DbOrTx,
  input: { contactKey: string; appId: string; openId: string; now: Date },
): Promise<string[]> {
  await tx
    .insert(contactWechatIds)
    .values({ contactKey: input.contactKey, appId: input.appId, openId: input.openId, recordedAt: input.now })
    .onConflictDoUpdate({
      target: contactWechatIds.contactKey,
      set: { appId: input.appId, openId: input.openId, recordedAt: input.now },
    });
  const value = input.contactKey.slice(input.contactKey.indexOf(':') + 1);
  const match = input.contactKey.startsWith('phone:')
    ? sql`rateloop_phone_key(${workOrders.customerPhone}) = ${value}`
    : sql`lower(btrim(${workOrders.customerEmail})) = ${value}`;
  const updated = await tx
    .update(workOrders)
    .set({ customerWechatOpenId: input.openId, updatedAt: input.now })
    .where(
      and(
        match,
        or(isNull(workOrders.customerWechatOpenId), sql`btrim(${workOrders.customerWechatOpenId}) = ''`),
        sql`${workOrders.status} <> 'cancelled'`,
      ),
    )
    .returning({ id: workOrders.id });
  const ids = updated.map((r) => r.id);
  await fillWechatOpenId(tx, ids, input.openId);
  return ids;
}
