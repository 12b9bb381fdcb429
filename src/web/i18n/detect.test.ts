import { describe, expect, it } from 'vitest';
import { detectLanguage } from './detect';

describe('detectLanguage', () => {
  it('prefers the stored choice', () => {
    expect(detectLanguage('en', 'zh-CN')).toBe('en');
    expect(detectLanguage('zh-CN', 'en-US')).toBe('zh-CN');
  });

  it('follows the browser for Chinese and English', () => {
    expect(detectLanguage(null, 'zh-TW')).toBe('zh-CN');
    expect(detectLanguage(null, 'en-GB')).toBe('en');
  });

  it('falls back to zh-CN for anything else or a bad stored value', () => {
    expect(detectLanguage(null, 'de-DE')).toBe('zh-CN');
    expect(detectLanguage('fr', undefined)).toBe('zh-CN');
  });
});
