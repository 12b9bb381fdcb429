import { formatScore, roundHalfUp } from '../../../common/scoring/index.js';
import type { ReportLanguage } from '../../db/schema/reports.js';
import { addDays } from '../analytics/local-time.js';
import type { ReportData, ReportDimension, ReportFigures } from './report-data.js';

/**
 * The report e-mail (subject, HTML, text) in one language. No I/O: `ReportData` in, strings out. Numbers are rounded
 * for display only, half up to 1 decimal (SCORING.md §3: ★ as 1 + 4·S/100); every value from the database is escaped.
 */

const WORDS = {
  en: {
    weekly: 'Weekly report',
    monthly: 'Monthly report',
    period: 'Period',
    figure: 'Figure',
    value: 'This period',
    change: 'Change',
    count: 'Ratings',
    averageScore: 'Average score (0–100)',
    averageStars: 'Average ★',
    csat: 'CSAT %',
    nps: 'NPS',
    negativeCount: 'Negative ratings',
    responseRate: 'Response rate %',
    weakest: 'Weakest dimension',
    noDimension: 'No dimension was answered in this period.',
    answers: (n: number) => `${n} answers`,
    top: 'Top teams',
    bottom: 'Teams needing attention',
    noTeams: (min: number) => `No team had the minimum sample of ${min} ratings.`,
    rankedBy: (min: number) =>
      `Ranked by the Bayesian average, which weighs small samples towards the organisation's mean; teams with fewer than ${min} ratings are not ranked.`,
    unranked: (n: number) => `${n} team(s) below the minimum sample are not ranked.`,
    team: 'Team',
    rank: 'Rank',
    score: 'Score',
    ratings: 'Ratings',
    links: 'The ratings of this period (export them to Excel from the list):',
    dashboard: 'Dashboard for this period:',
    footer: 'You receive this report because you are one of its recipients in Rateloop.',
    ownDepartments: 'The figures of the departments you lead, as in your Rateloop console.',
    yesNo: '% yes',
    drift: 'New drift alerts',
    noDrift: 'No team or engineer started slipping in this period.',
    department: 'team',
    engineer: 'engineer',
    driftLine: (name: string, kind: string, z: string, mean: string, since: string) =>
      `${name} (${kind}): weekly score trend ${z}, below its usual ${mean}, slipping since the week of ${since}`,
  },
  'zh-CN': {
    weekly: '周报',
    monthly: '月报',
    period: '统计周期',
    figure: '指标',
    value: '本期',
    change: '变化',
    count: '评价数',
    averageScore: '平均分（0–100）',
    averageStars: '平均星级',
    csat: '满意率 %',
    nps: 'NPS',
    negativeCount: '差评数',
    responseRate: '回复率 %',
    weakest: '最弱维度',
    noDimension: '本期没有维度被回答。',
    answers: (n: number) => `${n} 个回答`,
    top: '表现最好的团队',
    bottom: '需要关注的团队',
    noTeams: (min: number) => `没有团队达到 ${min} 条评价的最低样本量。`,
    rankedBy: (min: number) => `按贝叶斯平均排名（样本少时向全组织平均收缩）；评价少于 ${min} 条的团队不参与排名。`,
    unranked: (n: number) => `${n} 个团队样本不足，未参与排名。`,
    team: '团队',
    rank: '名次',
    score: '得分',
    ratings: '评价数',
    links: '本期评价明细（可在列表中导出 Excel）：',
    dashboard: '本期看板：',
    footer: '您收到此报告，是因为您是 Rateloop 中该报告的收件人。',
    ownDepartments: '以下是您所负责部门的数据，与您在 Rateloop 控制台中看到的一致。',
    yesNo: '% 是',
    drift: '新的下滑预警',
    noDrift: '本期没有团队或工程师出现下滑。',
    department: '团队',
    engineer: '工程师',
    driftLine: (name: string, kind: string, z: string, mean: string, since: string) =>
      `${name}（${kind}）：周得分趋势 ${z}，低于常态 ${mean}，自 ${since} 这一周起下滑`,
  },
} as const;

type Words = (typeof WORDS)[ReportLanguage];

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const FIGURES: { key: keyof ReportFigures; decimals: number }[] = [
  { key: 'count', decimals: 0 },
  { key: 'averageScore', decimals: 1 },
  { key: 'averageStars', decimals: 1 },
  { key: 'csat', decimals: 1 },
  { key: 'nps', decimals: 1 },
  { key: 'negativeCount', decimals: 0 },
  { key: 'responseRate', decimals: 1 },
];

/** "+2.5", "−1.0", "0.0" (this period − the one before); "—" when either side has no value. */
export function formatDelta(now: number | null, before: number | null, decimals: number): string {
  if (now === null || before === null) return '—';
  // The change of the unrounded values, rounded once (as the dashboard's KPI deltas).
  const d = roundHalfUp(now - before, decimals);
  if (d === 0) return formatScore(0, decimals);
  const text = formatScore(Math.abs(d), decimals);
  return d > 0 ? `+${text}` : `−${text}`;
}

function dimensionValue(d: ReportDimension, w: Words): string {
  if (d.scale === 'yes_no') return `${formatScore(d.average)} ${w.yesNo}`;
  if (d.scale === 'star5') return `${formatScore(d.average)} ★`;
  if (d.scale === 'score10') return `${formatScore(d.average)} / 10`;
  if (d.scale === 'nps') return `${formatScore(d.average)} / 10`;
  return `${formatScore(d.average)} / 100`;
}

export interface ReportEmail {
  subject: string;
  html: string;
  text: string;
}

