import type { DbOrTx } from '../../db/client.js';
import type { Actor } from '../../http/principal.js';
import { fieldError, notFound } from '../../http/problem.js';
import { type ResourceScope, scopeOf } from '../access/scope.js';
import { departmentSubtree } from '../org/departments.service.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import type { AnalyticsFilters } from './analytics.schemas.js';
import { localMidnight } from './local-time.js';
import type { Period } from './period.js';
import type { ResolvedFilters } from './sums.js';

/** A period bound as written: an instant, or a date meaning its local midnight in the organisation's zone. */
export const boundOf = (value: string, timeZone: string): Date =>
  value.length === 10 ? localMidnight(value, timeZone) : new Date(value);

/**
 * Whose own figures only the actor may read: a console user with `analytics.self` but not `analytics.read` (an
 * engineer) sees the ratings crediting them and nothing else; null for everyone else.
 */
export function selfOnly(actor: Actor): string | null {
  // An actor rebuilt by a job for its creator (an export, a scheduled report) carries no permissions: the route
  // checked them when the work was asked for, and the scope (from the employee's roles) still limits what it reads.
  if (actor.type !== 'user' || actor.permissions === undefined) return null;
  return actor.permissions.has('analytics.read') ? null : actor.id;
}

async function periodOf(db: DbOrTx, q: AnalyticsFilters) {
  const { timeZone } = await getOrganisationProfile(db);
  const period: Period = {
    from: q.from ? boundOf(q.from, timeZone) : null,
    to: q.to ? boundOf(q.to, timeZone) : null,
  };
  if (period.from && period.to && period.to < period.from) {
    throw fieldError('query.to', 'before_start', 'must not be before from');
  }
  return { period, timeZone };
}

const attributes = (q: AnalyticsFilters) => ({
  serviceTypeId: q.serviceTypeId,
  engineerId: q.engineerId,
  store: q.store,
  touchpoint: q.touchpoint,
  channel: q.channel,
  templateId: q.templateId,
  source: q.source,
});

/**
 * The filters as the sums need them, with access applied first: a supervisor (any limited scope) sees the ratings of
 * their visible departments only — without a department filter they get exactly those; a department outside them is
 * answered like a missing one (404). A department filter covers its subtree. An engineer (`selfOnly`) gets their own
 * ratings: another engineer or any department is answered like a missing one.
 */
export async function resolveFilters(db: DbOrTx, actor: Actor, q: AnalyticsFilters): Promise<ResolvedFilters> {
  const self = selfOnly(actor);
  if (self) {
    if (q.engineerId && q.engineerId !== self) throw notFound('Employee', q.engineerId);
    if (q.departmentId) throw notFound('Department', q.departmentId);
    return { ...(await periodOf(db, q)), ...attributes(q), engineerId: self };
  }
  const [{ period, timeZone }, scope] = await Promise.all([periodOf(db, q), scopeOf(db, actor)]);
  return {
    period,
    timeZone,
    ...attributes(q),
    departmentIds: await departmentsOf(db, scope, q.departmentId),
  };
}

/**
 * The same filters over the whole organisation, whoever asks: what an engineer's own page compares them with
 * (ranks and averages; never a list of other people's ratings).
 */
export async function resolveOrganisationFilters(db: DbOrTx, q: AnalyticsFilters): Promise<ResolvedFilters> {
  return {
    ...(await periodOf(db, q)),
    ...attributes(q),
    departmentIds: await departmentsOf(db, { kind: 'organisation' }, q.departmentId),
  };
}

async function departmentsOf(
  db: DbOrTx,
  scope: ResourceScope,
  departmentId: string | undefined,
): Promise<string[] | undefined> {
  if (departmentId) {
    if (scope.kind === 'limited' && !scope.departmentIds.includes(departmentId)) {
      throw notFound('Department', departmentId);
    }
    const subtree = await departmentSubtree(db, departmentId);
    return subtree.length > 0 ? subtree : [departmentId];
  }
  return scope.kind === 'limited' ? scope.departmentIds : undefined;
}

/** The period of the same length just before (null when either end is open). */
export function previousPeriod(p: Period): Period | null {
  if (!p.from || !p.to) return null;
  return { from: new Date(2 * p.from.getTime() - p.to.getTime()), to: p.from };
}
