import { describe, expect, it } from 'vitest';
import { readListPosition } from '../../components/useListState';
import { ratingsFiltersUrl } from '../ratings/ratingsApi';
import { analyticsQuery, dashboardFiltersUrl, periodOf, ratingsLink } from './analyticsApi';

const DEPT = '7d9f1c2e-0000-4000-8000-000000000001';
const ENGINEER = '7d9f1c2e-0000-4000-8000-000000000002';

describe('analytics filters', () => {
  it('send only what is set, the period as from/to', () => {
    expect(
      analyticsQuery(
        { period: 'today', departmentId: DEPT, store: '', engineerLabel: '王师傅 (E1)' },
        { from: '2026-12-02', to: '2026-12-03' },
      ),
    ).toEqual({ from: '2026-12-02', to: '2026-12-03', departmentId: DEPT });
    expect(analyticsQuery({ channel: 'sms' }, null)).toEqual({ channel: 'sms' });
  });

  it('a drill-down link carries the same filters, the period as explicit days, and its own filter', () => {
    const link = ratingsLink(
      { period: 'week', departmentId: DEPT, engineerId: ENGINEER, engineerLabel: '王师傅 (E1)', source: 'customer' },
      { from: '2026-11-30', to: '2026-12-03' },
      { stars: 2 },
    );
    const url = new URL(link, 'http://console');
    expect(url.pathname).toBe('/ratings');
    // What the ratings list reads back from that address: the same question.
    const { filters } = readListPosition(url.searchParams, { filters: ratingsFiltersUrl });
    expect(filters).toEqual({
      from: '2026-11-30',
      to: '2026-12-03',
      departmentId: DEPT,
      engineerId: ENGINEER,
      engineerLabel: '王师傅 (E1)',
      source: 'customer',
      stars: '2',
    });
    expect(periodOf(filters, '2026-12-02', null)).toEqual({ from: '2026-11-30', to: '2026-12-03' });
  });

  it('negatives and a channel drill down through their own parameters', () => {
    const range = { from: '2026-12-01', to: '2026-12-03' };
    expect(ratingsLink({}, range, { negative: true })).toBe('/ratings?from=2026-12-01&to=2026-12-03&negative=true');
    expect(ratingsLink({ channel: 'sms' }, range, { channel: 'qr' })).toBe(
      '/ratings?from=2026-12-01&to=2026-12-03&channel=qr',
    );
  });

  it('a pasted dashboard URL: invalid values are ignored, instants are kept as instants', () => {
    const params = new URLSearchParams('period=yesterday&from=2026-02-30&to=2026-12-01T16:00:00Z&granularity=week');
    const { filters } = readListPosition(params, { filters: dashboardFiltersUrl });
    expect(filters).toEqual({ to: '2026-12-01T16:00:00.000Z', granularity: 'week' });
    // The ratings list has no period without one; the dashboard falls back to the last 30 days.
    expect(periodOf({}, '2026-12-02', null)).toBeNull();
    expect(periodOf({}, '2026-12-02', 'last30')).toEqual({ from: '2026-11-03', to: '2026-12-03' });
  });
});
