import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zhCN } from './zh-CN';

function flatKeys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => flatKeys(child, prefix ? `${prefix}.${key}` : key));
}

function flatValues(value: unknown): unknown[] {
  if (typeof value !== 'object' || value === null) return [value];
  return Object.values(value).flatMap(flatValues);
}

describe('console locales', () => {
  it('zh-CN and en have exactly the same keys', () => {
    expect(flatKeys(zhCN).sort()).toEqual(flatKeys(en).sort());
  });

  it('every message is a non-empty string', () => {
    for (const value of [...flatValues(en), ...flatValues(zhCN)]) {
      expect(typeof value).toBe('string');
      expect((value as string).trim()).not.toBe('');
    }
  });

  it('keeps the same interpolation variables in both languages', () => {
    const vars = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();
    const zhValues = new Map(flatKeys(zhCN).map((key, index) => [key, flatValues(zhCN)[index] as string]));
    flatKeys(en).forEach((key, index) => {
      const english = flatValues(en)[index] as string;
      expect(vars(zhValues.get(key) ?? ''), key).toEqual(vars(english));
    });
  });
});
