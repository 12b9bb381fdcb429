import { INVITATION_COLORS } from './invitationsApi';

export interface ChipInvitation {
  status: string;
  submissionCount: number;
  submissionLimit: number;
}

export interface InvitationChip {
  color: string;
  /** i18n key of the label. */
  labelKey: string;
  /** Interpolation values for the label (`count`). */
  values?: { count: number };
}

/**
 * The invitation's status chip. Once customers have submitted, it counts the submissions — "Rated" for a one-use
 * link, "Rated ×2" for a multi-use QR invitation (several customers on one job) — whatever the delivery status
 * says (a QR invitation stays "Opened" until its last slot is used). A revoked invitation says so.
 */
export function invitationChip(invitation: ChipInvitation): InvitationChip {
  const { status, submissionCount: count, submissionLimit: limit } = invitation;
  if (count > 0 && status !== 'revoked') {
    return limit > 1
      ? { color: 'green', labelKey: 'invitations.chip.ratedTimes', values: { count } }
      : { color: 'green', labelKey: 'invitations.chip.rated' };
  }
  return { color: INVITATION_COLORS[status] ?? 'default', labelKey: `workOrders.invitations.statuses.${status}` };
}
