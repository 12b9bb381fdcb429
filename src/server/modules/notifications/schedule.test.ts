import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../sla/business-time.js';
import { nextSendAt, type SendTiming } from './schedule.js';

const day = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '18:00' },
];
const shanghai: BusinessCalendar = {
  timeZone: 'Asia/Shanghai',
  weekly: [day, day, day, day, day, [], []],
  exceptions: new Map([['2026-12-07', []]]),
};
const at = (iso: string) => new Date(iso);
const base: SendTiming = {
  now: at('2026-12-03T03:00:00Z'), // Thursday 11:00 in Shanghai
  lastStartedAt: null,
  digest: 'off',
  quietHours: true,
  calendar: shanghai,
  timeZone: 'Asia/Shanghai',
};

describe('nextSendAt', () => {
  it('sends at once inside working hours with nothing sent before', () => {
    expect(nextSendAt(base)).toEqual(at('2026-12-03T03:00:00Z'));
  });

  it('waits a minute after the previous message to the same person', () => {
    expect(nextSendAt({ ...base, lastStartedAt: at('2026-12-03T02:59:30Z') })).toEqual(at('2026-12-03T03:00:30Z'));
    expect(nextSendAt({ ...base, lastStartedAt: at('2026-12-03T02:58:00Z') })).toEqual(at('2026-12-03T03:00:00Z'));
  });

  it('holds a message during the lunch break until 13:30', () => {
    // 12:10 Shanghai
    expect(nextSendAt({ ...base, now: at('2026-12-03T04:10:00Z') })).toEqual(at('2026-12-03T05:30:00Z'));
  });

  it('holds a message at midnight until 09:00, over a weekend and a holiday Monday', () => {
    // Friday 23:30 Shanghai → Monday 7 Dec is a holiday → Tuesday 09:00
    expect(nextSendAt({ ...base, now: at('2026-12-04T15:30:00Z') })).toEqual(at('2026-12-08T01:00:00Z'));
  });

  it('sends at midnight when quiet hours are off or there is no calendar', () => {
    const midnight = at('2026-12-03T16:00:00Z');
    expect(nextSendAt({ ...base, now: midnight, quietHours: false })).toEqual(midnight);
    expect(nextSendAt({ ...base, now: midnight, calendar: null })).toEqual(midnight);
  });

  it('collects an hourly digest until the next full hour (after lunch when that hour is the break)', () => {
    // 10:20 Shanghai → 11:00
    expect(nextSendAt({ ...base, now: at('2026-12-03T02:20:00Z'), digest: 'hourly' })).toEqual(
      at('2026-12-03T03:00:00Z'),
    );
    // 11:20 → 12:00 is the lunch break → 13:30
    expect(nextSendAt({ ...base, now: at('2026-12-03T03:20:00Z'), digest: 'hourly' })).toEqual(
      at('2026-12-03T05:30:00Z'),
    );
  });

  it('sends a daily digest at 09:00 local, the next working day when today is off', () => {
    // Thursday 08:00 Shanghai → today 09:00
    expect(nextSendAt({ ...base, now: at('2026-12-03T00:00:00Z'), digest: 'daily' })).toEqual(
      at('2026-12-03T01:00:00Z'),
    );
    // Thursday 11:00 → Friday 09:00
    expect(nextSendAt({ ...base, digest: 'daily' })).toEqual(at('2026-12-04T01:00:00Z'));
    // Friday 11:00 → Saturday 09:00 is off, Sunday off, Monday a holiday → Tuesday 09:00
    expect(nextSendAt({ ...base, now: at('2026-12-04T03:00:00Z'), digest: 'daily' })).toEqual(
      at('2026-12-08T01:00:00Z'),
    );
  });

  it('a calendar with no working time ahead holds nothing back', () => {
    const none: BusinessCalendar = { ...shanghai, weekly: [[], [], [], [], [], [], []], exceptions: new Map() };
    expect(nextSendAt({ ...base, calendar: none })).toEqual(base.now);
  });
});
