import { DEFAULT_MIN_SAMPLE, DEFAULT_PRIOR_WEIGHT, rankGroups } from '../../../common/scoring/index.js';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../http/principal.js';
import { processorAsOf } from '../events/processor-status.js';
import { departmentKinds, orgNames } from '../org/lookups.js';
import { ANALYTICS_PROCESSOR } from './analytics.service.js';
import { previousPeriod, resolveFilters } from './filters.js';
import type { RankingItem, RankingQuery, RankingView } from './rankings.schemas.js';
import { type RankedFamily, type ResolvedFilters, ratingSums, ratingSumsByMember } from './sums.js';

/** A family's members ranked fairly over a period (SCORING.md §6), with the organisation's mean of the same ratings. */
export async function standings(db: Db, f: ResolvedFilters, by: RankedFamily) {
  const [byMember, total] = await Promise.all([ratingSumsByMember(db, f, by), ratingSums(db, f)]);
  const all = total.get('');
  const orgMean = all && all.scoredCount > 0 ? all.sumS / all.scoredCount : null;
  const ranked = rankGroups(
    [...byMember]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) // ties keep this order, not the rows'
      .map(([id, s]) => ({ id, sums: s, sum: s.sumS, sumSq: s.sumS2, n: s.scoredCount })),
    { orgMean, C: DEFAULT_PRIOR_WEIGHT, minSample: DEFAULT_MIN_SAMPLE },
  );
  return { orgMean, ranked };
}

/**
 * `GET /analytics/rankings`: engineers or departments ranked by the Bayesian average, each with n, the plain mean,
 * the uncertainty band and the previous period's standing; below the minimum sample listed last, not ranked. The
 * filters and access are the dashboard's: a supervisor ranks within their departments.
 */
export async function analyticsRankings(db: Db, actor: Actor, query: RankingQuery): Promise<RankingView> {
  const f = await resolveFilters(db, actor, query);
  const before = previousPeriod(f.period);
  const [asOf, now, then] = await Promise.all([
    processorAsOf(db, ANALYTICS_PROCESSOR),
    standings(db, f, query.by),
    before ? standings(db, { ...f, period: before }, query.by) : null,
  ]);
  const ids = now.ranked.map((r) => r.id);
  const [names, kinds] = await Promise.all([
    orgNames(db, {
      serviceTypeIds: [],
      departmentIds: query.by === 'department' ? ids : [],
      employeeIds: query.by === 'engineer' ? ids : [],
    }),
    query.by === 'department' ? departmentKinds(db, ids) : new Map<string, RankingItem['kind']>(),
  ]);
  const previousOf = new Map(then?.ranked.map((r) => [r.id, r]) ?? []);
  const standing = (r: { n: number; mean: number | null; bayesian: number | null; rank: number | null }) => ({
    n: r.n,
    mean: r.mean,
    bayesian: r.bayesian,
    rank: r.rank,
  });
  return {
    asOf,
    by: query.by,
    period: { from: f.period.from?.toISOString() ?? null, to: f.period.to?.toISOString() ?? null },
    orgMean: now.orgMean,
    priorWeight: DEFAULT_PRIOR_WEIGHT,
    minSample: DEFAULT_MIN_SAMPLE,
    // Each field written out, not `...standing(r)` mid-literal: V8 gives such objects a map each (see rankGroups).
    items: now.ranked.map((r) => {
      const previous = previousOf.get(r.id);
      return {
        id: r.id,
        name: names.get(r.id) ?? '',
        kind: kinds.get(r.id) ?? null,
        count: r.sums.count,
        negative: r.sums.negative,
        shared: query.by === 'engineer' ? r.sums.shared : null,
        n: r.n,
        mean: r.mean,
        bayesian: r.bayesian,
        rank: r.rank,
        insufficientSample: r.insufficientSample,
        band: r.band,
        previous: then ? (previous ? standing(previous) : { n: 0, mean: null, bayesian: null, rank: null }) : null,
      };
    }),
  };
}
