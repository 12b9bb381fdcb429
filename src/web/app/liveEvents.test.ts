import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { caseKeys } from '../features/cases/casesApi';
import { analyticsKeys } from '../features/dashboard/analyticsApi';
import { invitationKeys } from '../features/invitations/invitationsApi';
import { workOrderKeys } from '../features/work-orders/workOrdersApi';
import {
  createInvalidationBatcher,
  dedupeKeys,
  parseLiveEvent,
  queryKeysForEvent,
  ratingEventTime,
} from './liveEvents';

const WO = '7d9f1c2e-0000-4000-8000-000000000001';
const lists = [...workOrderKeys.all, 'list'];

describe('queryKeysForEvent', () => {
  it('a rating on a work order: that work order’s detail, ratings, invitations, timeline, the lists', () => {
    expect(queryKeysForEvent({ type: 'rating.submitted', workOrderId: WO })).toEqual([
      workOrderKeys.detail(WO),
      workOrderKeys.ratings(WO),
      workOrderKeys.invitations(WO),
      workOrderKeys.timeline(WO),
      lists,
      invitationKeys.all,
      analyticsKeys.all,
    ]);
  });

  it('a submitted rating makes every analytics query stale (the dashboard, the ratings list)', () => {
    const keys = queryKeysForEvent({ type: 'rating.submitted', workOrderId: WO });
    expect(keys).toContainEqual(analyticsKeys.all);
    // analyticsKeys.all is a prefix of each of them: invalidateQueries refetches the dashboard's queries.
    for (const key of [
      analyticsKeys.summary({ from: '2026-12-01' }),
      analyticsKeys.trend({}),
      analyticsKeys.ratings({}),
    ])
      expect(key.slice(0, analyticsKeys.all.length)).toEqual([...analyticsKeys.all]);
  });

  it('an invitation event refreshes the funnel and the summary (response rate), not every analytics query', () => {
    const keys = queryKeysForEvent({ type: 'invitation.opened', workOrderId: null });
    expect(keys).toEqual([invitationKeys.all, [...analyticsKeys.all, 'funnel'], [...analyticsKeys.all, 'summary']]);
    expect(keys).not.toContainEqual(analyticsKeys.all);
  });

  it('an invitation event: the work order and the invitations list (its counts included)', () => {
    const keys = queryKeysForEvent({ type: 'invitation.delivered', workOrderId: WO });
    expect(keys).toContainEqual(workOrderKeys.invitations(WO));
    expect(keys).toContainEqual(invitationKeys.all);
    expect(keys).not.toContainEqual(invitationKeys.counts); // covered by invitationKeys.all
  });

  it('an event without a work order touches only its own lists', () => {
    expect(queryKeysForEvent({ type: 'invitation.failed', workOrderId: null })).toEqual([
      invitationKeys.all,
      [...analyticsKeys.all, 'funnel'],
      [...analyticsKeys.all, 'summary'],
    ]);
    expect(queryKeysForEvent({ type: 'rating.submitted', workOrderId: null })).toEqual([
      lists,
      invitationKeys.all,
      analyticsKeys.all,
    ]);
    expect(queryKeysForEvent({ type: 'employee.created', workOrderId: null })).toEqual([]);
  });

  it('refreshes the follow-up queues and task pages on a follow-up event', () => {
    const keys = queryKeysForEvent({ type: 'follow_up.completed', workOrderId: WO });
    expect(keys).toContainEqual(['follow-ups']);
    expect(queryKeysForEvent({ type: 'rating.submitted', workOrderId: WO })).not.toContainEqual(['follow-ups']);
  });

  it('a case event refreshes every case query (lists, pages, the overview) besides its work order', () => {
    const keys = queryKeysForEvent({ type: 'case.opened', workOrderId: WO });
    expect(keys).toContainEqual(caseKeys.all);
    expect(keys).toContainEqual(workOrderKeys.detail(WO));
    for (const key of [caseKeys.list({ status: ['open'] }), caseKeys.detail('x'), caseKeys.overview({})])
      expect(key.slice(0, caseKeys.all.length)).toEqual([...caseKeys.all]);
    expect(queryKeysForEvent({ type: 'rating.submitted', workOrderId: null })).not.toContainEqual(caseKeys.all);
  });

  it('a work-order event without a rating or invitation type still refreshes the work order', () => {
    expect(queryKeysForEvent({ type: 'work_order.status_changed', workOrderId: WO })).toContainEqual(
      workOrderKeys.detail(WO),
    );
  });
});

describe('ratingEventTime', () => {
  it("a submitted rating's time (the analytics answers catch up to it); nothing for other events", () => {
    const at = '2026-12-02T12:00:00.000Z';
    expect(ratingEventTime({ type: 'rating.submitted', workOrderId: WO, at })).toBe(at);
    expect(ratingEventTime({ type: 'invitation.opened', workOrderId: WO, at })).toBeNull();
    expect(ratingEventTime({ type: 'rating.submitted', workOrderId: WO })).toBeNull();
  });
});

describe('parseLiveEvent', () => {
  it('reads the event and tolerates a missing work order', () => {
    expect(parseLiveEvent('{"type":"rating.submitted","workOrderId":null,"subjectType":"rating"}')).toMatchObject({
      type: 'rating.submitted',
      workOrderId: null,
    });
    expect(parseLiveEvent('{"type":"invitation.delivered"}')?.workOrderId).toBeNull();
  });

  it('ignores what is not an event', () => {
    expect(parseLiveEvent('not json')).toBeNull();
    expect(parseLiveEvent('{}')).toBeNull();
    expect(parseLiveEvent('null')).toBeNull();
    expect(parseLiveEvent('{"type":3}')).toBeNull();
  });
});

describe('dedupeKeys', () => {
  it('drops repeats and keys a shorter key already covers', () => {
    expect(dedupeKeys([workOrderKeys.detail(WO), workOrderKeys.all, workOrderKeys.all, invitationKeys.counts])).toEqual(
      [workOrderKeys.all, invitationKeys.counts],
    );
  });
});

describe('createInvalidationBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('hands a burst on once, deduplicated, after the delay', () => {
    const flush = vi.fn();
    const batcher = createInvalidationBatcher(flush, 500);
    for (let i = 0; i < 20; i++) batcher.add(queryKeysForEvent({ type: 'rating.submitted', workOrderId: WO }));
    expect(flush).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    expect(flush).toHaveBeenCalledTimes(1);
    expect(flush.mock.calls[0]?.[0]).toHaveLength(7);
    batcher.add([invitationKeys.all]);
    vi.advanceTimersByTime(499);
    expect(flush).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(flush).toHaveBeenLastCalledWith([invitationKeys.all]);
  });

  it('a reset in the batch invalidates everything', () => {
    const flush = vi.fn();
    const batcher = createInvalidationBatcher(flush, 500);
    batcher.add([invitationKeys.all]);
    batcher.add('all');
    vi.advanceTimersByTime(500);
    expect(flush).toHaveBeenCalledExactlyOnceWith('all');
  });

  it('flushes nothing after dispose', () => {
    const flush = vi.fn();
    const batcher = createInvalidationBatcher(flush, 500);
    batcher.add([invitationKeys.all]);
    batcher.dispose();
    vi.advanceTimersByTime(1000);
    expect(flush).not.toHaveBeenCalled();
  });
});
