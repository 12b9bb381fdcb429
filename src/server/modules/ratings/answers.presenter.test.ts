import { describe, expect, it } from 'vitest';
import type { Dimension } from '../../../common/scoring/index.js';
import { answerTexts, choiceText, localised, presentAnswers, ratingLanguage } from './answers.presenter.js';

const dims: Dimension[] = [
  { key: 'punctuality', type: 'star5', required: true, weight: 1, label: { 'zh-CN': '准时', en: 'Punctuality' } },
  { key: 'skill', type: 'score10', required: false, weight: 1, label: { 'zh-CN': '技术', en: 'Skill' } },
  { key: 'recommend', type: 'nps', required: false, weight: 0, label: { 'zh-CN': '推荐', en: 'Recommend' } },
  { key: 'resolved', type: 'yes_no', required: true, weight: 1, label: { 'zh-CN': '问题已解决', en: 'Resolved' } },
  {
    key: 'visit',
    type: 'single_choice',
    required: false,
    weight: 1,
    label: { 'zh-CN': '上门', en: 'Visit' },
    options: [
      { key: 'fast', label: { 'zh-CN': '快', en: 'Fast' }, score: 100 },
      { key: 'slow', label: { 'zh-CN': '慢', en: '' }, score: 0 },
    ],
  },
  {
    key: 'liked',
    type: 'multi_choice',
    required: false,
    weight: 0,
    label: { 'zh-CN': '喜欢', en: 'Liked' },
    options: [
      { key: 'tidy', label: { 'zh-CN': '整洁', en: 'Tidy' } },
      { key: 'polite', label: { 'zh-CN': '礼貌', en: 'Polite' } },
    ],
  },
  { key: 'comment', type: 'text', required: false, weight: 0, label: { 'zh-CN': '留言', en: 'Comment' } },
];

const answers = {
  punctuality: 4,
  skill: 10,
  recommend: 0,
  resolved: false,
  visit: 'slow',
  liked: ['tidy', 'polite'],
  comment: 'Quick',
};
const normalised = { punctuality: 75, skill: 100, recommend: 0, resolved: 0, visit: 0, liked: null, comment: null };

describe('presentAnswers', () => {
  it('shows every answer in its dimension’s words and scale, in English', () => {
    const rows = presentAnswers({ answers, normalised, language: 'en' }, dims);
    expect(rows.map((r) => [r.label, r.display, r.max])).toEqual([
      ['Punctuality', '4 / 5', 5],
      ['Skill', '10 / 10', 10],
      ['Recommend', '0 / 10', 10],
      ['Resolved', 'No', null],
      ['Visit', '慢', null], // the English label is empty: the other language's
      ['Liked', 'Tidy, Polite', null],
      ['Comment', 'Quick', null],
    ]);
    expect(rows[0]).toMatchObject({ key: 'punctuality', type: 'star5', value: 4, normalised: 75 });
    expect(rows[5]?.normalised).toBeNull();
  });

  it('uses the rating’s language (zh → zh-CN)', () => {
    const rows = presentAnswers({ answers, normalised, language: 'zh' }, dims);
    expect(rows.map((r) => `${r.label}: ${r.display}`)).toEqual([
      '准时: 4 / 5',
      '技术: 10 / 10',
      '推荐: 0 / 10',
      '问题已解决: 否',
      '上门: 慢',
      '喜欢: 整洁、礼貌',
      '留言: Quick',
    ]);
  });

  it('lists unanswered dimensions with a null value, and keeps unknown option keys as they are', () => {
    const rows = presentAnswers(
      { answers: { resolved: true, visit: 'gone' }, normalised: { resolved: 100 }, language: 'en' },
      dims,
    );
    expect(rows.find((r) => r.key === 'punctuality')).toMatchObject({ value: null, display: null, normalised: null });
    expect(rows.find((r) => r.key === 'resolved')?.display).toBe('Yes');
    expect(rows.find((r) => r.key === 'visit')?.display).toBe('gone');
  });

  it('falls back between languages and to the key', () => {
    expect(ratingLanguage('zh-Hans')).toBe('zh-CN');
    expect(ratingLanguage('fr')).toBe('en');
    expect(localised({ 'zh-CN': '好', en: ' ' }, 'en')).toBe('好');
    const rows = presentAnswers({ answers: { x: 3 }, normalised: {}, language: 'en' }, [
      { key: 'x', type: 'star5', required: true, weight: 1, label: { 'zh-CN': '', en: '' } },
    ]);
    expect(rows[0]?.label).toBe('x');
  });
});

describe('answerTexts (the ratings list) and choiceText (also exports)', () => {
  it('words a choice by its options’ labels in the language asked for, not the rating’s, never by their keys', () => {
    const rating = { answers: { punctuality: 4, resolved: true, visit: 'fast', liked: ['polite', 'tidy'] } };
    expect(answerTexts(rating.answers, dims, 'zh-CN')).toEqual({
      punctuality: { label: '准时', text: '4 / 5' },
      resolved: { label: '问题已解决', text: '是' },
      visit: { label: '上门', text: '快' },
      liked: { label: '喜欢', text: '礼貌、整洁' },
    });
    expect(answerTexts(rating.answers, dims, 'en')).toEqual({
      punctuality: { label: 'Punctuality', text: '4 / 5' },
      resolved: { label: 'Resolved', text: 'Yes' },
      visit: { label: 'Visit', text: 'Fast' },
      liked: { label: 'Liked', text: 'Polite, Tidy' },
    });
  });

  it('is the work-order page’s wording, and leaves out what was not answered or is not in the version', () => {
    const texts = answerTexts({ ...answers, gone: 3 }, dims, 'en');
    const rows = presentAnswers({ answers, normalised, language: 'en' }, dims);
    expect(Object.values(texts).map((t) => t.text)).toEqual(rows.map((r) => r.display));
    expect(answerTexts({ resolved: false }, dims, 'en')).toEqual({ resolved: { label: 'Resolved', text: 'No' } });
  });

  it('choiceText: one key or several, an empty label falls back, an unknown key stays', () => {
    const visit = dims[4]!;
    const liked = dims[5]!;
    expect(choiceText(visit, 'slow', 'en')).toBe('慢');
    expect(choiceText(visit, 'gone', 'zh-CN')).toBe('gone');
    expect(choiceText(liked, ['tidy', 'x'], 'en')).toBe('Tidy, x');
    expect(choiceText(liked, [], 'en')).toBe('');
  });
});
