import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { listWorkOrders } from '../work-orders/work-orders.queries.js';
import { idParams, workOrderListQuery } from '../work-orders/work-orders.schemas.js';
import { workOrderRatingsSchema, workOrderWithRatingsPageSchema } from './work-order-ratings.schemas.js';
import { ratingSummaries, workOrderRatings } from './work-order-ratings.service.js';

const STATUS_DOC =
  'Statuses: new → assigned → in_service → completed → closed; cancelled from new/assigned/in_service; also new → ' +
  'in_service/completed, assigned → completed/new. Other moves are 409 `illegal-transition`.';

/**
 * Work-order answers that carry ratings. They live here, above both modules, keeping their URLs: the work-orders
 * module sits below ratings and cannot read them (.dependency-cruiser.cjs LAYERS).
 */
export const workOrderRatingRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/work-orders',
      {
        config: access.permission('work_orders.read'),
        schema: {
          tags: ['work-orders'],
          summary: 'Search and filter work orders, newest first',
          description:
            `Keyset pages (\`cursor\`); \`total\` counts every match. Each work order carries \`ratings\`: how many, ` +
            `how many negative, and the latest one's stars and class. ${STATUS_DOC}`,
          querystring: workOrderListQuery,
          response: { 200: workOrderWithRatingsPageSchema },
        },
      },
      async (req) => {
        const page = await listWorkOrders(ctx.db, req.actor, req.query);
        const summaries = await ratingSummaries(
          ctx.db,
          page.items.map((w) => w.id),
        );
        return { ...page, items: page.items.map((w) => ({ ...w, ratings: summaries.get(w.id) ?? null })) };
      },
    );

    app.get(
      '/work-orders/:id/ratings',
      {
        config: access.permission('work_orders.read'),
        schema: {
          tags: ['ratings'],
          summary: "The work order's ratings with their answers, newest first",
          description:
            'Each rating with S, stars and class (SCORING.md), every answer in the words and scale of the template ' +
            "version the customer answered (labels in the rating's language, the other one as fallback), where it " +
            'came from (`origin`: qr, link, follow_up) and the channel. 404 for a work order the caller may not see.',
          params: idParams,
          response: { 200: workOrderRatingsSchema },
        },
      },
      async (req) => workOrderRatings(ctx.db, req.actor, req.params.id),
    );
  };
