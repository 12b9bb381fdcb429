import type { AppContext } from '../../context.js';
import type { Actor } from '../../http/principal.js';
import { conflict, issue } from '../../http/problem.js';
import { accessibleIds, requireAccess } from '../access/require-access.js';
import { attemptsOfInvitations, presentAttempt } from '../delivery/attempts.js';
import { auditRevealedLinks, type LinkViewer, scrubToken } from '../invitations/invitation-links.js';
import { listInvitationsOfWorkOrder, presentInvitation } from '../invitations/invitations.service.js';
import { invitationToken } from '../invitations/token.js';
import { attachInvitationToNode, inviteForWorkOrder, noJobs, ratingSettingsFor } from '../workflows/nodes.service.js';
import { resolveRating } from '../workflows/rating-resolution.js';
import { enqueueNodeJobs } from '../workflows/workflows.jobs.js';
import { eachId } from './bulk.js';
import { getWorkOrderRow } from './work-orders.queries.js';
import { linksOf, lockWorkOrder } from './work-orders.service.js';

/**
 * The invitations of a work order, newest first, each with its delivery attempts (oldest first). Links the viewer
 * may not see are masked, also where a provider's stored answer echoes them; links revealed are audited once.
 */
export async function workOrderInvitations(ctx: AppContext, actor: Actor, viewer: LinkViewer, workOrderId: string) {
  await requireAccess(ctx.db, actor, 'work_order', [workOrderId]);
  await getWorkOrderRow(ctx.db, workOrderId);
  const rows = await listInvitationsOfWorkOrder(ctx.db, workOrderId);
  const attempts = await attemptsOfInvitations(
    ctx.db,
    rows.map((r) => r.id),
  );
  const items = rows.map((r) => {
    const invitation = presentInvitation(r, linksOf(ctx), viewer);
    const presented = (attempts.get(r.id) ?? []).map(presentAttempt);
    return {
      ...invitation,
      attempts: invitation.token ? presented : scrubToken(presented, invitationToken(ctx.appSecret, r.id)),
    };
  });
  await auditRevealedLinks(ctx.db, actor, viewer, `GET /api/v1/work-orders/${workOrderId}/invitations`);
  return { items };
}

/**
 * Sends (or re-sends) a rating invitation by hand: the same resolution as the rating node (qr template or rules),
 * source `manual`, handed to the delivery job. Only for completed work orders.
 */
export async function sendManualInvitation(
  ctx: AppContext,
  actor: Actor,
  viewer: LinkViewer,
  workOrderId: string,
  channels?: string[],
) {
  await requireAccess(ctx.db, actor, 'work_order', [workOrderId]);
  const invitation = await ctx.db.transaction(async (tx) => {
    const jobs = noJobs();
    const wo = await lockWorkOrder(tx, workOrderId);
    if (wo.status !== 'completed')
      throw conflict(
        `Only a completed work order can be invited for a rating (this one is ${wo.status}).`,
        'not-completed',
        [issue('status', 'wrong_status', `is ${wo.status}`, { status: wo.status })],
      );
    const { settings, nodeId } = await ratingSettingsFor(tx, wo);
    const resolved = await resolveRating(tx, wo, settings);
    if (!resolved) throw conflict('No rating template applies to this work order.', 'no-template');
    const inv = await inviteForWorkOrder(
      tx,
      linksOf(ctx),
      actor,
      wo,
      resolved,
      { source: 'manual', channels, nodeId },
      jobs,
    );
    if (nodeId) await attachInvitationToNode(tx, nodeId, inv.id);
    await enqueueNodeJobs(ctx.jobs, jobs, tx);
    return inv;
  });
  const presented = { ...presentInvitation(invitation, linksOf(ctx), viewer), attempts: [] };
  await auditRevealedLinks(ctx.db, actor, viewer, `POST /api/v1/work-orders/${workOrderId}/invitations`);
  return presented;
}

/** One result per id, in order; a failure of one does not stop the others. */
export async function bulkSendInvitations(ctx: AppContext, actor: Actor, ids: string[], channels?: string[]) {
  // Set-based: one query for the whole request; an id out of scope fails like one that does not exist.
  const visible = await accessibleIds(ctx.db, actor, 'work_order', ids);
  // The bulk answer names invitation ids only: no link leaves, so nothing is revealed.
  return eachId(ids, visible, async (id) => ({
    invitationId: (await sendManualInvitation(ctx, actor, { canReveal: false, revealed: [] }, id, channels)).id,
  }));
}
