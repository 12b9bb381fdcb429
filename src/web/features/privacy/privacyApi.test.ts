import { describe, expect, it } from 'vitest';
import { ApiError } from '../../app/api';
import { en } from '../../i18n/en';
import { zhCN } from '../../i18n/zh-CN';
import {
  COUNT_KINDS,
  type ContactExport,
  choiceProblem,
  countRows,
  exportFileName,
  exportSummary,
  fromChoice,
  hasPerson,
  OPEN_ID_PATTERN,
  PHONE_PATTERN,
  retentionChanged,
  toChoice,
  toPerson,
  toRetentionBody,
  toRetentionValues,
  withoutPersonPrefix,
} from './privacyApi';

describe('retention choices', () => {
  it('round-trips the API values: null is "keep", a number is days', () => {
    expect(toChoice(null)).toEqual({ mode: 'keep', days: null });
    expect(toChoice(365)).toEqual({ mode: 'days', days: 365 });
    expect(fromChoice(toChoice(null))).toBeNull();
    expect(fromChoice(toChoice(90))).toBe(90);
    // "keep" wins over a number typed before switching back.
    expect(fromChoice({ mode: 'keep', days: 90 })).toBeNull();
    const saved = { contactDays: 180, freeTextDays: null };
    expect(toRetentionBody(toRetentionValues(saved))).toEqual(saved);
  });

  it('refuses days chosen without a number or outside 30–3650, as the server does', () => {
    expect(choiceProblem(undefined)).toBeNull();
    expect(choiceProblem({ mode: 'keep', days: null })).toBeNull();
    expect(choiceProblem({ mode: 'keep', days: 5 })).toBeNull();
    expect(choiceProblem({ mode: 'days', days: null })).toBe('required');
    for (const bad of [0, 29, 3651, 45.5])
      expect(choiceProblem({ mode: 'days', days: bad }), String(bad)).toBe('range');
    for (const good of [30, 365, 3650]) expect(choiceProblem({ mode: 'days', days: good }), String(good)).toBeNull();
  });

  it('counts a change only where a choice differs from the saved period', () => {
    const saved = { contactDays: null, freeTextDays: 365 };
    expect(retentionChanged(saved, toRetentionValues(saved))).toBe(false);
    expect(retentionChanged(saved, { ...toRetentionValues(saved), contactDays: { mode: 'days', days: null } })).toBe(
      true,
    );
    expect(retentionChanged(saved, { ...toRetentionValues(saved), freeTextDays: { mode: 'days', days: 90 } })).toBe(
      true,
    );
    expect(retentionChanged(saved, { ...toRetentionValues(saved), freeTextDays: { mode: 'keep', days: 365 } })).toBe(
      true,
    );
    expect(retentionChanged(saved, {})).toBe(false);
  });
});

describe('countRows', () => {
  it('lists the non-zero kinds in the console’s order, unknown kinds last', () => {
    expect(countRows({ ratings: 2, zeta: 1, workOrders: 3, events: 0, alpha: 4 })).toEqual([
      { kind: 'workOrders', count: 3 },
      { kind: 'ratings', count: 2 },
      { kind: 'alpha', count: 4 },
      { kind: 'zeta', count: 1 },
    ]);
    expect(countRows({})).toEqual([]);
  });

  it('has a label for every kind in both languages', () => {
    for (const kind of COUNT_KINDS) {
      expect(en.privacy.kinds[kind], kind).toBeTruthy();
      expect(zhCN.privacy.kinds[kind], kind).toBeTruthy();
    }
    expect(Object.keys(en.privacy.kinds).sort()).toEqual([...COUNT_KINDS].sort());
  });
});

describe('the person', () => {
  it('sends the filled fields only, trimmed', () => {
    expect(toPerson({ phone: ' 138 0000 1111 ', email: '', openId: '  ' })).toEqual({ phone: '138 0000 1111' });
    expect(toPerson({ email: ' li@example.com', openId: 'oAbc_-1' })).toEqual({
      email: 'li@example.com',
      openId: 'oAbc_-1',
    });
    expect(hasPerson({})).toBe(false);
    expect(hasPerson({ phone: ' ' })).toBe(false);
    expect(hasPerson({ openId: 'o1' })).toBe(true);
  });

  it('checks phone numbers and openids as the server does', () => {
    for (const good of ['13800001111', '+86 138-0000-1111', '(021) 5555 1234'])
      expect(PHONE_PATTERN.test(good)).toBe(true);
    for (const bad of ['1234', '138abc00001', '138.0000.1111']) expect(PHONE_PATTERN.test(bad), bad).toBe(false);
    expect(OPEN_ID_PATTERN.test('oUpF8uMuAJO_M2pxb1Q9zNjWeS6o')).toBe(true);
    expect(OPEN_ID_PATTERN.test('o pen')).toBe(false);
  });

  it('moves the erase’s field errors from person.phone to the form’s phone', () => {
    const error = new ApiError({
      status: 400,
      errors: [
        { path: 'body.person.phone', message: 'required', code: 'required' },
        { path: 'person.email', message: 'bad', code: 'invalid_format' },
        { path: 'irreversible', message: 'x' },
      ],
    });
    const moved = withoutPersonPrefix(error) as ApiError;
    expect(moved).toBeInstanceOf(ApiError);
    expect(moved.problem.errors?.map((item) => item.path)).toEqual(['phone', 'email', 'irreversible']);
    const other = new Error('network');
    expect(withoutPersonPrefix(other)).toBe(other);
  });
});

describe('the export', () => {
  it('is named by the local day', () => {
    expect(exportFileName(new Date(2026, 0, 5, 23, 59))).toBe('rateloop-contact-2026-01-05.json');
  });

  it('sums each part for the summary', () => {
    const data: ContactExport = {
      generatedAt: '2026-05-14T08:00:00.000Z',
      person: { phone: '+8613800001111', email: null, openId: null },
      workOrders: [{ number: 'WO-1' }, { number: 'WO-2' }],
      invitations: [{}],
      ratings: [{}],
      followUps: { tasks: [{}], attempts: [{}, {}], calls: [] },
      cases: [],
      optOuts: [],
      portalSessions: [{}],
      wechatIds: [],
    };
    expect(exportSummary(data)).toEqual({
      workOrders: 2,
      invitations: 1,
      ratings: 1,
      followUps: 3,
      cases: 0,
      optOuts: 0,
      portalSessions: 1,
      wechatIds: 0,
    });
  });
});
