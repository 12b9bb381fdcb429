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

/** `qr` (shown on site, several customers may submit), `rule` (matched by rating rules), `manual` (sent by hand). */
export const INVITATION_SOURCES = ['qr', 'rule', 'manual'] as const;
export type InvitationSource = (typeof INVITATION_SOURCES)[number];

/** Who is invited: a snapshot of the work order's contact when the invitation was made. */
export interface InvitationContact {
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  wechatOpenId?: string | null;
  locale?: string | null;
}
