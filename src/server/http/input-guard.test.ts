import { describe, expect, it } from 'vitest';
import { hasBadCharacter, inspectInput, MAX_INPUT_DEPTH, NOT_ALLOWED_CHARACTER } from './input-guard.js';

describe('hasBadCharacter', () => {
  it('finds U+0000 and lone surrogates, and passes surrogate pairs', () => {
    expect(hasBadCharacter('a\u0000b')).toBe(true);
    expect(hasBadCharacter('x\ud800')).toBe(true);
    expect(hasBadCharacter('\udc00x')).toBe(true);
    expect(hasBadCharacter('\udc00\ud800')).toBe(true);
    expect(hasBadCharacter('😀 好 é \u0001')).toBe(false);
  });
});

describe('inspectInput', () => {
  it('names the field in the errors.ts convention', () => {
    expect(inspectInput({ answers: { comment: 'a\u0000' } })).toEqual({
      path: 'answers.comment',
      message: NOT_ALLOWED_CHARACTER,
      code: 'invalid_character',
    });
    expect(inspectInput({ list: ['ok', 'x\ud800'] }, 'query.')).toEqual({
      path: 'query.list.1',
      message: NOT_ALLOWED_CHARACTER,
      code: 'invalid_character',
    });
    expect(inspectInput('\u0000')).toEqual({
      path: '(root)',
      message: NOT_ALLOWED_CHARACTER,
      code: 'invalid_character',
    });
    expect(inspectInput({ id: 'ok' }, 'params.')).toBeNull();
  });

  it('checks object keys, and refuses own __proto__ keys', () => {
    expect(inspectInput({ custom: { 'k\u0000': 1 } })).toEqual({
      path: 'custom.k\ufffd',
      message: NOT_ALLOWED_CHARACTER,
      code: 'invalid_character',
    });
    expect(inspectInput(JSON.parse('{"a":{"__proto__":{"x":1}}}'))?.path).toBe('a.__proto__');
  });

  it(`limits nesting to ${MAX_INPUT_DEPTH} levels without recursing (100,000 levels do not overflow)`, () => {
    let ok: unknown = 1;
    for (let i = 0; i < MAX_INPUT_DEPTH; i++) ok = [ok];
    expect(inspectInput(ok)).toBeNull();
    expect(inspectInput([ok])).toMatchObject({
      message: `is nested more than ${MAX_INPUT_DEPTH} levels deep`,
      code: 'too_deep',
      params: { max: MAX_INPUT_DEPTH },
    });
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(inspectInput({ conditions: deep })?.path).toMatch(/^conditions(\.a)+$/);
  });
});
