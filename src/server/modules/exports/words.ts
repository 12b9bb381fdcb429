import type { ExportLanguage } from '../../../common/exports.js';

/** The words an export writes, per language: headers, classes, yes/no, channels, sources. */
const WORDS = {
  en: {
    submittedAt: 'Submitted at',
    workOrder: 'Work order',
    engineers: 'Engineers',
    department: 'Department',
    store: 'Store',
    channel: 'Channel',
    source: 'Source',
    score: 'Score',
    stars: '★',
    class: 'Class',
    comment: 'Comment',
    yes: 'Yes',
    no: 'No',
    total: 'Total',
    notDelivered: 'Not delivered',
    unscored: 'Not scored',
    classes: { negative: 'Negative', neutral: 'Neutral', satisfied: 'Satisfied' },
    sources: { customer: 'Customer', follow_up: 'Follow-up', pad: 'On-site pad' },
    sheet: {
      ratings: 'Ratings',
      trend: 'Trend',
      dimensions: 'Dimensions',
      funnel: 'Funnel',
      distribution: 'Distribution',
      rankings: 'Rankings',
    },
    insufficient: 'Too few ratings',
  },
  'zh-CN': {
    submittedAt: '提交时间',
    workOrder: '工单号',
    engineers: '工程师',
    department: '部门',
    store: '门店',
    channel: '渠道',
    source: '来源',
    score: '得分',
    stars: '星级',
    class: '评价类别',
    comment: '评论',
    yes: '是',
    no: '否',
    total: '合计',
    notDelivered: '未送达',
    unscored: '未评分',
    classes: { negative: '差评', neutral: '中评', satisfied: '好评' },
    sources: { customer: '客户', follow_up: '回访', pad: '现场平板' },
    sheet: {
      ratings: '评价',
      trend: '趋势',
      dimensions: '维度',
      funnel: '渠道漏斗',
      distribution: '星级分布',
      rankings: '排名',
    },
    insufficient: '样本不足',
  },
} as const;

export type ExportWords = (typeof WORDS)['en'] | (typeof WORDS)['zh-CN'];

export const wordsOf = (language: ExportLanguage): ExportWords => WORDS[language];

/** `YYYY-MM-DD HH:mm:ss` in a time zone (the organisation's), as spreadsheets sort and parse it. */
export function localDateTime(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}
