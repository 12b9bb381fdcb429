import { describe, expect, it } from 'vitest';
import { invalidWord, withKeyword } from './keywordsApi';

describe('withKeyword', () => {
  it('adds the keyword to the dashboard’s ratings link, keeping its filters', () => {
    expect(withKeyword('/ratings?from=2026-03-01&to=2026-04-01&departmentId=d1', '压缩机')).toBe(
      `/ratings?from=2026-03-01&to=2026-04-01&departmentId=d1&keyword=${encodeURIComponent('压缩机')}`,
    );
    expect(withKeyword('/ratings?', 'ac')).toBe('/ratings?keyword=ac');
    expect(withKeyword('/ratings?keyword=old', 'new')).toBe('/ratings?keyword=new');
  });
});

describe('invalidWord', () => {
  it('flags what the server refuses: over 20 characters, spaces, control characters', () => {
    expect(invalidWord('压缩机')).toBe(false);
    expect(invalidWord('x'.repeat(20))).toBe(false);
    expect(invalidWord('x'.repeat(21))).toBe(true);
    expect(invalidWord('两 个')).toBe(true);
    expect(invalidWord('a\u0001')).toBe(true);
  });
});
