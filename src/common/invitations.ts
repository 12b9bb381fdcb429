/** Invitation values shared by the server (db/schema/invitations.ts, the API's enums) and the console's filters. */

export const INVITATION_STATUSES = [
  'pending',
  'sending',
  'delivered',
  'failed',
  'opened',
  'submitted',
  'expired',
  'revoked',
] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/**
 * `qr` (shown on site, several customers may submit), `rule` (matched by rating rules), `manual` (sent by hand),
 * `recovery` (the re-survey of a resolved remediation case, issue 17 §6).
 */
export const INVITATION_SOURCES = ['qr', 'rule', 'manual', 'recovery'] as const;
export type InvitationSource = (typeof INVITATION_SOURCES)[number];

/**
 * Sources the fatigue cap does not hold back: a send by hand, and a recovery re-survey (the customer complained and
 * is asked again on purpose; its `invitation.created` event says so with `fatigueExempt: true`).
 */
export const FATIGUE_EXEMPT_SOURCES: readonly InvitationSource[] = ['manual', 'recovery'];

/** Who is invited: a snapshot of the work order's contact when the invitation was made. */
export interface InvitationContact {
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  wechatOpenId?: string | null;
  locale?: string | null;
}
