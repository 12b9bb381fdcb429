import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import { departmentFactory } from '../../../../test/support/factories.js';
import { addBusinessTime } from './business-time.js';
import { calendarForDepartment } from './calendars.service.js';
import { policyFor } from './policies.service.js';

let t: TestApp;
let admin: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
});
afterAll(async () => {
  await t?.close();
});

const lunchBreak = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '18:00' },
];
const week = [lunchBreak, lunchBreak, lunchBreak, lunchBreak, lunchBreak, [], []];
const put = (client: TestClient, url: string, payload: object) => client.request({ method: 'PUT', url, payload });

describe('the seeded calendar and policy', () => {
  it('the organisation starts with a mainland-China calendar (2026 holidays and 调休) and the 2 h / 48 h policy', async () => {
    const { items } = (await admin.get('/api/v1/business-calendars')).json();
    const seeded = items.find((c: { isDefault: boolean }) => c.isDefault);
    expect(seeded).toMatchObject({
      timeZone: null,
      effectiveTimeZone: 'Asia/Shanghai',
      weekly: week,
      departmentIds: [],
    });
    const days = new Map(seeded.days.map((d: { date: string; working: boolean }) => [d.date, d.working]));
    expect(days.get('2026-10-01')).toBe(false);
    expect(days.get('2026-10-10')).toBe(true);
    expect(days.get('2026-02-14')).toBe(true);
    expect(days.get('2027-02-06')).toBe(false);

    // The National Day week: Wednesday 30 September 17:00 + 2 working hours → Thursday 8 October 10:00 (02:00Z).
    const due = await admin.get(
      `/api/v1/business-calendars/${seeded.id}/due?from=${encodeURIComponent('2026-09-30T17:00:00+08:00')}&minutes=120`,
    );
    expect(due.json()).toEqual({ due: '2026-10-08T02:00:00.000Z' });

    const policies = (await admin.get('/api/v1/sla-policies')).json().items;
    expect(policies.find((p: { isDefault: boolean }) => p.isDefault)).toMatchObject({
      firstContactMinutes: 120,
      resolutionMinutes: 2880,
      hours: 'business',
      calendarId: null,
      pausedStatuses: ['waiting_customer'],
      breachActions: [{ kind: 'escalate' }],
    });
  });
});

