import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { invitations } from '../../db/schema/invitations.js';

/**
 * The invitation's status as delivery moves it (the delivery module calls these; only this module writes the
 * invitations table). Each is one conditional UPDATE, so a retried job or a racing worker changes it once.
 */

/** pending → sending. */
export async function markInvitationSending(db: DbOrTx, id: string): Promise<void> {
  await db
    .update(invitations)
    .set({ status: 'sending', updatedAt: sql`now()` })
    .where(and(eq(invitations.id, id), eq(invitations.status, 'pending')));
}

/** pending|sending → delivered (with `deliveredAt`). Returns whether this call made the change. */
export async function markInvitationDelivered(tx: DbOrTx, id: string): Promise<boolean> {
  const done = await tx
    .update(invitations)
    .set({ status: 'delivered', deliveredAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(invitations.id, id), inArray(invitations.status, ['pending', 'sending'])))
    .returning({ id: invitations.id });
  return done.length > 0;
}

/** pending|sending → failed. Returns whether this call made the change. */
export async function markInvitationFailed(tx: DbOrTx, id: string): Promise<boolean> {
  const done = await tx
    .update(invitations)
    .set({ status: 'failed', updatedAt: sql`now()` })
    .where(and(eq(invitations.id, id), inArray(invitations.status, ['pending', 'sending'])))
    .returning({ id: invitations.id });
  return done.length > 0;
}
