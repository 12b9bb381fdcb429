import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { storeParams, storeRankingSchema, storeReportSchema, storesQuery } from './stores.schemas.js';
import { analyticsStore, analyticsStores } from './stores.service.js';

const tags = ['analytics'];
const DOC =
  'Store score (SCORING.md §7) = Σ Wₜ·Sₜ / Σ Wₜ over the touchpoints with ratings, Sₜ = Σ dᵢ·Sᵢ / Σ dᵢ with ' +
  'dᵢ = 0.5^(ageᵢ/30 days), ageᵢ from the submission to the end of the period (`to`, else now). Weights come from ' +
  '`/touchpoints`; a touchpoint not configured there (or none) counts with weight 1 under its own key. Fewer than ' +
  '5 ratings with S: listed, not ranked. `from`/`to`: ISO 8601 instants or local dates, `to` exclusive. Stores are ' +
  'not departments: a supervisor sees each store through the ratings of their own departments only (as the summary).';

/** The store ranking and a store's page (issue 18). */
export const storeRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/analytics/stores',
      {
        config: access.permission('analytics.read'),
        schema: {
          tags,
          summary: 'Stores ranked by the store score, with each touchpoint’s contribution',
          description: DOC,
          querystring: storesQuery,
          response: { 200: storeRankingSchema },
        },
      },
      async (req) => analyticsStores(ctx.db, req.actor, req.query),
    );

    app.get(
      '/analytics/stores/:store',
      {
        config: access.permission('analytics.read'),
        schema: {
          tags,
          summary: 'One store: score, touchpoints, trend and latest comments',
          description: `${DOC} The trend: per day (≤ 31 days), week (≤ 186) or month, each point the store score of that bucket’s ratings with T = its end.`,
          params: storeParams,
          querystring: storesQuery,
          response: { 200: storeReportSchema },
        },
      },
      async (req) => analyticsStore(ctx.db, req.actor, req.params.store, req.query),
    );
  };
