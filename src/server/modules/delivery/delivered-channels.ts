import type { DbOrTx } from '../../db/client.js';
import { invitationDeliveries } from '../../db/schema/delivery.js';
import { anyUuid } from '../../db/sql.js';

/** The channel that first delivered each invitation (only invitations delivered through a channel are present). */
export async function deliveredChannels(db: DbOrTx, invitationIds: string[]): Promise<Map<string, string>> {
  if (invitationIds.length === 0) return new Map();
  const rows = await db
    .select({ id: invitationDeliveries.invitationId, channel: invitationDeliveries.deliveredChannel })
    .from(invitationDeliveries)
    .where(anyUuid(invitationDeliveries.invitationId, invitationIds));
  return new Map(rows.flatMap((r) => (r.channel ? [[r.id, r.channel] as const] : [])));
}
