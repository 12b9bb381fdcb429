import { describe, expect, it } from 'vitest';
import { autoGranularity, bucketRange, effectivePreset, mondayOf, presetRange, resolveRange, todayIn } from './period';

describe('periods', () => {
  it('presets end with today (to exclusive) and weeks start on Monday', () => {
    const today = '2026-12-02'; // a Wednesday
    expect(presetRange('today', today)).toEqual({ from: '2026-12-02', to: '2026-12-03' });
    expect(presetRange('week', today)).toEqual({ from: '2026-11-30', to: '2026-12-03' });
    expect(presetRange('month', today)).toEqual({ from: '2026-12-01', to: '2026-12-03' });
    expect(presetRange('last30', today)).toEqual({ from: '2026-11-03', to: '2026-12-03' });
    expect(mondayOf('2026-12-06')).toBe('2026-11-30'); // Sunday → the Monday before
    expect(mondayOf('2026-11-30')).toBe('2026-11-30');
  });

  it("today is the organisation's day, not the browser's", () => {
    const now = new Date('2026-12-02T17:30:00Z');
    expect(todayIn('Asia/Shanghai', now)).toBe('2026-12-03');
    expect(todayIn('America/New_York', now)).toBe('2026-12-02');
  });

  it('a drill-down link (from/to without a period) is a custom range', () => {
    expect(resolveRange(undefined, '2026-01-01', '2026-02-01', '2026-12-02')).toEqual({
      from: '2026-01-01',
      to: '2026-02-01',
    });
    expect(effectivePreset(undefined, '2026-01-01', '2026-02-01')).toBe('custom');
    expect(resolveRange('today', '2026-01-01', '2026-02-01', '2026-12-02').from).toBe('2026-12-02');
    expect(effectivePreset(undefined)).toBe('last30');
  });

  it('granularity: ≤ 31 days by day, ≤ 6 months by week, longer by month', () => {
    expect(autoGranularity({ from: '2026-01-01', to: '2026-02-01' })).toBe('day');
    expect(autoGranularity({ from: '2026-01-01', to: '2026-02-02' })).toBe('week');
    expect(autoGranularity({ from: '2026-01-01', to: '2026-07-01' })).toBe('week');
    expect(autoGranularity({ from: '2026-01-01', to: '2026-07-02' })).toBe('month');
  });

  it("a trend point's drill-down days are its bucket cut to the period", () => {
    const period = { from: '2026-11-03', to: '2026-12-03' };
    expect(bucketRange('2026-11-10', 'day', period)).toEqual({ from: '2026-11-10', to: '2026-11-11' });
    expect(bucketRange('2026-11-02', 'week', period)).toEqual({ from: '2026-11-03', to: '2026-11-09' });
    expect(bucketRange('2026-11-30', 'week', period)).toEqual({ from: '2026-11-30', to: '2026-12-03' });
    expect(bucketRange('2026-11-01T00:00:00+08:00', 'month', period)).toEqual({ from: '2026-11-03', to: '2026-12-01' });
  });
});
