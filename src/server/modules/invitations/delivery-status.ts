import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
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

/**
 * pending → sending for many invitations, as a data-modifying statement another statement embeds (the batched
 * dispatch claims its attempt rows in the same round trip): `update … returning id`.
 */
export function markInvitationsSendingSql(ids: string[]): SQL {
  return sql`update ${invitations} set status = 'sending', updated_at = now()
    where ${invitations.id} = any(${sql.param(ids)}::uuid[]) and ${invitations.status} = 'pending' returning ${invitations.id}`;
}

/**
 * pending|sending → delivered (with `deliveredAt`) for the invitations `idsSelect` yields, as a data-modifying
 * statement for a CTE: returns the ids this statement changed (a racing run's invitation is not changed twice).
 */
export function markInvitationsDeliveredSql(idsSelect: SQL): SQL {
  return sql`update ${invitations} set status = 'delivered', delivered_at = now(), updated_at = now()
    where ${invitations.id} in (${idsSelect}) and ${invitations.status} in ('pending', 'sending')
    returning ${invitations.id} as id`;
}
