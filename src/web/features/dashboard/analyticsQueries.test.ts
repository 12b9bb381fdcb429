import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { catchUp } from './analyticsQueries';

describe('live catch-up of analytics answers', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-12-02T12:00:10Z'));
  });
  afterEach(() => vi.useRealTimers());
  const seenAt = Date.parse('2026-12-02T12:00:00Z');
  const latest = { at: '2026-12-02T11:59:59.500Z', seenAt };

  it('asks again each second while the answer is older than the newest rating event', () => {
    expect(catchUp('2026-12-02T11:59:00.000Z', latest)).toBe(1_000);
    // The processor has not run at all yet.
    expect(catchUp(null, latest)).toBe(1_000);
  });

  it('stops once the processor has counted it, or when no rating was announced', () => {
    expect(catchUp('2026-12-02T11:59:59.500Z', latest)).toBe(false);
    expect(catchUp('2026-12-02T12:00:03.000Z', latest)).toBe(false);
    expect(catchUp('2026-12-02T11:59:00.000Z', null)).toBe(false);
  });

  it('gives up 30 s after the event reached this browser (a stuck processor is shown by "as of")', () => {
    vi.setSystemTime(new Date(seenAt + 30_001));
    expect(catchUp('2026-12-02T11:59:00.000Z', latest)).toBe(false);
  });
});
