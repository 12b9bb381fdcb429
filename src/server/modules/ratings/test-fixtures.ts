import type { Dimension } from '../../../common/scoring/index.js';

const label = (en: string, zh: string) => ({ 'zh-CN': zh, en });

/** A template with every dimension type, for the validation tests of the page and the JSON API. */
export const EVERY_TYPE_DIMENSIONS: Dimension[] = [
  { key: 'stars', type: 'star5', required: true, weight: 1, label: label('Overall', '总体') },
  { key: 'ten', type: 'score10', required: false, weight: 1, label: label('Ten', '十分') },
  { key: 'nps', type: 'nps', required: false, weight: 1, label: label('Recommend', '推荐') },
  { key: 'fixed', type: 'yes_no', required: false, weight: 1, label: label('Fixed', '解决') },
  {
    key: 'visit',
    type: 'single_choice',
    required: false,
    weight: 1,
    label: label('Visit', '上门'),
    options: [
      { key: 'good', label: label('Good', '好'), score: 100 },
      { key: 'bad', label: label('Bad', '差'), score: 0 },
    ],
  },
  {
    key: 'topics',
    type: 'multi_choice',
    required: false,
    weight: 0,
    label: label('Topics', '方面'),
    options: [
      { key: 'price', label: label('Price', '价格') },
      { key: 'time', label: label('Time', '时间') },
    ],
  },
  { key: 'note', type: 'text', required: false, weight: 0, maxLength: 10, label: label('Note', '备注') },
];

/**
 * Every validation rule as [case, JSON answers, form body, expected error path]. The form body encodes the same
 * wrong answer the way a tampered or hand-made form would.
 */
export const INVALID_ANSWER_CASES: [string, Record<string, unknown>, string, string][] = [
  ['required missing', { ten: 5 }, 'ten=5', 'answers.stars'],
  ['star above range', { stars: 6 }, 'stars=6', 'answers.stars'],
  ['star below range', { stars: 0 }, 'stars=0', 'answers.stars'],
  ['star not an integer', { stars: 2.5 }, 'stars=2.5', 'answers.stars'],
  ['score10 out of range', { stars: 3, ten: 11 }, 'stars=3&ten=11', 'answers.ten'],
  ['score10 zero', { stars: 3, ten: 0 }, 'stars=3&ten=0', 'answers.ten'],
  ['nps out of range', { stars: 3, nps: 11 }, 'stars=3&nps=11', 'answers.nps'],
  ['nps negative', { stars: 3, nps: -1 }, 'stars=3&nps=-1', 'answers.nps'],
  ['yes/no not a boolean', { stars: 3, fixed: 'maybe' }, 'stars=3&fixed=maybe', 'answers.fixed'],
  ['unknown option', { stars: 3, visit: 'other' }, 'stars=3&visit=other', 'answers.visit'],
  [
    'unknown option in a multi-choice',
    { stars: 3, topics: ['price', 'nope'] },
    'stars=3&topics=price&topics=nope',
    'answers.topics',
  ],
  ['text too long', { stars: 3, note: 'x'.repeat(11) }, `stars=3&note=${'x'.repeat(11)}`, 'answers.note'],
  ['unknown question', { stars: 3, color: 'red' }, 'stars=3&color=red', 'answers.color'],
];
