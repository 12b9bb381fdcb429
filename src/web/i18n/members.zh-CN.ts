import type { ConsoleMessages } from './en';

/** 工程师和部门报告页（问题 18 §1）的简体中文文案；并入 zh-CN.ts。键必须与 members.en.ts 一致。 */
export const membersZhCN: ConsoleMessages['members'] = {
  myTitle: '我的报告',
  rankOf: '第 {{rank}} 名（共 {{of}} 名）',
  scoreHelp: '排名所用的公平得分：平均分按 10 条评价的权重向全体均值收拢，少数几条评价不能决定名次。',
  n: '有得分的评价',
  peerMean: '全体：{{mean}}',
  insufficient: '本期有得分的评价 {{n}} 条，少于 {{minSample}} 条，暂不排名。下列数字仅供参考。',
  shared_one: '{{total}} 条评价中有 {{count}} 条与其他工程师共享（对每位工程师都完整计入）。',
  shared_other: '{{total}} 条评价中有 {{count}} 条与其他工程师共享（对每位工程师都完整计入）。',
  sharedTag: '共享',
  drift: '周控制图（偏移监测）',
  profile: '各维度画像',
  peers: '全体',
  dimension: '维度',
  answers: '回答数',
  noDimensions: '本期没有维度被回答。',
  radarSummary: '{{count}} 个维度与全体对比的雷达图；落后最多：{{weakest}}。',
  ratings: '评价明细',
  allRatings: '在评价列表中打开',
  engineers: '工程师',
  onlyNegative: '仅差评',
  noRatings: '本期没有评价。',
};