describe('business calendars', () => {
  it('creates, edits days and departments, audits, and falls back up the tree to the default', async () => {
    const region = await departmentFactory(t.ctx.db, { kind: 'region' });
    const team = await departmentFactory(t.ctx.db, { kind: 'team', parentId: region.id });
    const elsewhere = await departmentFactory(t.ctx.db);
    const created = await admin.post('/api/v1/business-calendars', {
      name: 'Hong Kong',
      timeZone: 'Asia/Hong_Kong',
      weekly: [...week.slice(0, 5), [{ start: '09:00', end: '13:00' }], []],
      departmentIds: [region.id],
    });
    expect(created.statusCode).toBe(201);
    const hk = created.json();
    expect(hk).toMatchObject({ effectiveTimeZone: 'Asia/Hong_Kong', isDefault: false, departmentIds: [region.id] });

    // The team uses its region's calendar: Saturday is a half day there.
    const teamCalendar = await calendarForDepartment(t.ctx.db, team.id);
    expect(teamCalendar?.timeZone).toBe('Asia/Hong_Kong');
    const saturday = new Date('2026-12-05T11:00:00+08:00');
    expect(addBusinessTime(teamCalendar, saturday, 3_600_000).toISOString()).toBe('2026-12-05T04:00:00.000Z');
    // Elsewhere the organisation's default applies (no Saturday work): Monday 10:00.
    const other = await calendarForDepartment(t.ctx.db, elsewhere.id);
    expect(addBusinessTime(other, saturday, 3_600_000).toISOString()).toBe('2026-12-07T02:00:00.000Z');
    expect((await calendarForDepartment(t.ctx.db, null))?.timeZone).toBe('Asia/Shanghai');

    // A holiday, then a make-up Sunday with its own hours; removing a date makes it ordinary again.
    const holiday = await put(admin, `/api/v1/business-calendars/${hk.id}/days/2026-12-25`, {
      working: false,
      name: 'Christmas',
    });
    expect(holiday.statusCode).toBe(200);
    const makeUp = await put(admin, `/api/v1/business-calendars/${hk.id}/days/2026-12-27`, {
      working: true,
      periods: [{ start: '10:00', end: '12:00' }],
    });
    expect(makeUp.json().days).toEqual([
      { date: '2026-12-25', working: false, periods: null, name: 'Christmas' },
      { date: '2026-12-27', working: true, periods: [{ start: '10:00', end: '12:00' }], name: null },
    ]);
    const sunday = await calendarForDepartment(t.ctx.db, team.id);
    expect(addBusinessTime(sunday, new Date('2026-12-27T09:00:00+08:00'), 3_600_000).toISOString()).toBe(
      '2026-12-27T03:00:00.000Z',
    );
    expect((await admin.delete(`/api/v1/business-calendars/${hk.id}/days/2026-12-27`)).json().days).toHaveLength(1);
    expect((await admin.delete(`/api/v1/business-calendars/${hk.id}/days/2026-12-27`)).statusCode).toBe(404);

    const audit = (await admin.get(`/api/v1/audit-events?entityId=${hk.id}`)).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual([
      'calendar.day_removed',
      'calendar.day_set',
      'calendar.day_set',
      'calendar.created',
    ]);

    // Deleting the region's calendar sends its subtree back to the default.
    expect((await admin.delete(`/api/v1/business-calendars/${hk.id}`)).statusCode).toBe(204);
    expect((await calendarForDepartment(t.ctx.db, team.id))?.timeZone).toBe('Asia/Shanghai');
  });

  it('keeps exactly one default, which cannot be deleted', async () => {
    const before = (await admin.get('/api/v1/business-calendars'))
      .json()
      .items.find((c: { isDefault: boolean }) => c.isDefault);
    const next = (
      await admin.post('/api/v1/business-calendars', { name: 'Shifts', weekly: week, isDefault: true })
    ).json();
    expect(next.isDefault).toBe(true);
    expect((await admin.get(`/api/v1/business-calendars/${before.id}`)).json().isDefault).toBe(false);
    const refused = await admin.delete(`/api/v1/business-calendars/${next.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().type).toMatch(/default-in-use$/);
    expect((await admin.patch(`/api/v1/business-calendars/${before.id}`, { isDefault: true })).json().isDefault).toBe(
      true,
    );
    expect((await admin.delete(`/api/v1/business-calendars/${next.id}`)).statusCode).toBe(204);
  });

  it('refuses bad periods, zones, dates and unknown departments with codes the console translates', async () => {
    const codes = async (body: unknown, url = '/api/v1/business-calendars') => {
      const res = await admin.post(url, body);
      expect(res.statusCode).toBe(400);
      return res.json().errors.map((e: { path: string; code: string }) => `${e.path} ${e.code}`);
    };
    const overlapping = [
      { start: '09:00', end: '12:30' },
      { start: '12:00', end: '18:00' },
    ];
    expect(await codes({ name: 'x', weekly: [overlapping, [], [], [], [], [], []] })).toEqual([
      'weekly.0.1 periods_overlap',
    ]);
    expect(await codes({ name: 'x', weekly: [[{ start: '18:00', end: '09:00' }], [], [], [], [], [], []] })).toEqual([
      'weekly.0.0 periods_overlap',
    ]);
    expect(await codes({ name: 'x', weekly: [[{ start: '25:00', end: '26:00' }], [], [], [], [], [], []] })).toEqual([
      'weekly.0.0.start invalid_time',
      'weekly.0.0.end invalid_time',
    ]);
    expect(await codes({ name: 'x', weekly: [[], [], [], [], [], [], []] })).toEqual(['weekly no_working_time']);
    expect(await codes({ name: 'x', weekly: week, timeZone: 'Mars/Olympus' })).toEqual(['timeZone invalid_time_zone']);
    expect(await codes({ name: 'x', weekly: week.slice(0, 6) })).toEqual(['weekly too_few']);
    expect(await codes({ name: 'x', weekly: week, departmentIds: ['00000000-0000-4000-8000-000000000000'] })).toEqual([
      'departmentIds.0 not_found',
    ]);
    const seeded = (await admin.get('/api/v1/business-calendars')).json().items[0];
    const badDate = await put(admin, `/api/v1/business-calendars/${seeded.id}/days/2026-02-30`, { working: false });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().errors[0]).toMatchObject({ path: 'params.date', code: 'invalid_date' });
  });
});

describe('SLA policies', () => {
  it('creates and changes policies, keeps the targets in order and one default', async () => {
    const defaultBefore = await policyFor(t.ctx.db, null);
    const bad = await admin.post('/api/v1/sla-policies', {
      name: 'VIP',
      firstContactMinutes: 60,
      resolutionMinutes: 30,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      { path: 'resolutionMinutes', code: 'target_order', message: 'must be at least the first-contact target' },
    ]);
    const vip = (
      await admin.post('/api/v1/sla-policies', {
        name: 'VIP',
        firstContactMinutes: 30,
        resolutionMinutes: 480,
        hours: 'always',
        breachActions: [{ kind: 'escalate' }, { kind: 'notify' }],
      })
    ).json();
    expect(vip).toMatchObject({
      hours: 'always',
      warnBeforeMinutes: 30,
      isDefault: false,
      pausedStatuses: ['waiting_customer'],
    });
    const shrink = await admin.patch(`/api/v1/sla-policies/${vip.id}`, { resolutionMinutes: 20 });
    expect(shrink.statusCode).toBe(400);
    expect(shrink.json().errors[0]).toMatchObject({ path: 'resolutionMinutes', code: 'target_order' });
    const unknownCalendar = await admin.patch(`/api/v1/sla-policies/${vip.id}`, {
      calendarId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknownCalendar.json().errors[0]).toMatchObject({ path: 'calendarId', code: 'not_found' });

    expect((await policyFor(t.ctx.db, vip.id))?.name).toBe('VIP');
    expect((await policyFor(t.ctx.db, '00000000-0000-4000-8000-000000000000'))?.id).toBe(defaultBefore?.id);
    expect((await admin.patch(`/api/v1/sla-policies/${vip.id}`, { isDefault: true })).json().isDefault).toBe(true);
    expect((await policyFor(t.ctx.db, null))?.id).toBe(vip.id);
    expect((await admin.delete(`/api/v1/sla-policies/${vip.id}`)).statusCode).toBe(409);
    await admin.patch(`/api/v1/sla-policies/${defaultBefore!.id}`, { isDefault: true });
    expect((await admin.delete(`/api/v1/sla-policies/${vip.id}`)).statusCode).toBe(204);
  });

  it('supervisors read calendars and policies but cannot change them', async () => {
    const supervisor = await t.loginAs(['supervisor']);
    expect((await supervisor.get('/api/v1/sla-policies')).statusCode).toBe(200);
    expect((await supervisor.get('/api/v1/business-calendars')).statusCode).toBe(200);
    expect(
      (await supervisor.post('/api/v1/sla-policies', { name: 'x', firstContactMinutes: 1, resolutionMinutes: 1 }))
        .statusCode,
    ).toBe(403);
  });
});
