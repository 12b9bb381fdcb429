import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import {
  analyticsQuery,
  commentsQuery,
  commentsSchema,
  dimensionTrendSchema,
  distributionSchema,
  drillDownPageSchema,
  drillDownQuery,
  funnelSchema,
  summarySchema,
  trendQuery,
  trendSchema,
} from './analytics.schemas.js';
import {
  analyticsComments,
  analyticsDimensions,
  analyticsDistribution,
  analyticsFunnel,
  analyticsSummary,
  analyticsTrend,
} from './analytics.service.js';
import { listDrillDownRatings } from './drill-down.service.js';
import { memberParams, memberProfileSchema, memberQuery } from './members.schemas.js';
import { memberProfile } from './members.service.js';
import { rankingQuery, rankingSchema } from './rankings.schemas.js';
import { analyticsRankings } from './rankings.service.js';
import { recoverySummarySchema } from './recovery.schemas.js';
import { analyticsRecovery } from './recovery.service.js';
import { languageOf } from './request-language.js';

const tags = ['analytics'];
const permission = access.permission('analytics.read');
const selfPermission = access.permission('analytics.self');
const SELF_DOC =
  'With `analytics.self` but not `analytics.read` (an engineer): only the ratings crediting the caller; another ' +
  'engineer or a department filter is answered 404.';
const FILTERS_DOC =
  '`from`/`to`: ISO 8601 instants, or dates meaning local midnight in the organisation’s time zone; `from` ' +
  'inclusive, `to` exclusive. Filters combine with AND; `departmentId` covers the subtree; a supervisor sees their ' +
  'departments’ ratings only (another department: 404). Every answer carries `asOf`.';

export const analyticsRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/analytics/summary',
      {
        config: permission,
        schema: {
          tags,
          summary: 'The dashboard figures of a period (SCORING.md §5)',
          description: `The fixed shape of API-CONTRACT.md plus \`asOf\`, \`period\` and \`previous\`. ${FILTERS_DOC}`,
          querystring: analyticsQuery,
          response: { 200: summarySchema },
        },
      },
      async (req) =>
        analyticsSummary(ctx.db, req.actor, req.query, languageOf(req.query.lang, req.headers['accept-language'])),
    );

    app.get(
      '/analytics/rankings',
      {
        config: permission,
        schema: {
          tags,
          summary: 'Engineers or departments ranked fairly (SCORING.md §6)',
          description:
            'Ranked by the Bayesian average B = (C·m + ΣS)/(C + n) with m the mean S of the same filtered ratings; ' +
            `each with n, the plain mean, the 90 % uncertainty band and the previous period's standing. Fewer than the minimum sample: listed last, \`insufficientSample\`, not ranked. ${FILTERS_DOC}`,
          querystring: rankingQuery,
          response: { 200: rankingSchema },
        },
      },
      async (req) => analyticsRankings(ctx.db, req.actor, req.query),
    );

    app.get(
      '/analytics/members/:by/:id',
      {
        config: selfPermission,
        schema: {
          tags,
          summary: "An engineer's or a department's report page",
          description:
            'The standing of GET /analytics/rankings (same peers, prior and minimum sample) and its previous ' +
            "period's, the summary figures (a department: its subtree) with the previous period's, each dimension " +
            "against the peers' average (radar), the trend (days up to 62 days, weeks up to 371, else months) and, " +
            `for an engineer, the ratings shared with other engineers. \`from\` and \`to\` are required. ${FILTERS_DOC} ` +
            `${SELF_DOC} An engineer's own page compares with the whole organisation.`,
          params: memberParams,
          querystring: memberQuery,
          response: { 200: memberProfileSchema },
        },
      },
      async (req) =>
        memberProfile(
          ctx.db,
          req.actor,
          req.params,
          req.query,
          languageOf(req.query.lang, req.headers['accept-language']),
        ),
    );

    app.get(
      '/analytics/recovery',
      {
        config: permission,
        schema: {
          tags,
          summary: 'The closed loop: recovery rate and time to first contact, in total and per team',
          description:
            'Over the remediation cases opened in the period (`from`/`to`), in the department (subtree) and the ' +
            "caller's scope; the rating filters do not apply to cases and are listed in `ignoredFilters`. " +
            'Recovery rate = recovered / re-invited × 100 (recovered: re-rated and no longer negative).',
          querystring: analyticsQuery,
          response: { 200: recoverySummarySchema },
        },
      },
      async (req) => analyticsRecovery(ctx.db, req.actor, req.query),
    );

    app.get(
      '/analytics/trend',
      {
        config: permission,
        schema: {
          tags,
          summary: 'The summary figures per local day, week (from Monday) or month',
          description: `Every bucket of the period, empty ones with count 0. ${FILTERS_DOC}`,
          querystring: trendQuery,
          response: { 200: trendSchema },
        },
      },
      async (req) => analyticsTrend(ctx.db, req.actor, req.query),
    );

    app.get(
      '/analytics/dimensions',
      {
        config: permission,
        schema: {
          tags,
          summary: "Each dimension's average in its own scale, over the period and per bucket",
          description: FILTERS_DOC,
          querystring: trendQuery,
          response: { 200: dimensionTrendSchema },
        },
      },
      async (req) =>
        analyticsDimensions(ctx.db, req.actor, req.query, languageOf(req.query.lang, req.headers['accept-language'])),
    );

    app.get(
      '/analytics/distribution',
      {
        config: permission,
        schema: {
          tags,
          summary: 'Ratings per rounded ★ (and without S)',
          description: FILTERS_DOC,
          querystring: analyticsQuery,
          response: { 200: distributionSchema },
        },
      },
      async (req) => analyticsDistribution(ctx.db, req.actor, req.query),
    );

    app.get(
      '/analytics/funnel',
      {
        config: permission,
        schema: {
          tags,
          summary: 'Invitations created → delivered → opened → responded, per channel',
          description: `By invitation creation time; the rating \`source\` filter does not apply. ${FILTERS_DOC}`,
          querystring: analyticsQuery,
          response: { 200: funnelSchema },
        },
      },
      async (req) => analyticsFunnel(ctx.db, req.actor, req.query),
    );

    app.get(
      '/analytics/comments',
      {
        config: permission,
        schema: {
          tags,
          summary: 'The latest ratings with a text answer',
          description: FILTERS_DOC,
          querystring: commentsQuery,
          response: { 200: commentsSchema },
        },
      },
      async (req) => analyticsComments(ctx.db, req.actor, req.query),
    );

    app.get(
      '/analytics/ratings',
      {
        config: selfPermission,
        schema: {
          tags,
          summary: 'The ratings behind a figure (drill-down), with every answer',
          description:
            '`total` counts every match and equals the figure clicked for the same filters (`count`, ' +
            '`negativeCount` with `negative=true`, a ★ bar with `stars`, a trend point with its `from`/`to`). ' +
            `Keyset pages; \`sort\`: submittedAt or score. ${FILTERS_DOC} ${SELF_DOC}`,
          querystring: drillDownQuery,
          response: { 200: drillDownPageSchema },
        },
      },
      async (req) =>
        listDrillDownRatings(ctx.db, req.actor, {
          ...req.query,
          lang: languageOf(req.query.lang, req.headers['accept-language']),
        }),
    );
  };
