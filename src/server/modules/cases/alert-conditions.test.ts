import { describe, expect, it } from 'vitest';
import type { ScoringTemplate } from '../../../common/scoring/index.js';
import type { ConditionGroup, ConditionRule } from '../../db/schema/rules.js';
import type { RatingRecord } from '../ratings/ratings-by-id.js';
import {
  type AlertFacts,
  evaluateAlertCondition,
  matchedKeywordsOf,
  ratingFactsOf,
  validateAlertCondition,
} from './alert-conditions.js';

const TEMPLATE: ScoringTemplate = {
  weighting: true,
  dimensions: [
    { key: 'attitude', type: 'star5', required: true, weight: 1, label: { 'zh-CN': '态度', en: 'Attitude' } },
    { key: 'resolved', type: 'yes_no', required: false, weight: 1, label: { 'zh-CN': '解决', en: 'Resolved' } },
    { key: 'recommend', type: 'nps', required: false, weight: 0, label: { 'zh-CN': '推荐', en: 'Recommend' } },
    { key: 'comment', type: 'text', required: false, weight: 0, label: { 'zh-CN': '留言', en: 'Comment' } },
  ],
};

const REGION = '00000000-0000-4000-8000-000000000001';
const TEAM = '00000000-0000-4000-8000-000000000002';
const OTHER = '00000000-0000-4000-8000-000000000003';

function facts(
  rating: Partial<RatingRecord> & { answers?: Record<string, unknown> },
  workOrder: Partial<AlertFacts> = {},
): AlertFacts {
  const record = {
    id: 'r',
    class: 'neutral',
    score: 50,
    roundedStars: 3,
    contactRequested: false,
    normalised: {},
    answers: {},
    ...rating,
  } as RatingRecord;
  return {
    departmentId: TEAM,
    departmentPath: [TEAM, REGION],
    priority: 'normal',
    ...workOrder,
    rating: ratingFactsOf(record, TEMPLATE),
  };
}

const one = (rule: ConditionRule): ConditionGroup => ({ combinator: 'and', rules: [rule] });
const holds = (rule: ConditionRule, f: AlertFacts) => {
  const { condition, errors } = validateAlertCondition(one(rule));
  expect(errors).toEqual([]);
  return evaluateAlertCondition(condition, f);
};

describe('alert conditions: each condition', () => {
  it('class negative (the default rule)', () => {
    const rule = { field: 'rating.class', operator: '=', value: 'negative' };
    expect(holds(rule, facts({ class: 'negative', score: 20 }))).toBe(true);
    expect(holds(rule, facts({ class: 'neutral', score: 50 }))).toBe(false);
    expect(holds(rule, facts({ class: null, score: null }))).toBe(false);
  });

  it('a dimension at or below a value: normalised (0–100) or as answered (stars)', () => {
    const normalised = { field: 'rating.dimensions.attitude', operator: '<=', value: 25 };
    expect(holds(normalised, facts({ normalised: { attitude: 25 } }))).toBe(true);
    expect(holds(normalised, facts({ normalised: { attitude: 50 } }))).toBe(false);
    // Unanswered is not "0": a missing value never satisfies a comparison.
    expect(holds(normalised, facts({ normalised: { attitude: null } }))).toBe(false);
    expect(holds(normalised, facts({ normalised: {} }))).toBe(false);
    const stars = { field: 'rating.answers.attitude', operator: '<=', value: '2' };
    expect(holds(stars, facts({ answers: { attitude: 2 } }))).toBe(true);
    expect(holds(stars, facts({ answers: { attitude: 3 } }))).toBe(false);
    expect(holds(stars, facts({ answers: {} }))).toBe(false);
  });

  it('a yes/no answer: problem resolved = no', () => {
    const rule = { field: 'rating.answers.resolved', operator: '=', value: false };
    expect(holds(rule, facts({ answers: { resolved: false } }))).toBe(true);
    expect(holds(rule, facts({ answers: { resolved: true } }))).toBe(false);
    expect(holds(rule, facts({ answers: {} }))).toBe(false);
    // The console's select sends text.
    expect(holds({ ...rule, value: 'false' }, facts({ answers: { resolved: false } }))).toBe(true);
  });

  it('an NPS detractor (0–6), by group or by answer', () => {
    const group = { field: 'rating.npsCategory', operator: '=', value: 'detractor' };
    expect(holds(group, facts({ answers: { recommend: 6 } }))).toBe(true);
    expect(holds(group, facts({ answers: { recommend: 0 } }))).toBe(true);
    expect(holds(group, facts({ answers: { recommend: 7 } }))).toBe(false);
    expect(holds(group, facts({ answers: {} }))).toBe(false);
    expect(holds({ field: 'rating.nps', operator: '<=', value: 6 }, facts({ answers: { recommend: 9 } }))).toBe(false);
    expect(holds({ field: 'rating.nps', operator: '<=', value: 6 }, facts({ answers: { recommend: 3 } }))).toBe(true);
  });

  it('Chinese keywords match whole words, negation handled: 不满意 is not 满意', () => {
    const unhappy = { field: 'rating.comment', operator: 'containsKeyword', value: ['不满意'] };
    const happy = { field: 'rating.comment', operator: 'containsKeyword', value: ['满意'] };
    const angry = facts({ answers: { comment: '师傅态度很不满意，下次不找了' } });
    const pleased = facts({ answers: { comment: '非常满意，师傅很专业' } });
    expect(holds(unhappy, angry)).toBe(true);
    expect(holds(happy, angry)).toBe(false);
    expect(holds(happy, pleased)).toBe(true);
    expect(holds(unhappy, pleased)).toBe(false);
    // A substring of a word is not the word: 满 is inside 满意 but is not one of the comment's words.
    expect(holds({ ...happy, value: ['满'] }, pleased)).toBe(false);
    expect(holds({ ...happy, value: ['态度'] }, angry)).toBe(true);
    expect(matchedKeywordsOf(one({ ...unhappy, value: ['不满意', '态度', '满意', '投诉'] }), angry)).toEqual([
      '不满意',
      '态度',
    ]);
  });

  it('English keywords match whole words: "slow" is not in "slowly", "helpful" is not in "not helpful"', () => {
    const rule = (value: string[]) => ({ field: 'rating.comment', operator: 'containsKeyword', value });
    const comment = facts({ answers: { comment: 'The engineer came slowly and was not helpful. Rude!' } });
    expect(holds(rule(['slow']), comment)).toBe(false);
    expect(holds(rule(['helpful']), comment)).toBe(false);
    expect(holds(rule(['not helpful']), comment)).toBe(true);
    expect(holds(rule(['rude']), comment)).toBe(true);
    expect(holds(rule(['slow', 'rude']), comment)).toBe(true);
    expect(holds(rule(['slow']), facts({ answers: { comment: 'Too slow.' } }))).toBe(true);
    // No comment at all: no keyword matches, and `null` (is empty) does.
    expect(holds(rule(['rude']), facts({ answers: {} }))).toBe(false);
    expect(holds({ field: 'rating.comment', operator: 'null' }, facts({ answers: {} }))).toBe(true);
  });

  it('the customer’s “contact me” request', () => {
    const rule = { field: 'rating.contactRequested', operator: '=', value: true };
    expect(holds(rule, facts({ contactRequested: true }))).toBe(true);
    expect(holds(rule, facts({ contactRequested: false }))).toBe(false);
  });

  it('work-order scope: the rating rules’ fields, a department with its sub-departments', () => {
    const inRegion = { field: 'department', operator: 'in', value: [REGION] };
    expect(holds(inRegion, facts({}))).toBe(true);
    expect(holds(inRegion, facts({}, { departmentId: OTHER, departmentPath: [OTHER] }))).toBe(false);
    const urgentNegative: ConditionGroup = {
      combinator: 'and',
      rules: [
        { field: 'rating.class', operator: '=', value: 'negative' },
        { field: 'priority', operator: 'in', value: ['high', 'urgent'] },
      ],
    };
    expect(evaluateAlertCondition(urgentNegative, facts({ class: 'negative' }, { priority: 'urgent' }))).toBe(true);
    expect(evaluateAlertCondition(urgentNegative, facts({ class: 'negative' }, { priority: 'low' }))).toBe(false);
    // `not` groups and `or` work as for rating rules.
    const notInRegion: ConditionGroup = { combinator: 'or', not: true, rules: [inRegion] };
    expect(evaluateAlertCondition(notInRegion, facts({}))).toBe(false);
  });
});

