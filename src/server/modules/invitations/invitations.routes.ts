import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { INVITATION_STATUSES } from '../../db/schema/invitations.js';
import { RATING_CHANNELS } from '../../db/schema/rules.js';
import { access } from '../../http/access.js';
import { pageOf, pageQuery } from '../../http/pagination.js';
import { deliveryAttemptSchema } from '../delivery/delivery.schemas.js';
import { invitationSchema } from '../work-orders/work-orders.schemas.js';
import { linksOf } from '../work-orders/work-orders.service.js';
import { listInvitations } from './invitations.list.js';

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
  source: z.enum(['qr', 'rule', 'manual']).optional(),
  workOrderId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('Created at or after.'),
  to: z.iso.datetime({ offset: true }).optional().describe('Created at or before.'),
  q: z.string().trim().max(200).optional().describe('Work-order number prefix or subject substring.'),
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
            'Filter by effective status, channel, source, work order, creation time or search; keyset paging.',
          querystring: invitationListQuery,
          response: { 200: pageOf(invitationListItemSchema) },
        },
      },
      async (req) =>
        listInvitations(ctx.db, linksOf(ctx), {
          ...req.query,
          from: req.query.from ? new Date(req.query.from) : undefined,
          to: req.query.to ? new Date(req.query.to) : undefined,
        }),
    );
  };
