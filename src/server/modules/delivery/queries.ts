import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { deliveryAttempts, invitationDeliveries } from '../../db/schema/delivery.js';

/** The channel a reminder goes through: the one that delivered the invitation. */
export async function reminderChannel(db: DbOrTx, id: string): Promise<string | null> {
  const [row] = await db
    .select({ channel: invitationDeliveries.deliveredChannel })
    .from(invitationDeliveries)
    .where(eq(invitationDeliveries.invitationId, id))
    .limit(1);
  return row?.channel ?? null;
}

/** Whether any message ever reached a provider successfully (the set-up checklist's "a message sent"). */
export async function anyMessageSent(db: DbOrTx): Promise<boolean> {
  const rows = await db
    .select({ id: deliveryAttempts.id })
    .from(deliveryAttempts)
    .where(eq(deliveryAttempts.status, 'succeeded'))
    .limit(1);
  return rows.length > 0;
}
