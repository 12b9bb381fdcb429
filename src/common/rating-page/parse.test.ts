import { describe, expect, it } from 'vitest';
import { validateAnswers } from '../scoring/validate.js';
import { type FormFields, parseFormAnswers } from './parse.js';
import { renderRatingPage } from './render.js';
import { ALL_TYPES_DIMENSIONS } from './sample-template.js';

const template = { weighting: false, dimensions: ALL_TYPES_DIMENSIONS };

const decodeEntities = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, '`')
    .replace(/&amp;/g, '&');

/** What a browser would post for the rendered form: checked radios/checkboxes, textareas, hidden fields. */
function submitted(html: string): FormFields {
  const fields: Record<string, string[]> = {};
  const add = (name: string, value: string) => {
    fields[name] ??= [];
    fields[name].push(value);
  };
  for (const input of html.match(/<input [^>]*>/g) ?? []) {
    if (!/ checked[ >]/.test(input) && !input.includes('type="hidden"')) continue;
    add(decodeEntities(/name="([^"]*)"/.exec(input)![1]!), decodeEntities(/value="([^"]*)"/.exec(input)![1]!));
  }
  for (const m of html.matchAll(/<textarea [^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g)) {
    add(m[1]!, decodeEntities(m[2]!).replace(/^\n/, ''));
  }
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.length === 1 ? v[0]! : v]));
}

describe('parseFormAnswers', () => {
  it('round-trips every type through the rendered form', () => {
    const answers = {
      response_speed: 5,
      quality: 1,
      nps: 0,
      problem_resolved: false,
      would_recommend: 'not_sure',
      liked: ['punctual', 'explained'],
      suggestions: '\n师傅 <很> "专业" & 准时 😀',
    };
    const html = renderRatingPage({
      template: { layout: 'vertical', dimensions: ALL_TYPES_DIMENSIONS },
      lang: 'en',
      company: { name: 'c' },
      workOrder: { number: '1', subject: 's' },
      formAction: '/r/t',
      values: answers,
      csrf: 'tok',
      formToken: 'ft',
      assets: { css: 'inline', script: 'none' },
    });
    const fields = submitted(html);
    expect(fields._csrf).toBe('tok');
    expect(parseFormAnswers(template, fields)).toEqual(answers);
    expect(parseFormAnswers(template, { problem_resolved: 'yes', liked: 'tidy' })).toEqual({
      problem_resolved: true,
      liked: ['tidy'],
    });
    const valid = validateAnswers(template, parseFormAnswers(template, fields));
    expect(valid.ok).toBe(true);
  });

  it('converts decimal strings to integers, trimming blanks', () => {
    expect(parseFormAnswers(template, { response_speed: ' 3 ', nps: '0', quality: '+7' })).toEqual({
      response_speed: 3,
      nps: 0,
      quality: 7,
    });
  });

  it('treats empty fields as absent', () => {
    expect(
      parseFormAnswers(template, {
        response_speed: '',
        problem_resolved: '',
        would_recommend: '',
        liked: [],
        suggestions: '   ',
        nps: ['', ''],
        quality: undefined,
      }),
    ).toEqual({});
    expect(parseFormAnswers(template, { liked: ['', 'tidy'] })).toEqual({ liked: ['tidy'] });
  });

  it('ignores transport fields starting with _', () => {
    expect(parseFormAnswers(template, { _csrf: 'x', _form_token: 'y', nps: '9' })).toEqual({ nps: 9 });
  });

  it('passes garbage through unchanged so the validator rejects it', () => {
    const garbage: FormFields = {
      response_speed: '4.5',
      quality: 'ten',
      nps: ['3', '4'],
      problem_resolved: 'maybe',
      would_recommend: 'bogus',
      liked: ['tidy', 'nope'],
      unknown_key: 'x',
    };
    const answers = parseFormAnswers(template, garbage);
    expect(answers).toEqual({
      response_speed: '4.5',
      quality: 'ten',
      nps: ['3', '4'],
      problem_resolved: 'maybe',
      would_recommend: 'bogus',
      liked: ['tidy', 'nope'],
      unknown_key: 'x',
    });
    const result = validateAnswers(template, answers);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path).sort()).toEqual(
      [
        'answers.liked',
        'answers.nps',
        'answers.problem_resolved',
        'answers.quality',
        'answers.response_speed',
        'answers.unknown_key',
        'answers.would_recommend',
      ].sort(),
    );
  });

  it('never clamps out-of-range numbers', () => {
    const answers = parseFormAnswers(template, { response_speed: '6', nps: '-1', quality: '0' });
    expect(answers).toEqual({ response_speed: 6, nps: -1, quality: 0 });
    expect(validateAnswers(template, answers).ok).toBe(false);
  });

  it('keeps a long text for the validator to reject', () => {
    const long = 'x'.repeat(501);
    expect(parseFormAnswers(template, { suggestions: long })).toEqual({ suggestions: long });
  });
});
