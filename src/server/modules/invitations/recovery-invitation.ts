/**
 * The re-survey of a resolved remediation case (issue 17 §6): a new invitation of source `recovery` for the case's
 * work order and customer, sent through the normal delivery path. Its source exempts it from the fatigue cap
 * (`FATIGUE_EXEMPT_SOURCES`); its `invitation.created` event says so (`fatigueExempt: true`, with the case), and the
 * work order's timeline shows it.
 */
import type { RatingChannel } from '../../../common/channels.js';
import type { InvitationContact } from '../../../common/invitations.js';
import type { DbOrTx } from '../../db/client.js';
import type { Actor } from '../../http/principal.js';
import { recordEvent } from '../events/events.service.js';
import { createInvitation, type InvitationRow, type LinkContext } from './invitations.service.js';

export interface NewRecoveryInvitation {
  workOrderId: string;
  caseId: string;
  caseNumber: number;
  templateVersionId: string;
  contact: InvitationContact;
  channels: RatingChannel[];
  linkExpiryDays?: number;
}

/** Creates the invitation and its event in the caller's transaction (the caller enqueues its delivery there too). */
export async function createRecoveryInvitation(
  tx: DbOrTx,
  links: LinkContext,
  actor: Actor,
  input: NewRecoveryInvitation,
): Promise<InvitationRow> {
  const { invitation } = await createInvitation(tx, links, {
    workOrderId: input.workOrderId,
    nodeId: null,
    templateVersionId: input.templateVersionId,
    source: 'recovery',
    contact: input.contact,
    channels: input.channels,
    deliveryPolicy: 'priority_chain',
    submissionLimit: 1,
    linkExpiryDays: input.linkExpiryDays,
    createdBy: actor.type === 'user' ? actor.id : null,
  });
  await recordEvent(tx, actor, {
    type: 'invitation.created',
    workOrderId: input.workOrderId,
    subjectType: 'invitation',
    subjectId: invitation.id,
    data: {
      source: 'recovery',
      channels: input.channels,
      templateVersionId: input.templateVersionId,
      ruleId: null,
      nodeId: null,
      caseId: input.caseId,
      caseNumber: input.caseNumber,
      fatigueExempt: true,
    },
  });
  return invitation;
}
