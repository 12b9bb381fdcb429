import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, nextAttemptAt } from './retry-schedule.js';

const at = new Date('2026-01-01T00:00:00Z');
const waitOf = (attempt: number, random: number, retryAfter?: number) =>
  (nextAttemptAt(attempt, at, retryAfter, random)!.getTime() - at.getTime()) / 1000;

describe('the webhook retry schedule', () => {
  it('waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after tries 1–7, then gives up', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => waitOf(n, 0.5))).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
    expect(MAX_ATTEMPTS).toBe(8);
    expect(nextAttemptAt(8, at, undefined, 0.5)).toBeNull();
  });

  it('jitters each wait by ±10 %', () => {
    expect(waitOf(2, 0)).toBe(270);
    expect(waitOf(2, 0.999_999)).toBeCloseTo(330, 0);
  });

  it('never comes back earlier than Retry-After asks, and never earlier than the schedule', () => {
    expect(waitOf(1, 0.5, 120)).toBe(120);
    expect(waitOf(3, 0.5, 10)).toBe(1800);
  });
});
