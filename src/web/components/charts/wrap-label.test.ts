import { describe, expect, it } from 'vitest';
import { wrapLabel } from './wrap-label';

describe('wrapLabel', () => {
  it('breaks English between words, each line within the width', () => {
    expect(wrapLabel('Technical ability', 10)).toBe('Technical\nability');
    expect(wrapLabel('Would you recommend us?', 10)).toBe('Would you\nrecommend\nus?');
    for (const line of wrapLabel('Would you recommend us to a friend or colleague?', 12).split('\n')) {
      expect(line.length).toBeLessThanOrEqual(12);
    }
  });

  it('keeps a short label whole and breaks a word longer than a line', () => {
    expect(wrapLabel('Speed', 10)).toBe('Speed');
    expect(wrapLabel('Responsiveness', 8)).toBe('Responsi\nveness');
  });

  it('breaks Chinese anywhere, a character counting two columns', () => {
    expect(wrapLabel('响应速度', 10)).toBe('响应速度');
    expect(wrapLabel('是否愿意推荐我们', 10)).toBe('是否愿意推\n荐我们');
    expect(wrapLabel('问题是否解决 OK', 10)).toBe('问题是否解\n决 OK');
  });
});
