import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { invitations } from '../../db/schema/invitations.js';
import { notFound } from '../../http/problem.js';
import type { InvitationRow } from './invitations.service.js';

/** One invitation by id, or 404 (for console routes such as the QR code and the printable card). */
export async function getInvitationRow(db: DbOrTx, id: string): Promise<InvitationRow> {
  const [row] = await db.select().from(invitations).where(eq(invitations.id, id)).limit(1);
  if (!row) throw notFound('Invitation', id);
  return row;
}
