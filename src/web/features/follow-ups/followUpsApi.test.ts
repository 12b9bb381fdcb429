import { describe, expect, it } from 'vitest';
import { validateAnswers } from '../../../common/scoring/validate';
import { readListPosition, writeListPosition } from '../../components/useListState';
import { durationSeconds } from './CallPanel';
import {
  allowedResults,
  answersBody,
  localised,
  nextTaskId,
  percentText,
  type SurveyDimension,
  surveyLanguageOf,
  TEAM_DEFAULTS,
  teamFiltersUrl,
  teamQuery,
  wasReached,
  windowsProblem,
} from './followUpsApi';

const label = (zh: string, en: string) => ({ 'zh-CN': zh, en });

const DIMENSIONS: SurveyDimension[] = [
  { key: 'overall', type: 'star5', required: true, weight: 1, label: label('总体', 'Overall') },
  { key: 'speed', type: 'score10', required: false, weight: 1, label: label('速度', 'Speed') },
  { key: 'recommend', type: 'nps', required: false, weight: 1, label: label('推荐', 'Recommend') },
  { key: 'fixed', type: 'yes_no', required: false, weight: 1, label: label('解决', 'Fixed') },
  {
    key: 'channel',
    type: 'single_choice',
    required: false,
    weight: 0,
    label: label('渠道', 'Channel'),
    options: [
      { key: 'phone', label: label('电话', 'Phone') },
      { key: 'app', label: label('应用', 'App') },
    ],
  },
  {
    key: 'liked',
    type: 'multi_choice',
    required: false,
    weight: 0,
    label: label('喜欢', 'Liked'),
    options: [
      { key: 'polite', label: label('礼貌', 'Polite') },
      { key: 'tidy', label: label('整洁', 'Tidy') },
    ],
  },
  { key: 'comment', type: 'text', required: false, weight: 0, label: label('意见', 'Comment') },
];

describe('the queue', () => {
  it('marks the first callable task as the next one, in the order served', () => {
    expect(
      nextTaskId([
        { id: 'a', callableNow: false },
        { id: 'b', callableNow: true },
        { id: 'c', callableNow: true },
      ]),
    ).toBe('b');
    expect(nextTaskId([{ id: 'a', callableNow: false }])).toBeUndefined();
    expect(nextTaskId([])).toBeUndefined();
  });
});

describe('a task', () => {
  it('opens the survey only after a call reached the customer', () => {
    expect(wasReached([])).toBe(false);
    expect(wasReached([{ outcome: 'no_answer' }, { outcome: 'busy' }])).toBe(false);
    expect(wasReached([{ outcome: 'no_answer' }, { outcome: 'reached' }])).toBe(true);
  });

  it('offers only the results the work order allows', () => {
    expect(allowedResults({ closeAllowed: true, sendBackAllowed: true })).toEqual(['closed', 'sent_back', 'none']);
    expect(allowedResults({ closeAllowed: true, sendBackAllowed: false })).toEqual(['closed', 'none']);
    expect(allowedResults({ closeAllowed: false, sendBackAllowed: false })).toEqual(['none']);
  });

  it('turns minutes and seconds into the talk time, absent when nothing was typed', () => {
    expect(durationSeconds(undefined, undefined)).toBeUndefined();
    expect(durationSeconds(null, null)).toBeUndefined();
    expect(durationSeconds(3, 5)).toBe(185);
    expect(durationSeconds(null, 42)).toBe(42);
    expect(durationSeconds(0, 0)).toBe(0);
  });
});

