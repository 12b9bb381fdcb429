import type { Dimension } from '../scoring/types.js';

/**
 * A template like the organisation default (server `default-template.ts`: 3 star5, a yes_no, a single_choice with
 * 3 options, a text) with help texts, for tests, the page-weight budget and the preview sample.
 */
export const SAMPLE_DIMENSIONS: Dimension[] = [
  {
    key: 'response_speed',
    type: 'star5',
    required: true,
    weight: 30,
    label: { 'zh-CN': '响应速度', en: 'Response speed' },
    help: { 'zh-CN': '从报修到工程师上门的速度', en: 'From your request to the engineer’s arrival' },
  },
  {
    key: 'technical_ability',
    type: 'star5',
    required: true,
    weight: 40,
    label: { 'zh-CN': '技术能力', en: 'Technical ability' },
  },
  {
    key: 'attitude',
    type: 'star5',
    required: true,
    weight: 20,
    label: { 'zh-CN': '服务态度', en: 'Service attitude' },
  },
  {
    key: 'problem_resolved',
    type: 'yes_no',
    required: true,
    weight: 10,
    label: { 'zh-CN': '问题是否解决', en: 'Was the problem resolved?' },
  },
  {
    key: 'would_recommend',
    type: 'single_choice',
    required: false,
    weight: 0,
    outcome: true,
    label: { 'zh-CN': '是否愿意推荐我们', en: 'Would you recommend us?' },
    options: [
      { key: 'yes', label: { 'zh-CN': '愿意', en: 'Yes' }, score: 100 },
      { key: 'no', label: { 'zh-CN': '不愿意', en: 'No' }, score: 0 },
      { key: 'not_sure', label: { 'zh-CN': '不确定', en: 'Not sure' } },
    ],
  },
  {
    key: 'suggestions',
    type: 'text',
    required: false,
    weight: 0,
    maxLength: 500,
    label: { 'zh-CN': '您的建议', en: 'Your suggestions' },
  },
];

/** Every widget type once (plus an NPS and a multi-choice), for widget tests and screenshots. */
export const ALL_TYPES_DIMENSIONS: Dimension[] = [
  ...SAMPLE_DIMENSIONS.slice(0, 1),
  {
    key: 'quality',
    type: 'score10',
    required: false,
    weight: 1,
    label: { 'zh-CN': '维修质量', en: 'Repair quality' },
  },
  {
    key: 'nps',
    type: 'nps',
    required: true,
    weight: 1,
    label: { 'zh-CN': '您有多大可能向朋友推荐我们？', en: 'How likely are you to recommend us to a friend?' },
  },
  ...SAMPLE_DIMENSIONS.slice(3, 5),
  {
    key: 'liked',
    type: 'multi_choice',
    required: false,
    weight: 0,
    label: { 'zh-CN': '您满意哪些方面？', en: 'What did you like?' },
    options: [
      { key: 'punctual', label: { 'zh-CN': '准时', en: 'Punctual' } },
      { key: 'tidy', label: { 'zh-CN': '整洁', en: 'Tidy' } },
      { key: 'explained', label: { 'zh-CN': '讲解清楚', en: 'Explained clearly' } },
    ],
  },
  SAMPLE_DIMENSIONS[5]!,
];
