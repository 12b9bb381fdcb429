import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { invitationDeliveries } from '../../db/schema/delivery.js';

/** The channel a reminder goes through: the one that delivered the invitation. */
export async function reminderChannel(db: DbOrTx, id: string): Promise<string | null> {
  const [row] = await db
    .select({ channel: invitationDeliveries.deliveredChannel })
    .from(invitationDeliveries)
    .where(eq(invitationDeliveries.invitationId, id))
    .limit(1);
  return row?.channel ?? null;
}
