/**
 * What delivery holds about a customer (issue 21): their opt-outs, and what providers answered when their messages
 * were sent (a provider may echo the number). Attempt times, channels, statuses and error codes stay.
 */
import { and, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { contactOptOuts, deliveryAttempts } from '../../db/schema/delivery.js';
import { anyUuid } from '../../db/sql.js';
import { hashedContactKey } from './opt-outs.js';

/** The opt-outs of these contact keys, kept plain or hashed (the export). */
export async function optOutsOf(db: DbOrTx, contactKeys: string[]) {
  if (!contactKeys.length) return [];
  return db
    .select({ channel: contactOptOuts.channel, source: contactOptOuts.source, createdAt: contactOptOuts.createdAt })
    .from(contactOptOuts)
    .where(inArray(contactOptOuts.contactKey, [...contactKeys, ...contactKeys.map(hashedContactKey)]));
}

/**
 * Replaces plain opt-out keys by their hash: these contacts' (erase), or those recorded before `before`
 * (retention). The opt-out keeps working (`optedOutKeys` looks for both forms). Returns how many were hashed.
 */
export async function hashOptOuts(tx: DbOrTx, target: { contactKeys: string[] } | { before: Date }): Promise<number> {
  const where =
    'contactKeys' in target
      ? target.contactKeys.length
        ? inArray(contactOptOuts.contactKey, target.contactKeys)
        : undefined
      : and(lt(contactOptOuts.createdAt, target.before), sql`${contactOptOuts.contactKey} not like 'sha256:%'`);
  if (!where) return 0;
  const plain = await tx.delete(contactOptOuts).where(where).returning();
  if (!plain.length) return 0;
  await tx
    .insert(contactOptOuts)
    .values(plain.map((o) => ({ ...o, contactKey: hashedContactKey(o.contactKey) })))
    .onConflictDoNothing();
  return plain.length;
}

/** Forgets what providers answered (and the detail text) for these invitations' attempts. */
export async function redactAttemptResponses(tx: DbOrTx, invitationIds: string[]): Promise<number> {
  if (!invitationIds.length) return 0;
  const rows = await tx
    .update(deliveryAttempts)
    .set({ providerResponse: null, detail: null })
    .where(
      and(
        anyUuid(deliveryAttempts.invitationId, invitationIds),
        or(isNotNull(deliveryAttempts.providerResponse), isNotNull(deliveryAttempts.detail)),
      ),
    )
    .returning({ id: deliveryAttempts.id });
  return rows.length;
}
