import type { DbOrTx } from '../../db/client.js';
import type { Actor } from '../../http/principal.js';
import { fieldError, notFound } from '../../http/problem.js';
import { scopeOf } from '../access/scope.js';
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
 * The filters as the sums need them, with access applied first: a supervisor (any limited scope) sees the ratings of
 * their visible departments only — without a department filter they get exactly those; a department outside them is
 * answered like a missing one (404). A department filter covers its subtree.
 */
export async function resolveFilters(db: DbOrTx, actor: Actor, q: AnalyticsFilters): Promise<ResolvedFilters> {
  const { timeZone } = await getOrganisationProfile(db);
  const period: Period = {
    from: q.from ? boundOf(q.from, timeZone) : null,
    to: q.to ? boundOf(q.to, timeZone) : null,
  };
  if (period.from && period.to && period.to < period.from) {
    throw fieldError('query.to', 'before_start', 'must not be before from');
  }
  const scope = await scopeOf(db, actor);
  let departmentIds: string[] | undefined;
  if (q.departmentId) {
    if (scope.kind === 'limited' && !scope.departmentIds.includes(q.departmentId)) {
      throw notFound('Department', q.departmentId);
    }
    const subtree = await departmentSubtree(db, q.departmentId);
    departmentIds = subtree.length > 0 ? subtree : [q.departmentId];
  } else if (scope.kind === 'limited') {
    departmentIds = scope.departmentIds;
  }
  return {
    period,
    timeZone,
    serviceTypeId: q.serviceTypeId,
    departmentIds,
    engineerId: q.engineerId,
    store: q.store,
    touchpoint: q.touchpoint,
    channel: q.channel,
    templateId: q.templateId,
    source: q.source,
  };
}

/** The period of the same length just before (null when either end is open). */
export function previousPeriod(p: Period): Period | null {
  if (!p.from || !p.to) return null;
  return { from: new Date(2 * p.from.getTime() - p.to.getTime()), to: p.from };
}
