import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { type Answer, allOf, client, type ItemOf, ok, type RequestBody } from '../../api/client';
import { appKeys } from '../../app/queryKeys';
import { type UrlParam, type UrlSpec, urlParam } from '../../components/useListState';
import { periodsProblem } from '../sla/slaApi';
import type { TemplateDetail } from '../templates/templatesApi';

/** Shapes of `/api/v1/follow-ups/*` (server: modules/follow-ups/follow-ups.schemas.ts, follow-up-settings.ts). */
export type FollowUpTask = ItemOf<'/follow-ups/tasks'>;
export type FollowUpTaskDetail = Answer<'/follow-ups/tasks/{id}'>;
export type FollowUpCall = FollowUpTaskDetail['calls'][number];
export type PreviousRating = FollowUpTaskDetail['previousRatings'][number];
/** A call the call centre placed (click-to-call), with what it reported when the call ended. */
export type CallRecord = FollowUpTaskDetail['callRecords'][number];
export type FollowUpSettings = Answer<'/follow-ups/settings'>;
export type CallingWindow = FollowUpSettings['callingWindows'][number];
export type Workload = Answer<'/follow-ups/workload'>;
export type AgentWorkload = Workload['agents'][number];
export type TaskStatus = FollowUpTask['status'];
export type CallOutcome = FollowUpCall['outcome'];
export type TaskResult = NonNullable<FollowUpTask['result']>;
export type AttemptBody = RequestBody<'/follow-ups/tasks/{id}/attempts', 'post'>;
export type CompleteBody = RequestBody<'/follow-ups/tasks/{id}/complete', 'post'>;
export type SurveyLanguage = NonNullable<CompleteBody['language']>;
/** A question of the task's survey: a dimension of its template's published version. */
export type SurveyDimension = NonNullable<TemplateDetail['published']>['dimensions'][number];

// The API's unions as run-time lists, checked both ways.
export const TASK_STATUSES = allOf<TaskStatus>()([
  'pending',
  'in_progress',
  'completed',
  'unreachable',
  'refused',
  'wrong_number',
  'cancelled',
]);
export const CALL_OUTCOMES = allOf<CallOutcome>()(['reached', 'no_answer', 'busy', 'refused', 'wrong_number']);
export const RESULTS = allOf<TaskResult>()(['closed', 'sent_back', 'none']);
export const SURVEY_LANGUAGES = allOf<SurveyLanguage>()(['zh-CN', 'en']);

export const OPEN_STATUSES: readonly TaskStatus[] = ['pending', 'in_progress'];
export const isOpenTask = (status: TaskStatus) => OPEN_STATUSES.includes(status);

export const STATUS_COLORS: Record<TaskStatus, string> = {
  pending: 'blue',
  in_progress: 'processing',
  completed: 'green',
  unreachable: 'orange',
  refused: 'volcano',
  wrong_number: 'magenta',
  cancelled: 'default',
};

export const OUTCOME_COLORS: Record<CallOutcome, string> = {
  reached: 'green',
  no_answer: 'gold',
  busy: 'gold',
  refused: 'volcano',
  wrong_number: 'magenta',
};

/** Every query key of the feature; a change to a task invalidates `all`. */
export const followUpKeys = {
  all: ['follow-ups'] as const,
  settings: ['follow-ups', 'settings'] as const,
  mine: ['follow-ups', 'mine'] as const,
  team: (query: object) => ['follow-ups', 'team', query] as const,
  detail: (id: string) => ['follow-ups', 'detail', id] as const,
  workload: (days: number) => ['follow-ups', 'workload', days] as const,
  agents: ['follow-ups', 'agents'] as const,
};

/** The plugin's settings (any signed-in user may read them: the menu and the workspace ask whether it is on). */
export function useFollowUpSettings(enabled = true) {
  return useQuery({
    queryKey: followUpKeys.settings,
    queryFn: () => ok(client.GET('/follow-ups/settings')),
    staleTime: 60_000,
    enabled,
  });
}

/**
 * A task. `poll` asks again every so many ms while something is awaited (the record of a placed call): a second
 * observer of the same query, `enabled` only meanwhile, so it does not fetch again on mounting.
 */
export function useFollowUpTask(id: string, poll?: { everyMs: number; enabled: boolean }) {
  return useQuery({
    queryKey: followUpKeys.detail(id),
    queryFn: () => ok(client.GET('/follow-ups/tasks/{id}', { params: { path: { id } } })),
    ...(poll ? { refetchInterval: poll.everyMs, enabled: poll.enabled } : {}),
  });
}

/** The outcome a placed call's record suggests for the form ("failed" suggests nothing: the agent says). */
export function suggestedOutcome(record: Pick<CallRecord, 'status' | 'outcome'>): CallOutcome | undefined {
  if (record.status !== 'ended') return undefined;
  if (record.outcome === 'answered') return 'reached';
  if (record.outcome === 'no_answer' || record.outcome === 'busy') return record.outcome;
  return undefined;
}

/** The agent's own queue, as the server serves it: callable now first, then by due time. */
export function useMyQueue() {
  return useQuery({
    queryKey: followUpKeys.mine,
    queryFn: () => ok(client.GET('/follow-ups/tasks', { params: { query: { view: 'mine' } } })),
    // New tasks arrive, retry delays end: look again every minute.
    refetchInterval: 60_000,
  });
}

