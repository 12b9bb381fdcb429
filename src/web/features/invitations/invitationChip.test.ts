import { describe, expect, it } from 'vitest';
import { invitationChip } from './invitationChip';

describe('invitationChip', () => {
  it('shows the delivery status until someone submits', () => {
    expect(invitationChip({ status: 'opened', submissionCount: 0, submissionLimit: 20 })).toEqual({
      color: 'cyan',
      labelKey: 'workOrders.invitations.statuses.opened',
    });
    expect(invitationChip({ status: 'failed', submissionCount: 0, submissionLimit: 1 }).color).toBe('red');
  });

  it('counts the submissions of a multi-use QR invitation ("Rated ×2"), though its status stays "opened"', () => {
    expect(invitationChip({ status: 'opened', submissionCount: 2, submissionLimit: 20 })).toEqual({
      color: 'green',
      labelKey: 'invitations.chip.ratedTimes',
      values: { count: 2 },
    });
    expect(invitationChip({ status: 'submitted', submissionCount: 20, submissionLimit: 20 }).values).toEqual({
      count: 20,
    });
  });

  it('says "Rated" for a one-use link, and "Revoked" for a revoked one whatever was submitted', () => {
    expect(invitationChip({ status: 'submitted', submissionCount: 1, submissionLimit: 1 })).toEqual({
      color: 'green',
      labelKey: 'invitations.chip.rated',
    });
    expect(invitationChip({ status: 'revoked', submissionCount: 3, submissionLimit: 20 }).labelKey).toBe(
      'workOrders.invitations.statuses.revoked',
    );
  });
});