describe('alert conditions: validation', () => {
  const errorsOf = (rule: ConditionRule) => validateAlertCondition(one(rule)).errors.map((e) => [e.path, e.code]);

  it('normalises values: numbers from text, booleans from text, keywords from a comma list', () => {
    const { condition } = validateAlertCondition({
      combinator: 'and',
      rules: [
        { field: 'rating.score', operator: '<', value: '37.5' },
        { field: 'rating.contactRequested', operator: '=', value: 'true' },
        { field: 'rating.comment', operator: 'containsKeyword', value: '太慢，态度差, rude' },
        { field: 'rating.class', operator: 'null', value: 'x' },
      ],
    });
    expect(condition.rules.map((r) => (r as ConditionRule).value)).toEqual([
      37.5,
      true,
      ['太慢', '态度差', 'rude'],
      null,
    ]);
  });

  it('refuses unknown fields, operators a field does not allow, values out of range, keywords without words', () => {
    expect(errorsOf({ field: 'rating.mood', operator: '=', value: 1 })).toEqual([
      ['condition.rules.0.field', 'not_found'],
    ]);
    expect(errorsOf({ field: 'rating.score', operator: 'containsKeyword', value: ['x'] })).toEqual([
      ['condition.rules.0.operator', 'invalid_choice'],
    ]);
    expect(errorsOf({ field: 'rating.stars', operator: '<=', value: 9 })).toEqual([
      ['condition.rules.0.value', 'out_of_range'],
    ]);
    expect(errorsOf({ field: 'rating.class', operator: '=', value: 'awful' })).toEqual([
      ['condition.rules.0.value', 'invalid_choice'],
    ]);
    expect(errorsOf({ field: 'rating.comment', operator: 'containsKeyword', value: ['!!!'] })).toEqual([
      ['condition.rules.0.value.0', 'invalid'],
    ]);
    expect(errorsOf({ field: 'rating.comment', operator: 'containsKeyword', value: [] })).toEqual([
      ['condition.rules.0.value', 'too_few'],
    ]);
    expect(errorsOf({ field: 'rating.answers.9bad', operator: '=', value: 1 })).toEqual([
      ['condition.rules.0.field', 'not_found'],
    ]);
  });

  it('checks work-order fields with the rating rules’ own validation, at this condition’s path', () => {
    const { errors } = validateAlertCondition({
      combinator: 'and',
      rules: [
        { field: 'rating.class', operator: '=', value: 'negative' },
        { combinator: 'or', rules: [{ field: 'serviceTypeId', operator: '=', value: 'not-a-uuid' }] },
      ],
    });
    expect(errors.map((e) => [e.path, e.code])).toEqual([['condition.rules.1.rules.0.value', 'invalid_uuid']]);
  });
});
