import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { type CsvImportError, importErrorText } from './csvImport';

/** Row errors exactly as the server reports them (see employee-imports.int.test.ts). */
const ERRORS: CsvImportError[] = [
  { line: 3, field: 'name', message: 'is required', code: 'required' },
  {
    line: 4,
    field: 'department',
    message: 'unknown department "NOWHERE"',
    code: 'not_found',
    params: { value: 'NOWHERE' },
  },
  { line: 8, field: 'employeeNo', message: 'duplicates line 2', code: 'duplicate_of_line', params: { line: 2 } },
  {
    line: 10,
    field: null,
    message: 'expected 7 columns, found 3',
    code: 'wrong_column_count',
    params: { expected: 7, found: 3 },
  },
  {
    line: 1,
    field: null,
    message: 'missing column(s): active',
    code: 'missing_columns',
    params: { columns: 'active' },
  },
];

describe('importErrorText', () => {
  const t = (key: string, options?: Record<string, unknown>) => i18n.t(key, options);
  beforeAll(async () => {
    await i18n.init({
      resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
      lng: 'zh-CN',
      interpolation: { escapeValue: false },
      showSupportNotice: false,
    });
  });

  it('shows each coded row error in Chinese in the zh-CN console, with its values', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(ERRORS.map((e) => importErrorText(e, t))).toEqual([
      '必填',
      '“NOWHERE”：不存在',
      '与第 2 行重复',
      '应有 7 列，实际 3 列',
      '缺少列：active',
    ]);
  });

  it('shows them in English in the en console', async () => {
    await i18n.changeLanguage('en');
    expect(ERRORS.map((e) => importErrorText(e, t))).toEqual([
      'is required',
      '“NOWHERE”: does not exist',
      'duplicates line 2',
      'expected 7 columns, found 3',
      'missing column(s): active',
    ]);
  });

  it('keeps the server’s message for an error without a code (an import run before codes existed)', () => {
    expect(importErrorText({ line: 2, field: 'name', message: 'is required', code: null }, t)).toBe('is required');
  });
});
