import { describe, expect, it } from 'vitest';
import { countSms } from './smsSegments';

describe('countSms', () => {
  it('counts plain English as GSM-7: 160 in one message, 153 per part beyond', () => {
    expect(countSms('a'.repeat(160))).toEqual({ encoding: 'GSM-7', length: 160, segments: 1, perSegment: 160 });
    expect(countSms('a'.repeat(161))).toMatchObject({ segments: 2, perSegment: 153 });
    expect(countSms('a'.repeat(307))).toMatchObject({ segments: 3 });
  });

  it('counts extension characters as two septets', () => {
    expect(countSms('[x]')).toMatchObject({ encoding: 'GSM-7', length: 5 });
  });

  it('switches to UCS-2 for Chinese: 70 in one message, 67 per part beyond', () => {
    expect(countSms('您'.repeat(70))).toEqual({ encoding: 'UCS-2', length: 70, segments: 1, perSegment: 70 });
    expect(countSms('您'.repeat(71))).toMatchObject({ segments: 2, perSegment: 67 });
    expect(countSms(`Rate: ${'好'.repeat(10)}`)).toMatchObject({ encoding: 'UCS-2', length: 16 });
  });

  it('is zero for an empty text', () => {
    expect(countSms('')).toMatchObject({ segments: 0, length: 0 });
  });
});
