import { describe, expect, it } from 'vitest';
import { PAGE_STRINGS, pickLanguage, t } from './strings.js';

describe('strings', () => {
  it('has every key in both languages, non-empty', () => {
    const zh = Object.keys(PAGE_STRINGS['zh-CN']).sort();
    expect(Object.keys(PAGE_STRINGS.en).sort()).toEqual(zh);
    for (const lang of ['zh-CN', 'en'] as const) {
      for (const value of Object.values(PAGE_STRINGS[lang])) expect(value.trim()).not.toBe('');
    }
  });

  it('fills placeholders', () => {
    expect(t('zh-CN', 'errorRequired')).toBe('请完成此项');
    expect(t('en', 'errorRequired')).toBe('Please answer this question');
    expect(t('en', 'maxChars', { max: 500 })).toBe('Up to 500 characters');
    expect(t('zh-CN', 'counter', { n: 3, max: 500 })).toBe('3 / 500');
    expect(t('en', 'counter', { n: 3 })).toBe('3 / {max}');
  });
});

describe('pickLanguage', () => {
  it.each([
    [undefined, undefined, 'zh-CN'],
    [null, null, 'zh-CN'],
    ['en', 'zh-CN,zh;q=0.9', 'en'],
    ['en-US', null, 'en'],
    ['zh-CN', 'en-US,en;q=0.9', 'zh-CN'],
    ['zh_TW', null, 'zh-CN'],
    ['fr', 'en-GB,en;q=0.8', 'en'],
    ['', 'en', 'en'],
    [null, 'en-US,en;q=0.9,zh-CN;q=0.8', 'en'],
    [null, 'zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    [null, 'zh-CN;q=0.5,en;q=0.8', 'en'],
    [null, 'fr-FR,fr;q=0.9,en;q=0.5,zh;q=0.4', 'en'],
    [null, 'fr-FR,de;q=0.9', 'zh-CN'],
    [null, 'en;q=0,zh-TW', 'zh-CN'],
    [null, 'EN-us', 'en'],
    [null, '*', 'zh-CN'],
    [null, 'english', 'zh-CN'],
    [null, 'zh-Hant-HK;q=0.7, en-AU;q=0.7', 'zh-CN'],
    [null, ' en-AU ; q=0.9 , zh ; q=0.95', 'zh-CN'],
  ] as const)('contact %s, Accept-Language %s → %s', (contact, accept, expected) => {
    expect(pickLanguage(contact, accept)).toBe(expected);
  });
});
