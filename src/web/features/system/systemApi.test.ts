import { describe, expect, it } from 'vitest';
import { durationParts } from './systemApi';

describe('durationParts', () => {
  it('splits a lag into hours, minutes and seconds, rounded', () => {
    expect(durationParts(0)).toEqual({ h: 0, m: 0, s: 0 });
    expect(durationParts(4.6)).toEqual({ h: 0, m: 0, s: 5 });
    expect(durationParts(192)).toEqual({ h: 0, m: 3, s: 12 });
    expect(durationParts(2 * 3600 + 5 * 60 + 9)).toEqual({ h: 2, m: 5, s: 9 });
  });

  it('never shows a negative lag', () => {
    expect(durationParts(-3)).toEqual({ h: 0, m: 0, s: 0 });
  });
});
