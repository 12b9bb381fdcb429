import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { invitationDeliveries } from '../../db/schema/delivery.js';
import { invitations } from '../../db/schema/invitations.js';
import type { InvitationRow } from '../invitations/invitations.service.js';

export async function loadInvitation(db: DbOrTx, id: string): Promise<InvitationRow | null> {
  const [row] = await db.select().from(invitations).where(eq(invitations.id, id)).limit(1);
  return row ?? null;
}

/** The channel a reminder goes through: the one that delivered the invitation. */
export async function reminderChannel(db: DbOrTx, id: string): Promise<string | null> {
  const [row] = await db
    .select({ channel: invitationDeliveries.deliveredChannel })
    .from(invitationDeliveries)
    .where(eq(invitationDeliveries.invitationId, id))
    .limit(1);
  return row?.channel ?? null;
}
