import { DEFAULT_MIN_SAMPLE, emptyRatingSums, figuresOfSums } from '../../../common/scoring/index.js';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../http/principal.js';
import { notFound } from '../../http/problem.js';
import { scopeOf } from '../access/scope.js';
import { processorAsOf } from '../events/processor-status.js';
import { getEmployee } from '../org/employees.service.js';
import { departmentKinds, orgNames } from '../org/lookups.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import { presentDimensions } from './analytics.presenter.js';
import type { Granularity, Language } from './analytics.schemas.js';
import { ANALYTICS_PROCESSOR, figuresFor, seriesBuckets } from './analytics.service.js';
import { dimensionMeta } from './dimension-labels.js';
import { previousPeriod, resolveFilters, resolveOrganisationFilters, selfOnly } from './filters.js';
import type { MemberParams, MemberProfileView, MemberQuery } from './members.schemas.js';
import { standings } from './rankings.service.js';
import { dimensionSums, type ResolvedFilters, ratingSums } from './sums.js';

const DAY = 86_400_000;
/** Days up to two months, weeks up to a year and a bit, months beyond. */
function granularityOf(f: ResolvedFilters): Granularity {
  const days = (f.period.to!.getTime() - f.period.from!.getTime()) / DAY;
  return days <= 62 ? 'day' : days <= 371 ? 'week' : 'month';
}

/**
 * Who the member is compared with (the peers) and which ratings are the member's: an engineer's own page compares
 * with the organisation; anyone else compares within their scope, and sees a member only inside it (else 404, as a
 * missing one). A department's figures cover its subtree.
 */
async function filtersOf(db: Db, actor: Actor, { by, id }: MemberParams, query: MemberQuery) {
  const self = selfOnly(actor);
  if (self) {
    if (by !== 'engineer' || id !== self) throw notFound(by === 'engineer' ? 'Employee' : 'Department', id);
    const peers = await resolveOrganisationFilters(db, query);
    return { peers, member: { ...peers, engineerId: id } };
  }
  if (by === 'department') {
    const [peers, member] = await Promise.all([
      resolveFilters(db, actor, query),
      resolveFilters(db, actor, { ...query, departmentId: id }),
    ]);
    return { peers, member };
  }
  const [peers, scope, employee] = await Promise.all([
    resolveFilters(db, actor, query),
    scopeOf(db, actor),
    getEmployee(db, id),
  ]);
  const visible =
    scope.kind === 'organisation' ||
    scope.employeeId === id ||
    (employee.departmentId !== null && scope.departmentIds.includes(employee.departmentId));
  if (!visible) throw notFound('Employee', id);
  return { peers, member: { ...peers, engineerId: id } };
}

const standingOf = (
  r:
    | {
        n: number;
        mean: number | null;
        bayesian: number | null;
        rank: number | null;
        insufficientSample: boolean;
        band: { low: number; high: number } | null;
      }
    | undefined,
) => ({
  n: r?.n ?? 0,
  mean: r?.mean ?? null,
  bayesian: r?.bayesian ?? null,
  rank: r?.rank ?? null,
  insufficientSample: r?.insufficientSample ?? true,
  band: r?.band ?? null,
});

/**
 * `GET /analytics/members/{by}/{id}`: one engineer's or department's report — its standing in the rankings (same
 * peers and prior), the summary figures with the previous period's, the per-dimension profile against the peers,
 * the trend and (an engineer) the shared ratings. Every number is the one the dashboard and the rankings show for the
 * same filters, so each links to the drill-down list of the same ratings.
 */
export async function memberProfile(
  db: Db,
  actor: Actor,
  params: MemberParams,
  query: MemberQuery,
  language?: Language,
): Promise<MemberProfileView> {
  const { peers, member } = await filtersOf(db, actor, params, query);
  const before = previousPeriod(member.period);
  const granularity = query.granularity ?? granularityOf(member);
  const buckets = seriesBuckets(member, granularity);
  const lang = language ?? (await getOrganisationProfile(db)).defaultLanguage;
  const [asOf, names, kinds, now, then, figures, previousFigures, memberDims, peerDims, series, meta] =
    await Promise.all([
      processorAsOf(db, ANALYTICS_PROCESSOR),
      orgNames(db, {
        serviceTypeIds: [],
        departmentIds: params.by === 'department' ? [params.id] : [],
        employeeIds: params.by === 'engineer' ? [params.id] : [],
      }),
      params.by === 'department' ? departmentKinds(db, [params.id]) : null,
      standings(db, peers, params.by),
      before ? standings(db, { ...peers, period: before }, params.by) : null,
      figuresFor(db, member),
      before ? figuresFor(db, { ...member, period: before }) : null,
      dimensionSums(db, member),
      dimensionSums(db, peers),
      ratingSums(db, member, granularity),
      dimensionMeta(db, lang),
    ]);
  const name = names.get(params.id);
  if (name === undefined) throw notFound(params.by === 'engineer' ? 'Employee' : 'Department', params.id);
  const peerAverages = new Map(presentDimensions(peerDims.get(''), meta).map((d) => [d.key, d.average]));
  const row = now.ranked.find((r) => r.id === params.id);
  const previousRow = then?.ranked.find((r) => r.id === params.id);
  return {
    asOf,
    by: params.by,
    id: params.id,
    name,
    kind: kinds?.get(params.id) ?? null,
    period: { from: member.period.from!.toISOString(), to: member.period.to!.toISOString() },
    standing: { ...standingOf(row), ranked: now.ranked.filter((r) => r.rank !== null).length },
    previous: then ? standingOf(previousRow) : null,
    orgMean: now.orgMean,
    minSample: DEFAULT_MIN_SAMPLE,
    figures,
    previousFigures,
    dimensions: presentDimensions(memberDims.get(''), meta).map((d) => ({
      ...d,
      peerAverage: peerAverages.get(d.key) ?? null,
    })),
    granularity,
    trend: buckets.map((b) => {
      return {
        bucket: b.bucket,
        from: b.from.toISOString(),
        to: b.to.toISOString(),
        ...figuresOfSums(series.get(b.bucket) ?? emptyRatingSums()),
      };
    }),
    // An engineer's member filters are the peers' plus the engineer: their standing's shared ratings are the member's.
    shared: params.by === 'engineer' ? (row?.sums.shared ?? 0) : null,
  };
}
