import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { invitations } from '../../db/schema/invitations.js';
import { notFound } from '../../http/problem.js';
import { requireAccess } from '../access/require-access.js';
import type { Actor } from '../auth/principal.js';
import type { InvitationRow } from './invitations.service.js';

/** One invitation by id when the actor may see its work order, else 404 (the QR code, the card, the link). */
export async function readInvitationRow(db: DbOrTx, actor: Actor, id: string): Promise<InvitationRow> {
  await requireAccess(db, actor, 'invitation', [id]);
  return getInvitationRow(db, id);
}

/** One invitation by id, or 404 — no access check: for code that has checked already. */
export async function getInvitationRow(db: DbOrTx, id: string): Promise<InvitationRow> {
  const [row] = await db.select().from(invitations).where(eq(invitations.id, id)).limit(1);
  if (!row) throw notFound('Invitation', id);
  return row;
}
