import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { unauthorized } from '../../http/problem.js';
import { linksModeParam, linkViewer } from '../invitations/invitation-links.js';
import { startPadMode } from './pad-mode.service.js';
import { workOrderImportRoutes } from './work-order-imports.routes.js';
import { bulkSendInvitations, sendManualInvitation, workOrderInvitations } from './work-order-invitations.service.js';
import { getWorkOrder, getWorkOrderTimeline } from './work-orders.queries.js';
import {
  bulkResultSchema,
  bulkSendBody,
  bulkStatusBody,
  createWorkOrderBody,
  idParams,
  invitationSchema,
  padBody,
  padResponse,
  sendInvitationBody,
  skipBody,
  timelineSchema,
  updateWorkOrderBody,
  workOrderDetailSchema,
} from './work-orders.schemas.js';
import { bulkChangeStatus, skipWorkOrderRating, updateWorkOrder, upsertWorkOrder } from './work-orders.service.js';

const tags = ['work-orders'];
const STATUS_DOC =
  'Statuses: new → assigned → in_service → completed → closed; cancelled from new/assigned/in_service; also new → ' +
  'in_service/completed, assigned → completed/new. Other moves are 409 `illegal-transition`. Completing starts the ' +
  'workflow (rating node: invitation; timeout). Closing while a mandatory rating is pending is 409 `rating-pending`.';