/** The active follow-up agents a task may be handed to (GET /employees needs org.read, as managers have). */
export function useFollowUpAgents(enabled: boolean) {
  return useQuery({
    queryKey: followUpKeys.agents,
    queryFn: () =>
      ok(client.GET('/employees', { params: { query: { role: 'follow_up_agent', active: 'true', limit: 500 } } })).then(
        (page) => page.items,
      ),
    enabled,
    staleTime: 60_000,
  });
}

/** The first task of the queue that may be called now: the one to take next (the queue's order is the server's). */
export function nextTaskId(queue: readonly Pick<FollowUpTask, 'id' | 'callableNow'>[]): string | undefined {
  return queue.find((task) => task.callableNow)?.id;
}

/** Whether a call reached the customer: the survey may be filled in. */
export const wasReached = (calls: readonly Pick<FollowUpCall, 'outcome'>[]) =>
  calls.some((call) => call.outcome === 'reached');

/** What the result may do to the work order: close or send back only while it is completed; leaving it always. */
export function allowedResults(detail: Pick<FollowUpTaskDetail, 'closeAllowed' | 'sendBackAllowed'>): TaskResult[] {
  return RESULTS.filter(
    (result) =>
      result === 'none' ||
      (result === 'closed' && detail.closeAllowed) ||
      (result === 'sent_back' && detail.sendBackAllowed),
  );
}

/** A survey answer as the form holds it (Rate, radios, checkboxes, text). */
export type FormAnswer = number | boolean | string | string[] | null | undefined;

/**
 * The form's answers as the API takes them (API-CONTRACT.md "Answer values"): unanswered questions left out (empty
 * text, no choice), text trimmed, nothing else changed — the server (`validateAnswers`) says what is wrong.
 */
export function answersBody(
  dimensions: readonly Pick<SurveyDimension, 'key'>[],
  values: Record<string, FormAnswer> | undefined,
): Record<string, number | boolean | string | string[]> {
  const out: Record<string, number | boolean | string | string[]> = {};
  for (const { key } of dimensions) {
    const value = values?.[key];
    if (value === null || value === undefined) continue;
    if (typeof value === 'string') {
      if (value.trim() !== '') out[key] = value.trim();
    } else if (Array.isArray(value)) {
      if (value.length > 0) out[key] = value;
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** The language to ask the survey in by default: the console's. */
export const surveyLanguageOf = (language: string): SurveyLanguage => (language.startsWith('en') ? 'en' : 'zh-CN');

/** A dimension's text in the survey's language (the other language when it is missing). */
export function localised(text: { 'zh-CN'?: string; en?: string } | undefined, language: SurveyLanguage) {
  if (!text) return undefined;
  return (language === 'en' ? text.en || text['zh-CN'] : text['zh-CN'] || text.en) || undefined;
}

/**
 * What is wrong with the calling windows, as the server checks them (`periodsSchema`, 1–6): the field-error code
 * (translated by `fieldErrors.*`), or null.
 */
export function windowsProblem(
  windows: readonly CallingWindow[],
): 'too_few' | 'too_many' | 'invalid_time' | 'periods_overlap' | null {
  if (windows.length < 1) return 'too_few';
  if (windows.length > MAX_WINDOWS) return 'too_many';
  return periodsProblem(windows);
}
export const MAX_WINDOWS = 6;

/** A ratio 0..1 as a whole percentage ("83%"), a dash when there is nothing to divide. */
export const percentText = (ratio: number | null) => (ratio === null ? '—' : `${Math.round(ratio * 100)}%`);

/** The organisation's profile (GET /settings/organisation): its time zone for the times shown here. */
export function useOrganisationProfile() {
  return useQuery({
    queryKey: appKeys.organisation,
    queryFn: () => ok(client.GET('/settings/organisation')),
    staleTime: 5 * 60_000,
  });
}

/**
 * Formats instants in the organisation's time zone (GET /settings/organisation): calling windows and retry times are
 * the organisation's local times, so "next call at 14:00" means the same to an agent whose laptop is set elsewhere.
 * The browser's zone until the organisation is known.
 */
export function useOrganisationTime() {
  const { i18n } = useTranslation();
  const timeZone = useOrganisationProfile().data?.timeZone;
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  } catch {
    formatter = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  }
  return (value: string | null | undefined): string => {
    if (!value) return '—';
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? value : formatter.format(date);
  };
}

/** The team list's assignee filter: `none` (queued) or an agent's id. */
const assigneeParam: UrlParam<string> = {
  parse: (raw) => (raw === 'none' ? 'none' : urlParam.uuid().parse(raw)),
  serialize: (value) => value,
};

/** The team list's filters (GET /follow-ups/tasks?view=team), kept in the URL. */
export interface TeamFilters {
  open?: 'true' | 'false' | 'all';
  overdue?: 'true' | 'false';
  status?: TaskStatus[];
  assigneeId?: string;
}

export const teamFiltersUrl: UrlSpec<TeamFilters> = {
  open: urlParam.oneOf(['true', 'false', 'all'] as const),
  overdue: urlParam.oneOf(['true', 'false'] as const),
  status: urlParam.listOf(TASK_STATUSES),
  assigneeId: assigneeParam,
};

/** Open tasks by default: what a manager acts on. */
export const TEAM_DEFAULTS: Partial<TeamFilters> = { open: 'true' };

export function teamQuery(filters: TeamFilters) {
  return {
    view: 'team' as const,
    open: filters.open === 'all' ? undefined : filters.open,
    overdue: filters.overdue,
    // Arrays travel comma-separated (`buildQuery`), as the server's list parameters take them.
    status: filters.status?.length ? filters.status : undefined,
    assigneeId: filters.assigneeId,
  };
}
