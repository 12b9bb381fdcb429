import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RATING_CHANNELS } from '../../../common/channels.js';
import { INVITATION_SOURCES, INVITATION_STATUSES } from '../../../common/invitations.js';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { instantParam } from '../../http/dates.js';
import { pageOf, pageQuery } from '../../http/pagination.js';
import { forbidden } from '../../http/problem.js';
import { deliveryAttemptSchema } from '../delivery/delivery.schemas.js';
import { readInvitationRow } from '../invitations/invitation-by-id.js';
import { auditRevealedLinks, linksModeParam, linkViewer } from '../invitations/invitation-links.js';
import { countInvitationsByStatus, listInvitations } from '../invitations/invitations.list.js';
import { presentInvitation } from '../invitations/invitations.service.js';
import { invitationSchema } from './work-orders.schemas.js';
import { linksOf } from './work-orders.service.js';

/*
 * `GET /invitations` and `POST /invitations/{id}/link`. They live in work-orders, above invitations and delivery,
 * because an invitation's answer carries its work order and its delivery attempts (same URLs as before).
 */
export const invitationListItemSchema = invitationSchema.omit({ attempts: true }).extend({
  workOrder: z
    .object({ id: z.string(), number: z.string(), subject: z.string() })
    .nullable()
    .describe('Null only when the work order is gone.'),
  lastAttempt: deliveryAttemptSchema
    .pick({ channel: true, status: true, errorKind: true, errorCode: true, finishedAt: true })
    .nullable()
    .describe('The latest delivery attempt (by start), or null before any.'),
});

export const invitationListQuery = z.object({
  ...pageQuery,
  status: z
    .enum(INVITATION_STATUSES)
    .optional()
    .describe('Effective status: `expired` and `submitted` are derived as in the invitation’s `status`.'),
  channel: z.enum(RATING_CHANNELS).optional().describe('The invitation’s channels contain this one.'),
  source: z.enum(INVITATION_SOURCES).optional(),
  workOrderId: z.uuid().optional(),
  from: instantParam().optional().describe('Created at or after (ISO 8601 instant).'),
  to: instantParam().optional().describe('Created at or before (ISO 8601 instant).'),
  q: z.string().trim().max(200).optional().describe('Work-order number prefix or subject substring.'),
  links: linksModeParam,
});

export const invitationRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/invitations',
      {
        config: access.permission('work_orders.read'),
        schema: {
          tags: ['invitations'],
          summary: 'Rating invitations across work orders, newest first',
          description:
            'Filter by effective status, channel, source, work order, creation time or search; keyset paging. ' +
            '`token`/`url` as in `GET /work-orders/{id}/invitations`: QR invitations, or callers with ' +
            '`invitations.reveal_link` (one audit event per page that reveals any); otherwise null with `maskedUrl`.',
          querystring: invitationListQuery,
          response: { 200: pageOf(invitationListItemSchema) },
        },
      },
      async (req) => {
        const viewer = linkViewer(req.principal, req.query.links);
        const page = await listInvitations(ctx.db, req.actor, linksOf(ctx), viewer, req.query);
        await auditRevealedLinks(ctx.db, req.actor, viewer, 'GET /api/v1/invitations');
        return page;
      },
    );

    app.get(
      '/invitations/counts',
      {
        config: access.permission('work_orders.read'),
        schema: {
          tags: ['invitations'],
          summary: 'How many invitations the caller sees per effective status (e.g. how many failed)',
          response: {
            200: z.object({
              byStatus: z.object(
                Object.fromEntries(INVITATION_STATUSES.map((s) => [s, z.number().int()])) as Record<
                  (typeof INVITATION_STATUSES)[number],
                  z.ZodNumber
                >,
              ),
            }),
          },
        },
      },
      async (req) => ({ byStatus: await countInvitationsByStatus(ctx.db, req.actor) }),
    );

    app.post(
      '/invitations/:id/link',
      {
        config: access.permission('invitations.reveal_link'),
        schema: {
          tags: ['invitations'],
          summary: 'Reveal one invitation’s live link (the console’s "copy link"); audited',
          description:
            'Needs `invitations.reveal_link` (admins by default; API-key scope `invitation-links:read`). Records ' +
            '`invitation.links_revealed` for a non-QR invitation. Whoever holds the token can rate as the customer.',
          params: z.object({ id: z.uuid() }),
          response: {
            200: z.object({
              token: z.string().describe('The token of `/r/{token}`.'),
              url: z.string().describe('The full link.'),
            }),
          },
        },
      },
      async (req) => {
        const viewer = linkViewer(req.principal);
        const { token, url } = presentInvitation(
          await readInvitationRow(ctx.db, req.actor, req.params.id),
          linksOf(ctx),
          viewer,
        );
        // The route's permission is exactly the reveal permission, so both are set; the guard satisfies the types.
        if (!token || !url) throw forbidden('This needs the "invitations.reveal_link" permission.');
        await auditRevealedLinks(ctx.db, req.actor, viewer, `POST /api/v1/invitations/${req.params.id}/link`);
        return { token, url };
      },
    );
  };
