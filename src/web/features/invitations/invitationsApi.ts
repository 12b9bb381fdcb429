import type { ItemOf, QueryOf } from '../../api/client';

type InvitationStatus = NonNullable<InvitationFilters['status']>;
type InvitationSource = NonNullable<InvitationFilters['source']>;

export const INVITATION_STATUSES = [
  'pending',
  'sending',
  'delivered',
  'failed',
  'opened',
  'submitted',
  'expired',
  'revoked',
] as const satisfies readonly InvitationStatus[];
export const INVITATION_SOURCES = ['qr', 'rule', 'manual'] as const satisfies readonly InvitationSource[];

export const INVITATION_COLORS: Record<string, string> = {
  pending: 'default',
  sending: 'processing',
  delivered: 'blue',
  failed: 'red',
  opened: 'cyan',
  submitted: 'green',
  expired: 'default',
  revoked: 'default',
};

export const ATTEMPT_COLORS: Record<string, string> = { sending: 'processing', succeeded: 'green', failed: 'red' };

/** One row of GET /invitations. */
export type InvitationListItem = ItemOf<'/invitations'>;

export type InvitationFilters = Pick<QueryOf<'/invitations'>, 'status' | 'channel' | 'source' | 'q' | 'from' | 'to'>;
