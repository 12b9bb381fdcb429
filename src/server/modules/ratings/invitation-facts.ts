import type { DbOrTx } from '../../db/client.js';
import { findInvitation, type InvitationRow } from '../invitations/invitations.service.js';
import { invitationIdFromToken } from '../invitations/token.js';

/**
 * What the hot paths need to know about an invitation before they write, and that never changes once it is created:
 * its frozen template version (the answers are scored with it) and the contact's locale (the rating's language).
 * Kept per process, so a customer's submission after the page (or the app's GET) costs no read of the invitation —
 * the submission statement itself re-checks everything that can change (counters, expiry, revocation).
 * Bounded: the oldest entries go first; a miss costs one read.
 */
export interface InvitationFacts {
  id: string;
  templateVersionId: string;
  locale: string | null;
}

const FACTS_LIMIT = 20_000;
const factsById = new Map<string, InvitationFacts>();

/** Remembers what a freshly read invitation row says (the page's read does this for the submission after it). */
export function rememberInvitation(row: InvitationRow): InvitationFacts {
  const facts: InvitationFacts = {
    id: row.id,
    templateVersionId: row.templateVersionId,
    locale: row.contact.locale ?? null,
  };
  if (!factsById.has(row.id) && factsById.size >= FACTS_LIMIT) factsById.delete(factsById.keys().next().value!);
  factsById.set(row.id, facts);
  return facts;
}

/** The facts of the invitation a token stands for, or null for a forged token or an invitation that is gone. */
export async function invitationFactsByToken(
  db: DbOrTx,
  appSecret: string,
  token: string,
): Promise<InvitationFacts | null> {
  const id = invitationIdFromToken(appSecret, token);
  if (!id) return null;
  const known = factsById.get(id);
  if (known) return known;
  const row = await findInvitation(db, id);
  return row ? rememberInvitation(row) : null;
}
