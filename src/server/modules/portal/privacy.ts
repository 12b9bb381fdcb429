/**
 * What the customer portal holds about a customer (issue 21): sign-in codes and sessions, each naming the verified
 * address. Both are short-lived; retention and erase delete them outright.
 */
import { asc, inArray, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { portalSessions, portalSignInCodes } from '../../db/schema/portal.js';

/** This person's portal sessions (the export; codes are spent secrets and are not exported). */
export async function portalSessionsOf(db: DbOrTx, contactKeys: string[]) {
  if (!contactKeys.length) return [];
  return db
    .select({
      address: portalSessions.address,
      createdAt: portalSessions.createdAt,
      expiresAt: portalSessions.expiresAt,
      endedAt: portalSessions.endedAt,
    })
    .from(portalSessions)
    .where(inArray(portalSessions.address, contactKeys))
    .orderBy(asc(portalSessions.createdAt));
}

/** Deletes the sessions and codes of these addresses (erase: they are signed out), or older than `before`. */
export async function forgetPortalAddresses(
  tx: DbOrTx,
  target: { contactKeys: string[] } | { before: Date },
): Promise<number> {
  if ('contactKeys' in target && !target.contactKeys.length) return 0;
  const sessions = await tx
    .delete(portalSessions)
    .where(
      'contactKeys' in target
        ? inArray(portalSessions.address, target.contactKeys)
        : lt(portalSessions.createdAt, target.before),
    )
    .returning({ id: portalSessions.id });
  const codes = await tx
    .delete(portalSignInCodes)
    .where(
      'contactKeys' in target
        ? inArray(portalSignInCodes.address, target.contactKeys)
        : lt(portalSignInCodes.createdAt, target.before),
    )
    .returning({ id: portalSignInCodes.id });
  return sessions.length + codes.length;
}
