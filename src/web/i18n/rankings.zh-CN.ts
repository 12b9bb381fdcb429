import type { ConsoleMessages } from './en';

/** 公平排名（问题 18 §1，SCORING.md §6）的简体中文文案；并入 zh-CN.ts。键必须与 rankings.en.ts 一致。 */
export const rankingsZhCN: ConsoleMessages['rankings'] = {
  title: '排名',
  intro:
    '按公平得分排名：每个平均分都按 {{prior}} 条评价的权重向全体均值 {{orgMean}} 收拢，少数几条好评不会排到最前。评价少于 {{minSample}} 条的只列出、不排名。',
  by: { engineer: '工程师', department: '部门' },
  byLabel: '排名对象',
  rank: '名次',
  name: '名称',
  score: '公平得分',
  scoreHelp: 'B = (C·m + ΣS) / (C + n)：向组织均值 m 收拢后的平均分（C = {{prior}}）。',
  mean: '平均分',
  band: '90% 区间',
  bandHelp: '按得分的离散程度和评价数量，真实平均分有 90% 的把握落在此区间内。',
  ratings: '评价数',
  negative: '差评',
  change: '较上一周期',
  insufficient: '样本不足',
  insufficientHelp: '有得分的评价少于 {{minSample}} 条：不参与排名。',
  up: '上升 {{count}} 名',
  down: '下降 {{count}} 名',
  same: '名次不变',
  new: '新上榜',
  unnamed: '（已删除）',
  empty: '此期间没有评价。',
  openRatings: '查看该行对应的评价',
  openPage: '打开报告页',
  shared_one: '共享 {{count}} 条',
  shared_other: '共享 {{count}} 条',
  sharedHelp: '其中 {{count}} 条评价与其他工程师共享：对每位工程师都完整计入（SCORING.md §6）。',
  kinds: { region: '大区', team: '团队', department: '部门' },
};
