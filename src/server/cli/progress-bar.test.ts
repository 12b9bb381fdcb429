import { describe, expect, it } from 'vitest';
import { progressBar } from './progress-bar.js';

describe('progressBar', () => {
  it('fills in proportion and prints the counts', () => {
    expect(progressBar(5000, 10_000, 10)).toBe('[#####-----]  50% 5,000 / 10,000');
    expect(progressBar(0, 3, 4)).toBe('[----]   0% 0 / 3');
    expect(progressBar(3, 3, 4)).toBe('[####] 100% 3 / 3');
  });

  it('never overflows, and an empty total is complete', () => {
    expect(progressBar(12, 10, 4)).toBe('[####] 100% 12 / 10');
    expect(progressBar(0, 0, 4)).toBe('[####] 100% 0 / 0');
  });
});
