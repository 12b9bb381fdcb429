import { describe, expect, it } from 'vitest';
import { formatScore, roundHalfUp } from './round';

describe('roundHalfUp', () => {
  it.each([
    [80.05, 1, 80.1],
    [80.04999, 1, 80],
    [1.005, 2, 1.01],
    [4.2, 0, 4],
    [2.5, 0, 3],
    [3.5, 0, 4],
    [0.15, 1, 0.2],
    [37.5, 0, 38],
    [-12.5, 0, -13],
    [-0.04, 1, 0],
    [100, 1, 100],
  ])('%d to %d decimals → %d', (x, d, expected) => {
    expect(roundHalfUp(x, d)).toBe(expected);
  });

  it('rounds 1 + 4·S/100 for S = 37.5 up to 3 stars even with float noise', () => {
    expect(roundHalfUp(2.4999999999999996, 0)).toBe(3);
  });

  it('defaults to 1 decimal and never returns −0', () => {
    expect(roundHalfUp(66.66666)).toBe(66.7);
    expect(Object.is(roundHalfUp(-0.01), 0)).toBe(true);
  });
});

describe('formatScore', () => {
  it('fixed decimals, placeholder for null', () => {
    expect(formatScore(80)).toBe('80.0');
    expect(formatScore(80.05)).toBe('80.1');
    expect(formatScore(4.2, 2)).toBe('4.20');
    expect(formatScore(null)).toBe('—');
    expect(formatScore(undefined, 1, '-')).toBe('-');
    expect(formatScore(-0.01)).toBe('0.0');
  });
});
