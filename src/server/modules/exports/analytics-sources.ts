import type { z } from 'zod';
import type { ExportLanguage } from '../../../common/exports.js';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../http/principal.js';
import { badRequest } from '../../http/problem.js';
import { analyticsQuery, drillDownQuery, trendQuery } from '../analytics/analytics.schemas.js';
import {
  analyticsDimensions,
  analyticsDistribution,
  analyticsFunnel,
  analyticsTrend,
} from '../analytics/analytics.service.js';
import { iterateDrillDownRatings, listDrillDownRatings } from '../analytics/drill-down.service.js';
import { rankingQuery } from '../analytics/rankings.schemas.js';
import { analyticsRankings } from '../analytics/rankings.service.js';
import { publishedDimensions } from '../templates/version-dimensions.js';
import type { Cell } from './cells.js';
import { dashboardHeaders } from './dashboard-tables.js';
import type { DashboardKind, DashboardTable, ExportSources } from './export-sources.js';
import type { ExportRating } from './ratings-table.js';
import { wordsOf } from './words.js';

/** Rows read per batch from the drill-down (keyset paging): the export's memory is bounded by this, not the total. */
export const EXPORT_BATCH_SIZE = 1000;

const DRILL_DOWN_PAGING = { sort: '-submittedAt', limit: 1 } as const;

/** The export's filters, checked exactly as the drill-down list checks its query (a refusal: 400). */
function drillDownFilters(filters: Record<string, unknown>) {
  const {
    sort: _sort,
    limit: _limit,
    cursor: _cursor,
    lang: _lang,
    ...rest
  } = checked(drillDownQuery, {
    ...filters,
    ...DRILL_DOWN_PAGING,
  });
  return rest;
}

/** Filters checked by the dashboard endpoint's own schema (trend and dimensions need a period and a granularity). */
function checked<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw badRequest(`filters: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

const round = (v: number | null, decimals: number): Cell =>
  v === null ? null : { value: Math.round(v * 10 ** decimals) / 10 ** decimals, decimals };

/**
 * The analytics module's rows: the ratings export iterates the drill-down (the same filters, and the creator's
 * scope, so the file, the list and the dashboard agree), the dashboard tables are the dashboard's own answers.
 */
export const analyticsSources: ExportSources = {
  async ratings(db: Db, actor: Actor, filters: Record<string, unknown>) {
    const query = drillDownFilters(filters);
    const [dimensions, counted] = await Promise.all([
      publishedDimensions(db, query.templateId ? [query.templateId] : undefined),
      listDrillDownRatings(db, actor, { ...query, ...DRILL_DOWN_PAGING }),
    ]);
    return {
      dimensions,
      total: counted.total,
      rows: (async function* (): AsyncGenerator<ExportRating> {
        for await (const r of iterateDrillDownRatings(db, actor, query, { batchSize: EXPORT_BATCH_SIZE }))
          yield {
            submittedAt: new Date(r.submittedAt),
            workOrderNumber: r.workOrderNumber,
            engineers: r.engineers.map((e) => e.name ?? ''),
            department: r.department?.name ?? null,
            store: r.store,
            channel: r.channel,
            source: r.source,
            score: r.score,
            roundedStars: r.roundedStars,
            class: r.class,
            answers: r.answers,
            comment: r.comment,
          };
      })(),
    };
  },

  async dashboard(
    db: Db,
    actor: Actor,
    kind: DashboardKind,
    filters: Record<string, unknown>,
    language: ExportLanguage,
  ) {
    const withLanguage = { ...filters, lang: language };
    const headers = dashboardHeaders(kind, language);
    const w = wordsOf(language);
    if (kind === 'dashboard_trend') {
      const trend = await analyticsTrend(db, actor, checked(trendQuery, withLanguage));
      return {
        headers,
        rows: trend.points.map((p) => [
          p.bucket,
          p.count,
          round(p.averageScore, 1),
          round(p.averageStars, 2),
          round(p.csat, 1),
          round(p.nps, 1),
          p.negativeCount,
          round(p.responseRate, 1),
        ]),
      } satisfies DashboardTable;
    }
    if (kind === 'dashboard_dimensions') {
      const view = await analyticsDimensions(db, actor, checked(trendQuery, withLanguage), language);
      return { headers, rows: view.dimensions.map((d) => [d.label || d.key, d.scale, round(d.average, 2), d.count]) };
    }
    if (kind === 'dashboard_funnel') {
      const view = await analyticsFunnel(db, actor, checked(analyticsQuery, withLanguage));
      const row = (channel: string, f: typeof view.total): Cell[] => [
        channel,
        f.created,
        f.delivered,
        f.opened,
        f.responded,
        round(f.responseRate, 1),
      ];
      return {
        headers,
        rows: [...view.channels.map((c) => row(c.channel ?? w.notDelivered, c)), row(w.total, view.total)],
      };
    }
    if (kind === 'rankings') {
      const view = await analyticsRankings(db, actor, checked(rankingQuery, filters));
      return {
        headers,
        rows: view.items.map((r) => [
          r.rank ?? w.insufficient,
          r.name,
          round(r.bayesian, 1),
          round(r.mean, 1),
          round(r.band?.low ?? null, 1),
          round(r.band?.high ?? null, 1),
          r.n,
          r.count,
          r.negative,
          r.shared,
          r.previous?.rank ?? null,
        ]),
      };
    }
    const view = await analyticsDistribution(db, actor, checked(analyticsQuery, withLanguage));
    return { headers, rows: [...view.stars.map((s) => [s.stars, s.count] as Cell[]), [w.unscored, view.unscored]] };
  },
};