export const workOrderRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(workOrderImportRoutes(ctx));

    // GET /work-orders (the list, which carries each work order's ratings) lives in ratings/work-order-ratings.routes.ts.

    app.post(
      '/work-orders',
      {
        config: access.permission('work_orders.write'),
        schema: {
          tags,
          summary: 'Create a work order, or update the one with this externalId',
          description: `201 when created, 200 when \`externalId\` matched an existing work order (which is updated). ${STATUS_DOC}`,
          body: createWorkOrderBody,
          response: { 200: workOrderDetailSchema, 201: workOrderDetailSchema },
        },
      },
      async (req, reply) => {
        const { row, created } = await upsertWorkOrder(ctx, req.actor, req.body);
        return reply.code(created ? 201 : 200).send(await getWorkOrder(ctx.db, req.actor, row.id));
      },
    );

    app.get(
      '/work-orders/:id',
      {
        config: access.permission('work_orders.read'),
        schema: {
          tags,
          summary: 'One work order with its workflow state (rating and follow-up nodes)',
          params: idParams,
          response: { 200: workOrderDetailSchema },
        },
      },
      async (req) => getWorkOrder(ctx.db, req.actor, req.params.id),
    );

    app.patch(
      '/work-orders/:id',
      {
        config: access.permission('work_orders.write'),
        schema: {
          tags,
          summary: 'Change fields and/or the status',
          description: STATUS_DOC,
          params: idParams,
          body: updateWorkOrderBody,
          response: { 200: workOrderDetailSchema },
        },
      },
      async (req) => {
        await updateWorkOrder(ctx, req.actor, req.params.id, req.body);
        return getWorkOrder(ctx.db, req.actor, req.params.id);
      },
    );

    app.get(
      '/work-orders/:id/timeline',
      {
        config: access.permission('work_orders.read'),
        schema: {
          tags,
          summary: 'Every event of the work order, oldest first',
          description: 'Created, status changes, node started, invitations, opened, rated, skipped, follow-up, case …',
          params: idParams,
          response: { 200: timelineSchema },
        },
      },
      async (req) => getWorkOrderTimeline(ctx.db, req.actor, req.params.id),
    );

    app.get(
      '/work-orders/:id/invitations',
      {
        config: access.permission('work_orders.read'),
        schema: {
          tags,
          summary: 'Rating invitations of the work order (status, channels, attempts, link)',
          description:
            '`token` and `url` only for QR invitations and for callers with `invitations.reveal_link` (admins by ' +
            'default; one `invitation.links_revealed` audit event per request that reveals any); elsewhere null, ' +
            'with `maskedUrl`, and the token masked in the attempts too.',
          params: idParams,
          querystring: z.object({ links: linksModeParam }),
          response: { 200: z.object({ items: z.array(invitationSchema) }) },
        },
      },
      async (req) => workOrderInvitations(ctx, req.actor, linkViewer(req.principal, req.query.links), req.params.id),
    );

    app.post(
      '/work-orders/:id/invitations',
      {
        config: access.permission('work_orders.write'),
        schema: {
          tags,
          summary: 'Send (or re-send) a rating invitation now',
          description:
            'Same path as the rating node, source `manual`. 409 `not-completed` unless the work order is completed. ' +
            'The link fields follow the same rule as `GET /work-orders/{id}/invitations`.',
          params: idParams,
          body: sendInvitationBody,
          response: { 201: invitationSchema },
        },
      },
      async (req, reply) =>
        reply
          .code(201)
          .send(
            await sendManualInvitation(ctx, req.actor, linkViewer(req.principal), req.params.id, req.body.channels),
          ),
    );

    app.post(
      '/work-orders/:id/pad',
      {
        config: access.permission('work_orders.read', { usersOnly: true }),
        schema: {
          tags,
          summary: 'Rate on this device (pad mode): lock the console and open the customer page here',
          description:
            "The work order's open invitation (`invitationId`, else the newest open one whose link the caller may " +
            'see: a QR invitation, or any with `invitations.reveal_link`) and, in one transaction, the calling ' +
            'console session suspended: every other API call answers 423 `session-locked` until `POST /auth/unlock` ' +
            'with the password. `url` is the customer page (same origin) with the pad token binding the invitation ' +
            'to this session, so the rating made on this device has source `pad`. 409 `no-open-invitation` when ' +
            'there is nothing to rate. Audited as `work_order.pad_started`.',
          params: idParams,
          body: padBody,
          response: { 200: padResponse },
        },
      },
      async (req) => {
        const p = req.principal;
        if (p?.kind !== 'user') throw unauthorized();
        return startPadMode(
          ctx,
          { actor: req.actor, viewer: linkViewer(p), sessionHash: p.sessionHash },
          req.params.id,
          req.body?.invitationId,
        );
      },
    );

    app.post(
      '/work-orders/bulk/send-invitations',
      {
        config: access.permission('work_orders.write'),
        schema: {
          tags,
          summary: 'Send rating invitations for several work orders; one result per id',
          body: bulkSendBody,
          response: { 200: bulkResultSchema },
        },
      },
      async (req) => bulkSendInvitations(ctx, req.actor, req.body.ids, req.body.channels),
    );

    app.post(
      '/work-orders/bulk/status',
      {
        config: access.permission('work_orders.write'),
        schema: {
          tags,
          summary: 'Change the status of several work orders; one result per id',
          description:
            'Each id goes through `PATCH /work-orders/{id}` with `{ status }` — the same rules, events, workflow ' +
            'nodes and audit — in its own transaction, so a refused id does not undo the others. A result carries ' +
            'the problem that PATCH would have answered: `not-found` (also for a work order outside your scope), ' +
            '`illegal-transition`, `rating-pending`, …. An id already in the status is done without a new event. ' +
            STATUS_DOC,
          body: bulkStatusBody,
          response: { 200: bulkResultSchema },
        },
      },
      async (req) => bulkChangeStatus(ctx, req.actor, req.body),
    );

    app.post(
      '/work-orders/:id/nodes/rating/skip',
      {
        config: access.permission('work_orders.skip_rating'),
        schema: {
          tags,
          summary: 'Skip the rating node (audited)',
          description:
            'Needs the skip permission and a node whose settings allow staff to skip (else 409 `skip-not-allowed`); the node must be active (409 `node-not-active`).',
          params: idParams,
          body: skipBody,
          response: { 200: workOrderDetailSchema },
        },
      },
      async (req) => {
        await skipWorkOrderRating(ctx.db, req.actor, req.params.id, req.body.reason, req.body.nodeId);
        return getWorkOrder(ctx.db, req.actor, req.params.id);
      },
    );
  };
