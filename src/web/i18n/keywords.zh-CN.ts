import type { keywordsEn } from './keywords.en';

/** 评论关键词（issue 18 §3）的中文文案；合并进 zh-CN.ts。 */
export const keywordsZhCN: typeof keywordsEn = {
  title: '评论关键词',
  intro: '客户评论中最常出现的词，每条评论只计一次。',
  comments: '{{count}} 条评论',
  empty: '本期间没有评论。',
  count: '{{count}} 条评论',
  share: '占评论 {{share}}',
  previous: '上一期间：{{count}}',
  previousHeader: '上一期间',
  rising: '上升',
  risingHelp: '本期至少 3 条评论，且上一期间未出现，或占比上升一半以上。',
  risingMark: '▲',
  linkLabel: '{{term}}：{{count}} 条评论——查看评价',
  asTable: '列表显示',
  asTags: '标签显示',
  term: '关键词',
  editDictionary: '词典',
  filterTag: '关键词：{{keyword}}',
  dictionary: {
    title: '关键词词典',
    intro:
      '中文分词时保持完整的词（售后、回访、压缩机、外机等售后术语）。保存修改后，系统会在后台重新切分所有评论，期间关键词统计会逐步恢复。',
    placeholder: '输入词语后按回车',
    save: '保存',
    reset: '撤销修改',
    saved: '已保存，正在重新切分评论。',
    unchanged: '已保存（无变化）。',
    count: '{{count}} / {{max}} 个词',
    tooLong: '每个词最多 {{max}} 个字符且不含空格：{{words}}',
    readOnly: '只有管理员可以修改词典。',
    reextraction: {
      queued: '等待用新词典重新切分评论——完成前关键词统计不完整。',
      running: '正在用新词典重新切分评论：{{done}} / {{total}} 条——完成前关键词统计不完整。',
      progress: '重新切分进度',
      done: '上次用此词典重新切分评论：{{time}}',
      failed: '用新词典重新切分评论失败。',
      failedHelp: '系统会自动重试几次；再次保存词典也会重新开始。成功前关键词统计不完整。',
    },
  },
  reextracting: '正在用新词典重新切分评论，完成前这些关键词不完整。',
};
