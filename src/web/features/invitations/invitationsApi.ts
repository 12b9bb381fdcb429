import type { DeliveryAttempt, Invitation } from '../work-orders/workOrdersApi';

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
export const INVITATION_SOURCES = ['qr', 'rule', 'manual'] as const;

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
export interface InvitationListItem extends Omit<Invitation, 'attempts'> {
  workOrder: { id: string; number: string; subject: string } | null;
  lastAttempt: Pick<DeliveryAttempt, 'channel' | 'status' | 'errorKind' | 'errorCode' | 'finishedAt'> | null;
}

export interface InvitationFilters {
  status?: string;
  channel?: string;
  source?: string;
  q?: string;
  from?: string;
  to?: string;
}
