import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { driftListSchema, driftMemberParams, driftQuery, driftSeriesSchema } from './drift.schemas.js';
import { driftInsights, driftSeries } from './drift.service.js';
import { driversQuery, driversSchema } from './drivers.schemas.js';
import { analyticsDrivers } from './drivers.service.js';
import { languageOf } from './request-language.js';

const tags = ['analytics'];
const permission = access.permission('analytics.read');

/** Insights (issue 18 parts 4 and 5): key drivers and the drift watch, on the dashboard's access. */
export const insightRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/analytics/drivers',
      {
        config: permission,
        schema: {
          tags,
          summary: 'Key drivers: which dimension lifts satisfaction most (SCORING.md §8)',
          description:
            'Per scored dimension: Pearson r between its answer and the outcome (the outcome dimension, else S ' +
            'without the dimension), the gap to 100, impact = r × gap, and its importance × performance quadrant. ' +
            'Fewer than 30 ratings with S: `sufficient: false` and no items. Filters and access as `/analytics/summary`.',
          querystring: driversQuery,
          response: { 200: driversSchema },
        },
      },
      async (req) =>
        analyticsDrivers(ctx.db, req.actor, req.query, languageOf(req.query.lang, req.headers['accept-language'])),
    );

    app.get(
      '/analytics/drift',
      {
        config: permission,
        schema: {
          tags,
          summary: 'Drift watch: engineers or departments slipping now (SCORING.md §9)',
          description:
            'Weekly mean S over the last 26 complete weeks (Monday, organisation time zone), an EWMA against a ' +
            '12-week baseline behind a 4-week guard band; the members whose EWMA is below the lower limit now, with ' +
            'the evidence and the ratings list’s filters. A supervisor sees their departments (engineers: the ' +
            'ratings in them); another department: 404.',
          querystring: driftQuery,
          response: { 200: driftListSchema },
        },
      },
      async (req) => driftInsights(ctx.db, req.actor, req.query),
    );

    app.get(
      '/analytics/drift/:by/:id',
      {
        config: access.permission('analytics.self'),
        schema: {
          tags,
          summary: 'One engineer’s or department’s weekly control chart (SCORING.md §9)',
          description:
            'Every week of the window with n, mean, EWMA and limits, and the alarm now in force. An engineer ' +
            '(`analytics.self` without `analytics.read`) may open their own chart only; anything else is 404.',
          params: driftMemberParams,
          response: { 200: driftSeriesSchema },
        },
      },
      async (req) => driftSeries(ctx.db, req.actor, req.params),
    );
  };