export function reportLinks(data: ReportData, consoleUrl: string, filters: { departmentId?: string }) {
  const params = new URLSearchParams({ from: data.period.firstDay, to: data.period.endDay });
  if (filters.departmentId) params.set('departmentId', filters.departmentId);
  return { ratings: `${consoleUrl}/ratings?${params}`, dashboard: `${consoleUrl}/dashboard?${params}` };
}

export function renderReportEmail(
  data: ReportData,
  links: { ratings: string; dashboard: string },
  companyName: string,
): ReportEmail {
  const w: Words = WORDS[data.language];
  const lastDay = addDays(data.period.endDay, -1);
  const periodText = `${data.period.firstDay} – ${lastDay}`;
  const title = `${data.cadence === 'weekly' ? w.weekly : w.monthly}: ${data.scheduleName}`;
  const subject = `${companyName} · ${title} (${periodText})`;

  const rows = FIGURES.map(({ key, decimals }) => ({
    label: w[key],
    value: formatScore(data.figures[key], decimals),
    delta: formatDelta(data.figures[key], data.previous[key], decimals),
  }));
  const teamLines = (teams: ReportData['top']) =>
    teams.map((t) => ({ rank: String(t.rank), name: t.name, score: formatScore(t.bayesian), n: String(t.n) }));
  const top = teamLines(data.top);
  const bottom = teamLines(data.bottom);
  const weakest = data.weakestDimension;
  const drift = data.drift.map((d) =>
    w.driftLine(
      d.name,
      d.kind === 'department' ? w.department : w.engineer,
      formatScore(d.z),
      formatScore(d.mean),
      d.since,
    ),
  );

  // Text part.
  const text: string[] = [title, `${w.period}: ${periodText}`, ...(data.ownDepartments ? [w.ownDepartments] : []), ''];
  for (const r of rows) text.push(`${r.label}: ${r.value} (${w.change} ${r.delta})`);
  text.push(
    '',
    `${w.weakest}: ${weakest ? `${weakest.label} ${dimensionValue(weakest, w)} (${w.answers(weakest.count)})` : w.noDimension}`,
  );
  const textTeams = (heading: string, lines: typeof top) => {
    text.push('', `${heading}:`);
    if (!lines.length) text.push(w.noTeams(data.minSample));
    for (const l of lines) text.push(`${l.rank}. ${l.name} — ${l.score} (${w.ratings} ${l.n})`);
  };
  textTeams(w.top, top);
  if (bottom.length) textTeams(w.bottom, bottom);
  text.push('', w.rankedBy(data.minSample));
  if (data.unranked) text.push(w.unranked(data.unranked));
  text.push('', `${w.drift}:`, ...(drift.length ? drift.map((l) => `- ${l}`) : [w.noDrift]));
  text.push('', w.links, links.ratings, w.dashboard, links.dashboard, '', w.footer);

  // HTML part: inline styles only (mail clients drop <style> blocks).
  const e = escapeHtml;
  const cell = 'padding:4px 12px;border-bottom:1px solid #e5e5e5;text-align:left';
  const num = 'padding:4px 12px;border-bottom:1px solid #e5e5e5;text-align:right';
  const table = (head: string[], body: string[][], numeric: boolean[]) =>
    `<table style="border-collapse:collapse;font-size:14px"><thead><tr>${head
      .map((h, i) => `<th style="${numeric[i] ? num : cell}">${e(h)}</th>`)
      .join('')}</tr></thead><tbody>${body
      .map((r) => `<tr>${r.map((c, i) => `<td style="${numeric[i] ? num : cell}">${e(c)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  const teamsHtml = (heading: string, lines: typeof top) =>
    `<h2 style="font-size:16px">${e(heading)}</h2>${
      lines.length
        ? table(
            [w.rank, w.team, w.score, w.ratings],
            lines.map((l) => [l.rank, l.name, l.score, l.n]),
            [true, false, true, true],
          )
        : `<p>${e(w.noTeams(data.minSample))}</p>`
    }`;
  const html = [
    `<!doctype html><html lang="${data.language}"><head><meta charset="utf-8"><title>${e(subject)}</title></head>`,
    '<body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f1f1f;max-width:640px">',
    `<h1 style="font-size:20px">${e(title)}</h1>`,
    `<p>${e(w.period)}: ${e(periodText)}</p>`,
    data.ownDepartments ? `<p>${e(w.ownDepartments)}</p>` : '',
    table(
      [w.figure, w.value, w.change],
      rows.map((r) => [r.label, r.value, r.delta]),
      [false, true, true],
    ),
    `<h2 style="font-size:16px">${e(w.weakest)}</h2>`,
    `<p>${weakest ? `<strong>${e(weakest.label)}</strong> ${e(dimensionValue(weakest, w))} (${e(w.answers(weakest.count))})` : e(w.noDimension)}</p>`,
    teamsHtml(w.top, top),
    bottom.length ? teamsHtml(w.bottom, bottom) : '',
    `<p style="font-size:12px;color:#595959">${e(w.rankedBy(data.minSample))}${data.unranked ? ` ${e(w.unranked(data.unranked))}` : ''}</p>`,
    `<h2 style="font-size:16px">${e(w.drift)}</h2>`,
    drift.length ? `<ul>${drift.map((l) => `<li>${e(l)}</li>`).join('')}</ul>` : `<p>${e(w.noDrift)}</p>`,
    `<p>${e(w.links)} <a href="${e(links.ratings)}">${e(links.ratings)}</a></p>`,
    `<p>${e(w.dashboard)} <a href="${e(links.dashboard)}">${e(links.dashboard)}</a></p>`,
    `<p style="font-size:12px;color:#595959">${e(w.footer)}</p>`,
    '</body></html>',
  ].join('');
  return { subject, html, text: text.join('\n') };
}
