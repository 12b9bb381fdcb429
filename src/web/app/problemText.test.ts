import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIELD_ERROR_CODES, PROBLEM_TYPES } from '../../common/error-codes';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { fieldErrorText, problemText } from './problemText';

const LOCALES = { en, 'zh-CN': zhCN } as const;

describe('error code translations', () => {
  for (const [language, messages] of Object.entries(LOCALES)) {
    it(`${language} translates every problem type and field error code, and nothing else`, () => {
      const problems = messages.problems as Record<string, string>;
      const fields = messages.fieldErrors as Record<string, string>;
      for (const type of PROBLEM_TYPES) expect(problems[type], `problems.${type}`).toBeTruthy();
      for (const code of FIELD_ERROR_CODES) expect(fields[code], `fieldErrors.${code}`).toBeTruthy();
      expect(Object.keys(problems).sort()).toEqual([...PROBLEM_TYPES].sort());
      expect(Object.keys(fields).sort()).toEqual([...FIELD_ERROR_CODES].sort());
    });
  }
});

describe('problemText / fieldErrorText', () => {
  const t = (key: string, options?: Record<string, unknown>) => i18n.t(key, options);
  beforeAll(async () => {
    await i18n.init({
      resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
      lng: 'zh-CN',
      interpolation: { escapeValue: false },
      showSupportNotice: false,
    });
  });

  it('translates a known type and falls back to detail for an unknown one', () => {
    const conflict = {
      type: 'https://rateloop.dev/problems/conflict',
      status: 409,
      detail: 'Employee number "E1" is already used.',
    };
    expect(problemText(conflict, t)).toBe(zhCN.problems.conflict);
    const unknown = { type: 'https://rateloop.dev/problems/brand-new', status: 409, detail: 'Something new.' };
    expect(problemText(unknown, t)).toBe('Something new.');
  });

  it('interpolates params and keeps the English message for an unknown code', () => {
    expect(fieldErrorText({ path: 'name', message: 'Too big', code: 'too_long', params: { max: 200 } }, t)).toBe(
      '最多 200 个字符',
    );
    expect(fieldErrorText({ path: 'name', message: 'is odd', code: 'brand_new' }, t)).toBe('is odd');
    expect(fieldErrorText({ path: 'name', message: 'is odd' }, t)).toBe('is odd');
  });
});
