import { describe, expect, it } from 'vitest';
import type { ReportData } from './report-data.js';
import { normalisedAverage, weakestDimension } from './report-data.js';
import { formatDelta, renderReportEmail } from './report-email.js';

const data = (over: Partial<ReportData> = {}): ReportData => ({
  scheduleName: 'North <b>&</b> "East"',
  cadence: 'weekly',
  language: 'en',
  period: {
    firstDay: '2026-03-02',
    endDay: '2026-03-09',
    from: new Date('2026-03-01T16:00:00Z'),
    to: new Date('2026-03-08T16:00:00Z'),
  },
  figures: {
    count: 10,
    averageScore: 80.05,
    averageStars: 4.202,
    csat: 70,
    nps: -12.5,
    negativeCount: 1,
    responseRate: null,
  },
  previous: { count: 12, averageScore: 81, averageStars: 4.24, csat: 70, nps: 0, negativeCount: 1, responseRate: 40 },
  weakestDimension: { label: 'Tidy <site>', average: 80, scale: 'yes_no', count: 9 },
  top: [{ name: 'Team <A>', rank: 1, bayesian: 75.04999, n: 8 }],
  bottom: [],
  unranked: 0,
  minSample: 5,
  drift: [{ kind: 'engineer', name: 'Li Lei', raisedAt: '2026-03-02', since: '2026-02-16', mean: 78.25, z: 61.04 }],
  ownDepartments: false,
  ...over,
});
const links = {
  ratings: 'https://x.test/ratings?from=2026-03-02&to=2026-03-09',
  dashboard: 'https://x.test/dashboard',
};

describe('report e-mail', () => {
  it('rounds half up to 1 decimal and signs the deltas (SCORING.md §3)', () => {
    // The unrounded change, rounded once (as the dashboard): 80.05 − 81 = −0.95 → −1.0 (half away from zero).
    expect(formatDelta(80.05, 81, 1)).toBe('−1.0');
    expect(formatDelta(12, 10, 0)).toBe('+2');
    expect(formatDelta(70, 70, 1)).toBe('0.0');
    expect(formatDelta(null, 70, 1)).toBe('—');
    const { text } = renderReportEmail(data(), links, 'Acme');
    expect(text).toContain('Average score (0–100): 80.1 (Change −1.0)');
    expect(text).toContain('Average ★: 4.2 (Change 0.0)');
    expect(text).toContain('NPS: -12.5 (Change −12.5)');
    expect(text).toContain('Response rate %: — (Change —)');
    expect(text).toContain('Weakest dimension: Tidy <site> 80.0 % yes (9 answers)');
  });

  it('lists the new drift insights, and escapes every value in the HTML', () => {
    const { html, text, subject } = renderReportEmail(data(), links, 'Acme');
    expect(subject).toBe('Acme · Weekly report: North <b>&</b> "East" (2026-03-02 – 2026-03-08)');
    expect(text).toContain(
      '- Li Lei (engineer): weekly score trend 61.0, below its usual 78.3, slipping since the week of 2026-02-16',
    );
    expect(html).toContain('North &lt;b&gt;&amp;&lt;/b&gt; &quot;East&quot;');
    expect(html).toContain('Team &lt;A&gt;');
    expect(html).not.toContain('<site>');
    expect(html).toContain('<a href="https://x.test/ratings?from=2026-03-02&amp;to=2026-03-09">');
  });

  it('speaks Chinese to a zh-CN recipient', () => {
    const { text, subject } = renderReportEmail(data({ language: 'zh-CN', drift: [] }), links, '安居');
    expect(subject).toBe('安居 · 周报: North <b>&</b> "East" (2026-03-02 – 2026-03-08)');
    expect(text).toContain('评价数: 10 (变化 −2)');
    expect(text).toContain('本期没有团队或工程师出现下滑。');
    expect(text).toContain('1. Team <A> — 75.0 (评价数 8)');
  });

  it('picks the weakest dimension across scales on 0–100', () => {
    expect(normalisedAverage({ average: 3, scale: 'star5' })).toBe(50);
    expect(normalisedAverage({ average: 7, scale: 'nps' })).toBe(70);
    const weakest = weakestDimension([
      { key: 'a', label: 'A', average: 3.2, scale: 'star5', count: 4 }, // 55
      { key: 'b', label: 'B', average: 6, scale: 'score10', count: 4 }, // 55.6
      { key: 'c', label: 'C', average: null, scale: 'yes_no', count: 0 },
    ]);
    expect(weakest?.label).toBe('A');
  });
});
