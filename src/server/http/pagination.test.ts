import { describe, expect, it } from 'vitest';
import { dayOrInstantParam, instantParam } from './dates.js';
import { decodeCursor, encodeCursor } from './pagination.js';
import { ProblemError } from './problem.js';

const ID = '0b7c6f1e-8a52-4c1f-9d3e-2f4a5b6c7d8e';

describe('cursors', () => {
  it('round-trips each sort kind', () => {
    for (const [kind, v] of [
      ['timestamp', '2025-06-01T10:00:00.000485Z'],
      ['text', '服务部 Ops'],
      ['number', -12.5],
    ] as const) {
      expect(decodeCursor(encodeCursor({ v, id: ID }), kind)).toEqual({ v, id: ID });
    }
    expect(decodeCursor(undefined, 'text')).toBeUndefined();
  });

  it('refuses what it did not issue with a 400 on query.cursor', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    const cases: [string, 'timestamp' | 'text' | 'number'][] = [
      ['a+b/', 'text'],
      [b64('{"v":1,"id":"x"}'), 'number'],
      [b64(`{"v":"2024-02-29T00:00:00.000000Z","id":"${ID}","k":1}`), 'timestamp'],
      [b64(`{"v":"2023-02-29T00:00:00.000000Z","id":"${ID}"}`), 'timestamp'],
      [b64(`{"v":1e999,"id":"${ID}"}`), 'number'],
      [b64(`{"v":"1","id":"${ID}"}`), 'number'],
    ];
    for (const [cursor, kind] of cases) {
      let error: unknown;
      try {
        decodeCursor(cursor, kind);
      } catch (err) {
        error = err;
      }
      expect(error, cursor).toBeInstanceOf(ProblemError);
      expect((error as ProblemError).status).toBe(400);
      expect((error as ProblemError).errors).toEqual([
        { path: 'query.cursor', message: expect.any(String), code: 'invalid_cursor' },
      ]);
    }
  });
});

describe('query dates', () => {
  it('keeps instants as written and turns a date into its UTC start', () => {
    expect(instantParam().parse('2026-03-01T08:00:00.123456+08:00')).toBe('2026-03-01T08:00:00.123456+08:00');
    expect(dayOrInstantParam().parse('2026-03-01')).toBe('2026-03-01T00:00:00Z');
  });

  it('refuses impossible and out-of-range values', () => {
    for (const v of ['2026-02-30T00:00:00Z', '0000-01-01T00:00:00Z', '1900-01-01T00:00:00+01:00', '2026-03-01']) {
      expect(instantParam().safeParse(v).success, v).toBe(false);
    }
    for (const v of ['1899-12-31', '10000-01-01', '9999-12-31T23:30:00-01:00', '2026-02-29']) {
      expect(dayOrInstantParam().safeParse(v).success, v).toBe(false);
    }
  });
});
