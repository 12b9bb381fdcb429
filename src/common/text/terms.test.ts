import { describe, expect, it } from 'vitest';
import { containsKeyword, keywordKey, matchedKeywords, termsOf } from './terms.js';

describe('termsOf', () => {
  it.each([
    ['师傅很不满意，等了三个小时', ['师傅', '很', '不满意']],
    ['非常不满意！问题没有解决', ['非常', '不满意', '问题', '不解决']],
    ['不太满意', ['不满意']],
    ['一点也不专业', ['一点', '也', '不专业']],
    ['The engineer was NOT helpful, very rude', ['the', 'engineer', 'was', 'not helpful', 'very', 'rude']],
    ['He wasn’t helpful', ['he', 'not helpful']],
  ])('%s', (text, start) => {
    expect(termsOf(text).slice(0, start.length)).toEqual(start);
  });

  it('ends a negation at punctuation (不，满意 is not 不满意)', () => {
    expect(termsOf('不，满意')).toEqual(['满意']);
    expect(termsOf('not. helpful')).toEqual(['helpful']);
  });

  it('folds full-width letters and case', () => {
    expect(termsOf('ＲＵＤＥ')).toEqual(['rude']);
  });
});

describe('keywords match whole words, negation included', () => {
  it.each([
    ['师傅很不满意，等了三个小时', '不满意', true],
    ['师傅很不满意，等了三个小时', '满意', false],
    ['我对服务很满意', '满意', true],
    ['我对服务很满意', '不满意', false],
    ['不太满意', '不满意', true],
    ['非常不满意！问题没有解决', '没解决', true],
    ['非常不满意！问题没有解决', '解决', false],
    ['问题已经解决了', '没解决', false],
    ['服务不好', '好', false],
    ['服务不好', '不好', true],
    ['请尽快联系我', '联系我', true],
    ['不用联系我', '联系我', false],
    ['师傅修好了', '修好', true],
    ['师傅修好了', '好了', false],
    ['The engineer was not helpful', 'helpful', false],
    ['The engineer was not helpful', 'not helpful', true],
    ["The engineer wasn't helpful", 'not helpful', true],
    ['very rude', 'rude', true],
    ['prudent work', 'rude', false],
    ['Please call me back', 'call me', true],
  ])('%s / %s → %s', (text, keyword, expected) => {
    expect(containsKeyword(termsOf(text), keyword)).toBe(expected);
  });

  it('returns the keywords found, as given', () => {
    expect(matchedKeywords('态度差，没解决问题。Rude!', ['态度差', '没解决', '满意', 'rude'])).toEqual([
      '态度差',
      '没解决',
      'rude',
    ]);
  });

  it('a keyword without any word matches nothing', () => {
    expect(keywordKey('！！')).toBe('');
    expect(containsKeyword(termsOf('！！'), '！！')).toBe(false);
  });
});
