import type { ExportLanguage } from '../../../common/exports.js';
import type { DashboardKind } from './export-sources.js';

/** The header row of each dashboard table (one row per bucket / dimension / channel / ★), per language. */
const HEADERS: Record<ExportLanguage, Record<DashboardKind, string[]>> = {
  en: {
    dashboard_trend: [
      'Period start',
      'Ratings',
      'Average score',
      'Average ★',
      'CSAT %',
      'NPS',
      'Negative ratings',
      'Response rate %',
    ],
    dashboard_dimensions: ['Dimension', 'Scale', 'Average', 'Answers'],
    dashboard_funnel: ['Channel', 'Invitations', 'Delivered', 'Opened', 'Responded', 'Response rate %'],
    dashboard_distribution: ['★', 'Ratings'],
    rankings: [
      'Rank',
      'Name',
      'Fair score',
      'Average score',
      '90 % range from',
      '90 % range to',
      'Ratings with a score',
      'Ratings',
      'Negative ratings',
      'Shared ratings',
      'Previous rank',
    ],
  },
  'zh-CN': {
    dashboard_trend: ['周期开始', '评价数', '平均得分', '平均星级', '满意度 %', 'NPS', '差评数', '回复率 %'],
    dashboard_dimensions: ['维度', '量表', '平均值', '回答数'],
    dashboard_funnel: ['渠道', '邀请数', '已送达', '已打开', '已回复', '回复率 %'],
    dashboard_distribution: ['星级', '评价数'],
    rankings: [
      '名次',
      '名称',
      '公平得分',
      '平均得分',
      '90% 区间下限',
      '90% 区间上限',
      '有得分的评价',
      '评价数',
      '差评数',
      '共享评价',
      '上期名次',
    ],
  },
};

export const dashboardHeaders = (kind: DashboardKind, language: ExportLanguage): string[] => HEADERS[language][kind];
