import type { QueryKey } from '@tanstack/react-query';
import type { components } from '../api/schema';
import { caseKeys } from '../features/cases/casesApi';
import { analyticsKeys } from '../features/dashboard/analyticsApi';
import { followUpKeys } from '../features/follow-ups/followUpsApi';
import { invitationKeys } from '../features/invitations/invitationsApi';
import { notificationKeys } from '../features/notifications/notificationsApi';
import { workOrderKeys } from '../features/work-orders/workOrdersApi';

/**
 * The `data` of one message of `GET /api/v1/events` (Server-Sent Events; `id: <txid>-<seq>`): the server's
 * `liveEventSchema`, published as the OpenAPI component `LiveEvent`. Only `type` and `workOrderId` are read.
 */
export type LiveEvent = Pick<components['schemas']['LiveEvent'], 'type' | 'workOrderId'> &
  Partial<components['schemas']['LiveEvent']>;

/** Every work-order list (`workOrderKeys.list(…)` of any query, including "my work orders"). */
const workOrderLists: QueryKey = [...workOrderKeys.all, 'list'];

/** Keys the live stream itself writes (never fetched). */
export const liveKeys = {
  /** The newest `rating.submitted` event seen (`LatestRating`): analytics answers older than it catch up. */
  latestRating: ['live', 'latest-rating'] as const,
};

/**
 * The newest submitted rating the stream announced: its event time (`at`, the server's clock, compared with the
 * analytics answers' `asOf`) and when this browser heard of it (`seenAt`, this clock, to stop waiting after a while).
 */
export interface LatestRating {
  at: string;
  seenAt: number;
}

/** The event's time when it is a submitted rating (for the analytics catch-up), else null. */
export function ratingEventTime(event: LiveEvent): string | null {
  return event.type === 'rating.submitted' && typeof event.at === 'string' ? event.at : null;
}

/** The analytics figures an invitation event moves: the channel funnel and the summary's response rate. */
const analyticsOfInvitations: QueryKey[] = [
  [...analyticsKeys.all, 'funnel'],
  [...analyticsKeys.all, 'summary'],
];

/** The message's JSON, or null when it is not an event (a malformed or foreign message is ignored). */
export function parseLiveEvent(data: string): LiveEvent | null {
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value !== 'object' || value === null) return null;
    const { type, workOrderId } = value as Record<string, unknown>;
    if (typeof type !== 'string' || !type) return null;
    return { ...(value as LiveEvent), workOrderId: typeof workOrderId === 'string' ? workOrderId : null };
  } catch {
    return null;
  }
}

/**
 * The queries an event makes stale (each a prefix, as `invalidateQueries` matches): a work order's detail,
 * ratings, invitations and timeline and the work-order lists (their ratings column) when it names one;
 * `invitation.*` the invitations list and counts, and the dashboard's funnel and summary (response rate);
 * `rating.*` the lists that show ratings (work orders, and the invitations' "rated" chip) and every analytics query
 * (the dashboard, the ratings list).
 */
export function queryKeysForEvent(event: LiveEvent): QueryKey[] {
  const keys: QueryKey[] = [];
  const id = event.workOrderId;
  if (id) {
    keys.push(
      workOrderKeys.detail(id),
      workOrderKeys.ratings(id),
      workOrderKeys.invitations(id),
      workOrderKeys.timeline(id),
      workOrderLists,
    );
  }
  if (event.type.startsWith('invitation.')) keys.push(invitationKeys.all, ...analyticsOfInvitations);
  if (event.type.startsWith('rating.')) keys.push(workOrderLists, invitationKeys.all, analyticsKeys.all);
  // A case opened, closed, warned, breached, escalated or reassigned: the case lists, pages and the overview.
  if (event.type.startsWith('case.')) keys.push(caseKeys.all);
  // A follow-up task created, called, reassigned or completed (and the node a status change starts): the queues,
  // task pages and the team's workload.
  if (event.type.startsWith('follow_up.') || event.type === 'work_order.node_started') keys.push(followUpKeys.all);
  // Someone in this console's scope was told something: the bell's count and the inbox (the server answers each
  // person's own).
  if (event.type === 'notification.created') keys.push(notificationKeys.all);
  return dedupeKeys(keys);
}

/** Drops repeated keys and keys another key of the list already covers (a prefix of them). */
export function dedupeKeys(keys: readonly QueryKey[]): QueryKey[] {
  const text = (key: QueryKey) => JSON.stringify(key);
  const covers = (prefix: QueryKey, key: QueryKey) =>
    prefix.length <= key.length && prefix.every((part, i) => text([part]) === text([key[i]]));
  const unique = [...new Map(keys.map((key) => [text(key), key])).values()];
  return unique.filter(
    (key) => !unique.some((other) => other !== key && other.length < key.length && covers(other, key)),
  );
}

/** `'all'`: invalidate every query (after an `event: reset`, or a stream opened anew without its position). */
export type Invalidation = QueryKey[] | 'all';

/**
 * Collects invalidations and hands them on at most once per `delayMs`: a burst of events (a bulk action, a replay
 * after reconnecting) refetches each query once.
 */
export function createInvalidationBatcher(flush: (keys: Invalidation) => void, delayMs = 500) {
  let pending: QueryKey[] = [];
  let all = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = () => {
    timer = null;
    const keys: Invalidation = all ? 'all' : dedupeKeys(pending);
    pending = [];
    all = false;
    if (keys === 'all' || keys.length) flush(keys);
  };
  return {
    add(keys: Invalidation) {
      if (keys === 'all') all = true;
      else pending.push(...keys);
      timer ??= setTimeout(run, delayMs);
    },
    dispose() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = [];
      all = false;
    },
  };
}
