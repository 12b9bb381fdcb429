import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { CASE_SEVERITIES, type CaseSeverity } from '../../../common/cases';
import { CASE_STATUSES, type CaseStatus } from '../../../common/sla';
import { type Answer, allOf, client, type ItemOf, ok, type QueryOf } from '../../api/client';
import { type UrlParam, type UrlSpec, urlParam } from '../../components/useListState';
import { departmentKeys } from '../departments/departmentsApi';

/** Shapes of `/api/v1/cases` (server: modules/cases/cases.schemas.ts, cases-overview.schemas.ts). */
export type Case = ItemOf<'/cases'>;
export type CaseDetail = Answer<'/cases/{id}'>;
export type CaseEntry = CaseDetail['entries'][number];
export type CaseOverview = Answer<'/cases/overview'>;
export type TeamFigures = CaseOverview['byTeam'][number];
export type RootCause = ItemOf<'/case-root-causes'>;
export type CaseListQuery = QueryOf<'/cases'>;

// The shared lists, checked against the API's unions both ways.
export const STATUSES = allOf<Case['status']>()(CASE_STATUSES);
export const SEVERITIES = allOf<Case['severity']>()(CASE_SEVERITIES);

export const STATUS_COLORS: Record<CaseStatus, string> = {
  open: 'red',
  contacted: 'blue',
  resolving: 'processing',
  waiting_customer: 'gold',
  resolved: 'green',
  closed: 'default',
  reopened: 'volcano',
};

export const SEVERITY_COLORS: Record<CaseSeverity, string> = {
  low: 'default',
  medium: 'blue',
  high: 'orange',
  critical: 'red',
};

/** "C-42", as cases are named everywhere. */
export const caseName = (number: number) => `C-${number}`;

/** The owner filter: `me` or an employee id. */
const ownerParam: UrlParam<string> = {
  parse: (raw) => (raw === 'me' ? 'me' : urlParam.uuid().parse(raw)),
  serialize: (value) => value,
};

/** The case list's filters (GET /cases), kept in the URL. */
export interface CaseFilters {
  status?: CaseStatus[];
  severity?: CaseSeverity[];
  overdue?: 'true' | 'false';
  ownerId?: string;
  /** The chosen employee's label, so the picker shows a name after a reload. */
  ownerLabel?: string;
  departmentId?: string;
}

export const caseFiltersUrl: UrlSpec<CaseFilters> = {
  status: urlParam.listOf(CASE_STATUSES),
  severity: urlParam.listOf(CASE_SEVERITIES),
  overdue: urlParam.oneOf(['true', 'false'] as const),
  ownerId: ownerParam,
  ownerLabel: urlParam.text(100),
  departmentId: urlParam.uuid(),
};

export function filtersToQuery(filters: CaseFilters) {
  return {
    // Arrays travel comma-separated (`buildQuery`), as the server's list parameters take them.
    status: filters.status?.length ? filters.status : undefined,
    severity: filters.severity?.length ? filters.severity : undefined,
    overdue: filters.overdue,
    ownerId: filters.ownerId,
    departmentId: filters.departmentId,
  };
}

/** Every query key of the feature; `case.*` live events invalidate `all` (app/liveEvents.ts). */
export const caseKeys = {
  all: ['cases'] as const,
  list: (query: object) => [...caseKeys.all, 'list', query] as const,
  detail: (id: string) => [...caseKeys.all, 'detail', id] as const,
  overview: (query: object) => [...caseKeys.all, 'overview', query] as const,
  rootCauses: ['case-root-causes'] as const,
};

export function useCase(id: string) {
  return useQuery({
    queryKey: caseKeys.detail(id),
    queryFn: () => ok(client.GET('/cases/{id}', { params: { path: { id } } })),
  });
}

/**
 * Every department (the same query and cache as `useDepartments`), asked only when the user may read the
 * organisation (`org.read`; a follow-up agent may not): the department filter's tree and the list's names.
 */
export function useCaseDepartments(enabled: boolean) {
  return useQuery({
    queryKey: departmentKeys.all,
    queryFn: () => ok(client.GET('/departments', { params: { query: { limit: 500 } } })).then((page) => page.items),
    enabled,
  });
}

export function useRootCauses() {
  return useQuery({
    queryKey: caseKeys.rootCauses,
    queryFn: () => ok(client.GET('/case-root-causes')).then((answer) => answer.items),
    staleTime: 5 * 60_000,
  });
}

/** A root cause's label in the console's language. */
export const rootCauseLabel = (cause: RootCause, language: string) =>
  language.startsWith('zh') ? cause.labelZh : cause.labelEn;

/** The target whose clock runs now: first contact until the customer is reached, then resolution. */
export type SlaTarget = 'first_contact' | 'resolution';

export interface RunningTarget {
  target: SlaTarget;
  /** null while the clock is paused. */
  dueAt: string | null;
}

const ENDED: readonly CaseStatus[] = ['resolved', 'closed'];

/** What the countdown shows: the running target and its due time, or null once the case has ended. */
export function runningTarget(c: Pick<Case, 'status' | 'firstContactedAt' | 'firstContactDueAt' | 'resolutionDueAt'>) {
  if (ENDED.includes(c.status)) return null;
  const target: SlaTarget = c.firstContactedAt ? 'resolution' : 'first_contact';
  return { target, dueAt: target === 'first_contact' ? c.firstContactDueAt : c.resolutionDueAt } as RunningTarget;
}

/** A duration as its two largest units ("2d 3h", "1h 05m", "4m 09s"), in the console's language. */
export function durationText(t: TFunction, ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return t('cases.duration.days', { d, h });
  if (h > 0) return t('cases.duration.hours', { h, m: pad(m) });
  return t('cases.duration.minutes', { m, s: pad(s) });
}

/** Minutes as hours and minutes ("2h", "1h 30m", "45m"), for SLA targets. */
export function minutesText(t: TFunction, minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return t('cases.duration.onlyMinutes', { m });
  if (m === 0) return t('cases.duration.onlyHours', { h });
  return t('cases.duration.hoursMinutes', { h, m });
}
