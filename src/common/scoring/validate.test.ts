import { describe, expect, it } from 'vitest';
import { dim, opt } from './test-fixtures';
import type { ScoringTemplate } from './types';
import { validateAnswers } from './validate';

const template: ScoringTemplate = {
  weighting: false,
  dimensions: [
    dim('stars', 'star5', { required: true }),
    dim('ten', 'score10'),
    dim('rec', 'nps'),
    dim('ok', 'yes_no'),
    dim('one', 'single_choice', { options: [opt('a', 100), opt('b')] }),
    dim('many', 'multi_choice', { options: [opt('x'), opt('y'), opt('z')] }),
    dim('note', 'text', { maxLength: 5 }),
  ],
};

function errorsOf(answers: unknown) {
  const r = validateAnswers(template, answers);
  return r.ok ? [] : r.errors;
}

describe('validateAnswers', () => {
  it('accepts valid answers, trims text, drops missing optional ones', () => {
    const r = validateAnswers(template, {
      stars: 5,
      ten: 1,
      rec: 0,
      ok: false,
      one: 'b',
      many: ['z', 'x'],
      note: '  hi  ',
    });
    expect(r).toEqual({
      ok: true,
      answers: { stars: 5, ten: 1, rec: 0, ok: false, one: 'b', many: ['z', 'x'], note: 'hi' },
    });
    expect(validateAnswers(template, { stars: 1, ten: null, one: '', many: [], note: '   ' })).toEqual({
      ok: true,
      answers: { stars: 1 },
    });
  });

  it('requires required dimensions (absent, null, empty)', () => {
    expect(errorsOf({})).toEqual([{ path: 'answers.stars', message: 'is required', code: 'required' }]);
    expect(errorsOf({ stars: null })).toEqual([{ path: 'answers.stars', message: 'is required', code: 'required' }]);
    const t: ScoringTemplate = {
      weighting: false,
      dimensions: [
        dim('m', 'multi_choice', { required: true, options: [opt('x')] }),
        dim('t', 'text', { required: true }),
        dim('s', 'single_choice', { required: true, options: [opt('x')] }),
      ],
    };
    const r = validateAnswers(t, { m: [], t: ' ', s: '' });
    expect(r.ok ? [] : r.errors.map((e) => `${e.path} ${e.message}`)).toEqual([
      'answers.m is required',
      'answers.t is required',
      'answers.s is required',
    ]);
  });

  it.each([
    ['stars', 0, 'must be an integer from 1 to 5'],
    ['stars', 6, 'must be an integer from 1 to 5'],
    ['stars', 4.5, 'must be an integer from 1 to 5'],
    ['stars', '5', 'must be an integer from 1 to 5'],
    ['stars', Number.NaN, 'must be an integer from 1 to 5'],
    ['ten', 0, 'must be an integer from 1 to 10'],
    ['ten', 11, 'must be an integer from 1 to 10'],
    ['rec', -1, 'must be an integer from 0 to 10'],
    ['rec', 10.1, 'must be an integer from 0 to 10'],
    ['ok', 'yes', 'must be true (yes) or false (no)'],
    ['ok', 1, 'must be true (yes) or false (no)'],
    ['one', 'c', 'is not an option of this question'],
    ['one', ['a'], 'must be the key of one option'],
    ['many', 'x', 'must be a list of option keys'],
    ['many', ['x', 'q'], 'contains a key that is not an option of this question'],
    ['many', ['x', 'x'], 'must not repeat an option'],
    ['note', 'toolong', 'must be at most 5 characters'],
    ['note', 12, 'must be text'],
  ])('%s = %j → %s', (key, value, message) => {
    expect(errorsOf({ stars: 3, [key]: value })).toEqual([
      expect.objectContaining({ path: `answers.${key}`, message, code: expect.any(String) }),
    ]);
  });

  it('counts text length in code points after trimming', () => {
    expect(errorsOf({ stars: 3, note: ' 服务很好😀 ' })).toEqual([]);
    expect(errorsOf({ stars: 3, note: '服务很好很好' })).toHaveLength(1);
  });

  it('uses a default maximum of 2000 characters', () => {
    const t: ScoringTemplate = { weighting: false, dimensions: [dim('t', 'text')] };
    expect(validateAnswers(t, { t: 'a'.repeat(2000) }).ok).toBe(true);
    expect(validateAnswers(t, { t: 'a'.repeat(2001) })).toEqual({
      ok: false,
      errors: [
        { path: 'answers.t', message: 'must be at most 2000 characters', code: 'too_long', params: { max: 2000 } },
      ],
    });
  });

  it('rejects unknown keys and non-objects', () => {
    expect(errorsOf({ stars: 3, nope: 1 })).toEqual([
      { path: 'answers.nope', message: 'is not a question of this template', code: 'unknown_field' },
    ]);
    expect(errorsOf([])).toEqual([
      { path: 'answers', message: 'must be an object', code: 'invalid_type', params: { expected: 'object' } },
    ]);
    expect(errorsOf(null)).toEqual([
      { path: 'answers', message: 'must be an object', code: 'invalid_type', params: { expected: 'object' } },
    ]);
  });

  it('reports every error at once', () => {
    expect(errorsOf({ ten: 20, ok: 'no' }).map((e) => e.path)).toEqual(['answers.stars', 'answers.ten', 'answers.ok']);
  });
});