describe('the survey', () => {
  it('sends every answered question in the API’s answer values, which the scoring engine accepts', () => {
    const body = answersBody(DIMENSIONS, {
      overall: 4,
      speed: 9,
      recommend: 0,
      fixed: false,
      channel: 'app',
      liked: ['polite', 'tidy'],
      comment: '  很满意  ',
    });
    expect(body).toEqual({
      overall: 4,
      speed: 9,
      recommend: 0,
      fixed: false,
      channel: 'app',
      liked: ['polite', 'tidy'],
      comment: '很满意',
    });
    expect(validateAnswers({ weighting: false, dimensions: DIMENSIONS }, body)).toMatchObject({ ok: true });
  });

  it('leaves out unanswered questions and keys that are not questions', () => {
    expect(
      answersBody(DIMENSIONS, { overall: 5, comment: '   ', liked: [], channel: undefined, fixed: null, extra: 1 }),
    ).toEqual({ overall: 5 });
    expect(answersBody(DIMENSIONS, undefined)).toEqual({});
  });

  it('asks in the console’s language and words a question in the survey’s', () => {
    expect(surveyLanguageOf('en')).toBe('en');
    expect(surveyLanguageOf('en-GB')).toBe('en');
    expect(surveyLanguageOf('zh-CN')).toBe('zh-CN');
    expect(localised(label('总体', 'Overall'), 'en')).toBe('Overall');
    expect(localised(label('总体', 'Overall'), 'zh-CN')).toBe('总体');
    expect(localised({ 'zh-CN': '只有中文' }, 'en')).toBe('只有中文');
    expect(localised(undefined, 'en')).toBeUndefined();
  });
});

describe('the settings', () => {
  it('checks the calling windows as the server does', () => {
    expect(windowsProblem([{ start: '09:00', end: '12:00' }])).toBeNull();
    expect(
      windowsProblem([
        { start: '09:00', end: '12:00' },
        { start: '14:00', end: '24:00' },
      ]),
    ).toBeNull();
    expect(windowsProblem([])).toBe('too_few');
    expect(windowsProblem(Array.from({ length: 7 }, (_, i) => ({ start: `0${i}:00`, end: `0${i}:30` })))).toBe(
      'too_many',
    );
    expect(windowsProblem([{ start: '9:00', end: '12:00' }])).toBe('invalid_time');
    expect(windowsProblem([{ start: '12:00', end: '09:00' }])).toBe('periods_overlap');
    expect(
      windowsProblem([
        { start: '09:00', end: '13:00' },
        { start: '12:00', end: '18:00' },
      ]),
    ).toBe('periods_overlap');
  });
});

describe('the team list', () => {
  const spec = { filters: teamFiltersUrl, defaults: TEAM_DEFAULTS };

  it('keeps its filters in the URL, open tasks by default', () => {
    const uuid = '6f1c1f9e-8d3a-4b7e-9a51-0c2b7a1d2e3f';
    const params = writeListPosition(new URLSearchParams('tab=x'), spec, {
      filters: { open: 'true', overdue: 'true', status: ['pending', 'in_progress'], assigneeId: uuid },
      sort: undefined,
      cursors: [],
    });
    expect(params.toString()).toBe(`tab=x&overdue=true&status=pending%2Cin_progress&assigneeId=${uuid}`);
    expect(readListPosition(params, spec).filters).toEqual({
      open: 'true',
      overdue: 'true',
      status: ['pending', 'in_progress'],
      assigneeId: uuid,
    });
  });

  it('reads queued tasks as assignee none, and ignores what a pasted URL gets wrong', () => {
    expect(readListPosition(new URLSearchParams('assigneeId=none&open=all'), spec).filters).toEqual({
      open: 'all',
      assigneeId: 'none',
    });
    expect(readListPosition(new URLSearchParams('assigneeId=bob&open=maybe&status=lost'), spec).filters).toEqual({
      open: 'true',
    });
  });

  it('asks the team view, all tasks without an open filter', () => {
    expect(teamQuery({ open: 'all', status: [] })).toEqual({
      view: 'team',
      open: undefined,
      overdue: undefined,
      status: undefined,
      assigneeId: undefined,
    });
    expect(teamQuery({ open: 'false', assigneeId: 'none' })).toMatchObject({ open: 'false', assigneeId: 'none' });
  });

  it('shows rates as whole percentages', () => {
    expect(percentText(null)).toBe('—');
    expect(percentText(0.834)).toBe('83%');
    expect(percentText(1)).toBe('100%');
  });
});
