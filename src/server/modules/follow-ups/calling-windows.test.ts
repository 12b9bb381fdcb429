import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../sla/business-time.js';
import { callingCalendar, nextCallableAt, retryAfterUnanswered } from './calling-windows.js';

const WINDOWS = [
  { start: '09:00', end: '12:00' },
  { start: '14:00', end: '20:00' },
];
// 2026-10-01 is a holiday (国庆); 2026-10-10 (a Saturday) a make-up working day; weekends are days off.
const holidays: BusinessCalendar = {
  timeZone: 'Asia/Shanghai',
  weekly: [[{ start: '09:00', end: '18:00' }], [], [], [], [], [], []],
  exceptions: new Map([
    ['2026-10-01', []],
    ['2026-10-10', [{ start: '09:00', end: '18:00' }]],
  ]),
};
const shanghai = (local: string) => new Date(`${local}+08:00`);

describe('calling windows', () => {
  const calendar = callingCalendar({ callingWindows: WINDOWS }, 'Asia/Shanghai', holidays);

  it('calls inside a window at once, and waits for the next window outside one', () => {
    expect(nextCallableAt(calendar, shanghai('2026-09-29T10:30:00'))).toEqual(shanghai('2026-09-29T10:30:00'));
    expect(nextCallableAt(calendar, shanghai('2026-09-29T12:30:00'))).toEqual(shanghai('2026-09-29T14:00:00'));
    expect(nextCallableAt(calendar, shanghai('2026-09-29T20:00:00'))).toEqual(shanghai('2026-09-30T09:00:00'));
  });

  it('skips the holidays of the chosen calendar, but not its ordinary days off', () => {
    expect(nextCallableAt(calendar, shanghai('2026-09-30T21:00:00'))).toEqual(shanghai('2026-10-02T09:00:00'));
    // A Sunday is a day off in the business calendar, yet customers may be called.
    expect(nextCallableAt(calendar, shanghai('2026-10-04T15:00:00'))).toEqual(shanghai('2026-10-04T15:00:00'));
  });

  it('without a holiday calendar every day has its windows', () => {
    const plain = callingCalendar({ callingWindows: WINDOWS }, 'Asia/Shanghai', null);
    expect(nextCallableAt(plain, shanghai('2026-10-01T08:00:00'))).toEqual(shanghai('2026-10-01T09:00:00'));
  });

  it('retries an unanswered call after the delay, inside a window, until the limit', () => {
    const retry = { afterMinutes: 120, maxAttempts: 3 };
    // 11:00 + 2 h = 13:00, in the lunch gap → 14:00.
    expect(retryAfterUnanswered(calendar, retry, 1, shanghai('2026-09-29T11:00:00'))).toEqual(
      shanghai('2026-09-29T14:00:00'),
    );
    // 19:00 + 2 h = 21:00 → the next morning; the next morning is the holiday → the day after.
    expect(retryAfterUnanswered(calendar, retry, 2, shanghai('2026-09-30T19:00:00'))).toEqual(
      shanghai('2026-10-02T09:00:00'),
    );
    expect(retryAfterUnanswered(calendar, retry, 3, shanghai('2026-09-29T11:00:00'))).toBeNull();
  });
});
