import { describe, expect, it } from 'vitest';
import { invalidWord, reextractionActive, reextractionPercent, withKeyword } from './keywordsApi';

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

describe('reextractionPercent / reextractionActive', () => {
  it('is done / total while running, never 100 before the job says done', () => {
    expect(reextractionPercent({ status: 'running', done: 1200, total: 5000 })).toBe(24);
    expect(reextractionPercent({ status: 'running', done: 5000, total: 5000 })).toBe(99);
    expect(reextractionPercent({ status: 'running', done: 5100, total: 5000 })).toBe(99); // comments arrived meanwhile
    expect(reextractionPercent({ status: 'running', done: 0, total: 0 })).toBe(0);
    expect(reextractionPercent({ status: 'queued', done: 0, total: null })).toBe(0);
    expect(reextractionPercent({ status: 'done', done: 0, total: 0 })).toBe(100);
    expect(reextractionPercent(undefined)).toBe(0);
  });

  it('polls only while queued or running', () => {
    expect(reextractionActive({ status: 'queued' })).toBe(true);
    expect(reextractionActive({ status: 'running' })).toBe(true);
    for (const status of ['idle', 'done', 'failed'] as const) expect(reextractionActive({ status })).toBe(false);
    expect(reextractionActive(undefined)).toBe(false);
  });
});
