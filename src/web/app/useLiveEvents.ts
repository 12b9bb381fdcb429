import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  createInvalidationBatcher,
  type LatestRating,
  liveKeys,
  parseLiveEvent,
  queryKeysForEvent,
  ratingEventTime,
} from './liveEvents';

export type LiveStatus = 'connecting' | 'open' | 'reconnecting';

const EVENTS_URL = '/api/v1/events';
/** After the browser gave up on the stream (an error answer instead of a stream), open it again this late. */
const REOPEN_MS = [2_000, 5_000, 15_000, 30_000, 60_000];

/**
 * Live updates for the signed-in console (mounted once, in AppLayout): `GET /api/v1/events` as an EventSource
 * (same origin, the session cookie; the browser resends `Last-Event-ID` when it reconnects by itself), each event
 * invalidating the queries it makes stale (`liveEvents.ts`), batched. An `event: reset` (away too long to replay)
 * invalidates everything. `enabled`: signed in with `work_orders.read` (what `GET /events` asks for).
 */
export function useLiveEvents(enabled: boolean): LiveStatus | null {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const batcher = createInvalidationBatcher((keys) => {
      if (keys === 'all') void queryClient.invalidateQueries();
      else for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
    });
    let source: EventSource | null = null;
    let reopenTimer: ReturnType<typeof setTimeout> | null = null;
    let failures = 0;
    let stopped = false;
    // The last position seen: a stream opened anew resumes there (`?lastEventId=`, as the browser's own
    // reconnects send `Last-Event-ID`); the server answers `event: reset` when that is too far back.
    let lastEventId = '';

    const open = (reopened: boolean) => {
      const resume = reopened && lastEventId ? `?lastEventId=${encodeURIComponent(lastEventId)}` : '';
      source = new EventSource(EVENTS_URL + resume, { withCredentials: true });
      source.onopen = () => {
        setStatus('open');
        // Opened anew without a position: what happened meanwhile is unknown.
        if (reopened && !resume) batcher.add('all');
        failures = 0;
      };
      source.onmessage = (message) => {
        if (message.lastEventId) lastEventId = message.lastEventId;
        const event = parseLiveEvent(message.data);
        if (!event) return;
        const ratedAt = ratingEventTime(event);
        if (ratedAt) {
          queryClient.setQueryData<LatestRating | null>(liveKeys.latestRating, (old) =>
            old && old.at > ratedAt ? old : { at: ratedAt, seenAt: Date.now() },
          );
        }
        batcher.add(queryKeysForEvent(event));
      };
      source.addEventListener('reset', () => batcher.add('all'));
      source.onerror = () => {
        setStatus('reconnecting');
        // CONNECTING: the browser retries by itself. CLOSED: it gave up (an error answer); open it again later.
        if (source?.readyState !== EventSource.CLOSED || stopped) return;
        source.close();
        const delay = REOPEN_MS[Math.min(failures, REOPEN_MS.length - 1)];
        failures += 1;
        reopenTimer = setTimeout(() => open(true), delay);
      };
    };
    open(false);

    return () => {
      stopped = true;
      if (reopenTimer) clearTimeout(reopenTimer);
      source?.close();
      batcher.dispose();
    };
  }, [enabled, queryClient]);

  return enabled ? status : null;
}
