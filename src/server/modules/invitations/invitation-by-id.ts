import type { DbOrTx } from '../../db/client.js';
import type { Actor } from '../../http/principal.js';
import { notFound } from '../../http/problem.js';
import { requireAccess } from '../access/require-access.js';
import { findInvitation, type InvitationRow } from './invitations.service.js';

/** One invitation by id when the actor may see its work order, else 404 (the QR code, the card, the link). */
export async function readInvitationRow(db: DbOrTx, actor: Actor, id: string): Promise<InvitationRow> {
  await requireAccess(db, actor, 'invitation', [id]);
  return getInvitationRow(db, id);
}

/** One invitation by id, or 404 — no access check: for code that has checked already. */
export async function getInvitationRow(db: DbOrTx, id: string): Promise<InvitationRow> {
  const row = await findInvitation(db, id);
  if (!row) throw notFound('Invitation', id);
  return row;
}
