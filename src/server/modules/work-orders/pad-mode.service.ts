import type { AppContext } from '../../context.js';
import type { Actor } from '../../http/principal.js';
import { conflict, forbidden, issue } from '../../http/problem.js';
import { requireAccess } from '../access/require-access.js';
import { recordAudit } from '../audit/audit.service.js';
import { padToken, suspendSession } from '../auth/session.service.js';
import { auditRevealedLinks, type LinkViewer } from '../invitations/invitation-links.js';
import {
  type InvitationRow,
  listInvitationsOfWorkOrder,
  presentInvitation,
} from '../invitations/invitations.service.js';
import { linkState } from '../invitations/submission-slots.js';
import { invitationToken } from '../invitations/token.js';
import { getWorkOrderRow } from './work-orders.queries.js';
import { linksOf } from './work-orders.service.js';

/** The console user handing their device over: their session is the one suspended. */
export interface PadCaller {
  actor: Actor;
  viewer: LinkViewer;
  sessionHash: string;
}

/**
 * Pad mode ("rate on this device", issue 20): the work order's open invitation — the one asked for, else the newest
 * open one whose link the caller may see (a QR invitation, any with `invitations.reveal_link`, or any for the work
 * order's own engineer) — and, in ONE
 * transaction, the caller's console session suspended for it (every API call 423 until `POST /auth/unlock`) with
 * the audit entry. The answer is the customer page's path with the pad token that binds this invitation to this
 * session: only this device's submission becomes a `pad` rating.
 */
export async function startPadMode(ctx: AppContext, caller: PadCaller, workOrderId: string, invitationId?: string) {
  const { actor } = caller;
  await requireAccess(ctx.db, actor, 'work_order', [workOrderId]);
  const workOrder = await getWorkOrderRow(ctx.db, workOrderId);
  // The work order's own engineer hands their device to its customer on site (the appliance scenario): pad mode may
  // use the invitation sent to that customer too. Seeing its link is audited like any reveal, and the rating it
  // makes is marked `pad`, so it is told apart from one the customer gave on their own phone.
  const ownEngineer = actor.type === 'user' && actor.id !== null && workOrder.engineerIds.includes(actor.id);
  const viewer: LinkViewer = ownEngineer ? { ...caller.viewer, canReveal: true } : caller.viewer;
  const rows = await listInvitationsOfWorkOrder(ctx.db, workOrderId);
  const links = linksOf(ctx);
  const shown = (row: InvitationRow) => presentInvitation(row, links, { canReveal: viewer.canReveal, revealed: [] });
  let chosen: InvitationRow | undefined;
  if (invitationId) {
    chosen = rows.find((r) => r.id === invitationId);
    if (!chosen)
      throw conflict(`Invitation ${invitationId} is not one of this work order's.`, 'no-open-invitation', [
        issue('invitationId', 'not_found', 'is not an invitation of this work order'),
      ]);
    if (!shown(chosen).url)
      throw forbidden(
        'This invitation is sent to the customer: rating it on this device needs "invitations.reveal_link".',
      );
    const state = linkState(chosen);
    if (state !== 'open')
      throw conflict(`The invitation is ${state}: nothing to rate on this device.`, 'no-open-invitation', [
        issue('invitationId', 'invalid', `is ${state}`),
      ]);
  } else {
    chosen = rows.find((r) => linkState(r) === 'open' && shown(r).url !== null);
    if (!chosen)
      throw conflict(
        'This work order has no open invitation to rate on this device (complete it, or send an invitation).',
        'no-open-invitation',
      );
  }
  const invitation = chosen;
  // Presented once more with the request's viewer, so a sent link shown here is audited like any reveal.
  presentInvitation(invitation, links, viewer);
  const suspended = await ctx.db.transaction(async (tx) => {
    const ok = await suspendSession(tx, caller.sessionHash, { invitationId: invitation.id, workOrderId });
    if (!ok) return false;
    await recordAudit(tx, actor, {
      action: 'work_order.pad_started',
      entityType: 'work_order',
      entityId: workOrderId,
      after: { invitationId: invitation.id },
    });
    return true;
  });
  if (!suspended) throw forbidden('The session ended.');
  await auditRevealedLinks(ctx.db, actor, viewer, `POST /api/v1/work-orders/${workOrderId}/pad`);
  const token = invitationToken(ctx.appSecret, invitation.id);
  const pad = padToken(ctx.appSecret, invitation.id, caller.sessionHash);
  return {
    invitationId: invitation.id,
    url: `/r/${encodeURIComponent(token)}?pad=${encodeURIComponent(pad)}`,
  };
}
