import { FATIGUE_EXEMPT_SOURCES } from '../../../common/invitations.js';
import type { DbOrTx } from '../../db/client.js';
import { otherInvitationDeliveredToContact } from '../invitations/by-contact.js';
import type { InvitationRow } from '../invitations/invitations.service.js';

/**
 * Fatigue cap: the id of another invitation delivered to the same contact (e-mail, phone or WeChat OpenID) within
 * `days`, or null. Checked when an automatic invitation's delivery starts; manual sends and recovery re-surveys skip
 * the check (`isFatigueExempt`).
 */
export async function fatigueHit(db: DbOrTx, inv: InvitationRow, days: number, now: Date): Promise<string | null> {
  return otherInvitationDeliveredToContact(db, inv.id, inv.contact, new Date(now.getTime() - days * 86_400_000));
}

/** A send by hand or a recovery re-survey (`FATIGUE_EXEMPT_SOURCES`): the fatigue cap does not hold it back. */
export const isFatigueExempt = (inv: Pick<InvitationRow, 'source'>): boolean =>
  FATIGUE_EXEMPT_SOURCES.includes(inv.source);
