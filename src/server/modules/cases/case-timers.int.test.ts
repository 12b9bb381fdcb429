import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import { testDbKind } from '../../../../test/support/db.js';
import { departmentFactory, employeeFactory, workOrderFactory } from '../../../../test/support/factories.js';
import { type Database, openPostgres } from '../../db/client.js';
import { executeRows } from '../../db/sql.js';
import { SYSTEM_ACTOR } from '../../http/principal.js';
import type { JobContext } from '../../jobs/queue.js';
import { type DomainEventType, eventsAfter } from '../events/events.service.js';
import { readRepairs } from '../events/repairs.js';
import { managementChain } from '../org/management-chain.js';
import { businessTimeBetween } from '../sla/business-time.js';
import { calendarForDepartment } from '../sla/calendars.service.js';
import { caseTimerJob, sweepCaseTimers } from './case-timers.jobs.js';
import { fireCaseTimer } from './case-timers.service.js';
import { changeCaseStatus, getCase, openCaseIn } from './cases.service.js';
import { slaChangesProcessor } from './sla-changes.processor.js';

let t: TestApp;
let admin: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
});
afterAll(async () => {
  await t?.close();
});

/** A local instant in Shanghai (the seeded calendar's zone): working days 09:00–12:00 and 13:30–18:00. */
const cst = (local: string) => new Date(`${local}:00+08:00`);
const iso = (local: string) => cst(local).toISOString();
let n = 0;
const uniq = () => `${Date.now().toString(36)}${++n}`;

async function policy(body: Record<string, unknown> = {}) {
  const res = await admin.post('/api/v1/sla-policies', {
    name: `Policy ${uniq()}`,
    firstContactMinutes: 120,
    resolutionMinutes: 48 * 60,
    warnBeforeMinutes: 30,
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

/** Managers from the team up: the team's (owner at opening), the region's, the head office's when `levels` is 3. */
async function tree(levels: 2 | 3 = 3) {
  const head = levels === 3 ? await employeeFactory(t.ctx.db, { roles: ['supervisor'] }) : null;
  const top = head ? await departmentFactory(t.ctx.db, { kind: 'department', managerId: head.id }) : null;
  const regional = await employeeFactory(t.ctx.db, { roles: ['supervisor'] });
  const region = await departmentFactory(t.ctx.db, {
    kind: 'region',
    managerId: regional.id,
    ...(top && { parentId: top.id }),
  });
  const lead = await employeeFactory(t.ctx.db, { roles: ['supervisor'] });
  const team = await departmentFactory(t.ctx.db, { kind: 'team', managerId: lead.id, parentId: region.id });
  return { team: team.id, lead: lead.id, regional: regional.id, head: head?.id ?? null };
}

async function openAt(departmentId: string, policyId: string, when: Date) {
  const wo = await workOrderFactory(t.ctx, { departmentId });
  const row = await t.ctx.db.transaction((tx) =>
    openCaseIn(
      tx,
      t.ctx.jobs,
      SYSTEM_ACTOR,
      { ratingId: null, workOrderId: wo.id, departmentId, severity: 'high', summary: null, policyId },
      when,
    ),
  );
  return row!;
}

/** The `cases.sla-timer` jobs enqueued for a case: `<target> <kind> <ISO time>`, each with its start. */
async function timerJobs(caseId: string) {
  const rows = await executeRows<{ data: { target: string; kind: string; at: string }; start_after: Date | string }>(
    t.ctx.db,
    sql`select data, start_after from pgboss.job where name = 'cases.sla-timer' and data->>'caseId' = ${caseId}`,
  );
  return rows
    .map((r) => {
      expect(new Date(r.start_after).toISOString()).toBe(r.data.at);
      return `${r.data.target} ${r.data.kind} ${r.data.at}`;
    })
    .sort();
}

function jobContext(database: Database, now: Date): JobContext {
  return {
    config: t.ctx.config,
    appSecret: t.ctx.appSecret,
    now: () => now,
    database,
    log: pino({ level: 'silent' }),
    jobs: t.ctx.jobs,
    jobId: 'test',
    retryCount: 0,
  };
}

/** Runs the timer job as a worker would, at `now`. */
async function runTimer(caseId: string, target: 'first_contact' | 'resolution', kind: 'warning' | 'breach', at: Date) {
  await caseTimerJob.handler({ caseId, target, kind, at: at.toISOString() }, jobContext(t.database, at));
}

async function caseEvents(caseId: string, type: DomainEventType) {
  return (await eventsAfter(t.ctx.db, 0, 10_000, type)).filter((e) => e.subjectId === caseId);
}

const kinds = (c: { entries: { kind: string }[] }) => c.entries.map((e) => e.kind);

describe('SLA timers', () => {
  it('warn, then breach and escalate at the right working time; each fires once', async () => {
    const org = await tree();
    const p = await policy();
    // Tuesday 1 December 11:00: first contact within 2 working hours (the lunch break 12:00–13:30 does not count).
    const opened = await openAt(org.team, p.id, cst('2026-12-01T11:00'));
    expect(opened).toMatchObject({ ownerId: org.lead, escalationLevel: 0 });
    expect(opened.firstContactWarnAt?.toISOString()).toBe(iso('2026-12-01T14:00'));
    expect(opened.firstContactDueAt?.toISOString()).toBe(iso('2026-12-01T14:30'));
    // 48 h: 5.5 on Tuesday, 7.5 × 5 (Wed–Tue), 5 on Wednesday 9 → 15:30; the warning half an hour before.
    expect(opened.resolutionWarnAt?.toISOString()).toBe(iso('2026-12-09T15:00'));
    expect(opened.resolutionDueAt?.toISOString()).toBe(iso('2026-12-09T15:30'));
    // The timers are durable jobs, enqueued with the case, each starting at its time.
    expect(await timerJobs(opened.id)).toEqual([
      `first_contact breach ${iso('2026-12-01T14:30')}`,
      `first_contact warning ${iso('2026-12-01T14:00')}`,
      `resolution breach ${iso('2026-12-09T15:30')}`,
      `resolution warning ${iso('2026-12-09T15:00')}`,
    ]);

    await runTimer(opened.id, 'first_contact', 'warning', cst('2026-12-01T14:00'));
    let c = await getCase(t.ctx.db, SYSTEM_ACTOR, opened.id);
    expect(kinds(c)).toEqual(['opened', 'warned']);
    expect(c.entries[1]).toMatchObject({
      at: iso('2026-12-01T14:00'),
      actorType: 'system',
      data: { target: 'first_contact', dueAt: iso('2026-12-01T14:30') },
    });
    const [warning] = await caseEvents(opened.id, 'case.sla_warning');
    expect(warning?.data).toEqual({
      number: opened.number,
      target: 'first_contact',
      dueAt: iso('2026-12-01T14:30'),
      ownerId: org.lead,
      notify: [org.lead],
    });
    expect(warning?.workOrderId).toBe(opened.workOrderId);

    await runTimer(opened.id, 'first_contact', 'breach', cst('2026-12-01T14:30'));
    c = await getCase(t.ctx.db, SYSTEM_ACTOR, opened.id);
    expect(kinds(c)).toEqual(['opened', 'warned', 'breached', 'escalated']);
    expect(c).toMatchObject({ ownerId: org.regional, escalationLevel: 1 });
    expect(c.entries[3]?.data).toEqual({
      target: 'first_contact',
      level: 1,
      fromEmployeeId: org.lead,
      toEmployeeId: org.regional,
    });
    expect(c.breaches).toEqual([
      {
        target: 'first_contact',
        kind: 'warning',
        targetMinutes: 120,
        dueAt: iso('2026-12-01T14:30'),
        firedAt: iso('2026-12-01T14:00'),
      },
      {
        target: 'first_contact',
        kind: 'breach',
        targetMinutes: 120,
        dueAt: iso('2026-12-01T14:30'),
        firedAt: iso('2026-12-01T14:30'),
      },
    ]);
    const [breached] = await caseEvents(opened.id, 'case.breached');
    expect(breached?.data).toEqual({
      number: opened.number,
      target: 'first_contact',
      dueAt: iso('2026-12-01T14:30'),
      ownerId: org.lead,
      actions: ['escalate'],
      notify: [org.lead],
    });
    const [escalated] = await caseEvents(opened.id, 'case.escalated');
    expect(escalated?.data).toEqual({
      number: opened.number,
      target: 'first_contact',
      level: 1,
      fromEmployeeId: org.lead,
      toEmployeeId: org.regional,
      notify: [org.regional, org.lead],
    });

    // A retried job, a late duplicate and the sweep all find it fired.
    await runTimer(opened.id, 'first_contact', 'breach', cst('2026-12-01T14:30'));
    const timer = { caseId: opened.id, target: 'first_contact', kind: 'breach', at: cst('2026-12-01T14:30') } as const;
    expect(await fireCaseTimer(t.ctx.db, timer, cst('2026-12-01T15:00'))).toBe('already');
    expect(
      await fireCaseTimer(
        t.ctx.db,
        { ...timer, kind: 'warning', at: cst('2026-12-01T14:00') },
        cst('2026-12-01T14:10'),
      ),
    ).toBe('already');
    await sweepCaseTimers(t.ctx.db, cst('2026-12-01T16:00'));
    expect(kinds(await getCase(t.ctx.db, SYSTEM_ACTOR, opened.id))).toEqual([
      'opened',
      'warned',
      'breached',
      'escalated',
    ]);
    expect(await caseEvents(opened.id, 'case.escalated')).toHaveLength(1);
  });

  it('walks up one step per breach, then to the administrators, each step an entry and an event', async () => {
    const org = await tree(2);
    const admins = (await managementChain(t.ctx.db, null)).map((s) => s.employeeId);
    expect(admins.length).toBeGreaterThan(0);
    const p = await policy({ firstContactMinutes: 60, resolutionMinutes: 120, warnBeforeMinutes: 0 });
    const opened = await openAt(org.team, p.id, cst('2026-12-01T09:00'));
    expect(opened).toMatchObject({ firstContactWarnAt: null, resolutionWarnAt: null });
    expect(await timerJobs(opened.id)).toEqual([
      `first_contact breach ${iso('2026-12-01T10:00')}`,
      `resolution breach ${iso('2026-12-01T11:00')}`,
    ]);
    await runTimer(opened.id, 'first_contact', 'breach', cst('2026-12-01T10:00'));
    expect(await getCase(t.ctx.db, SYSTEM_ACTOR, opened.id)).toMatchObject({
      ownerId: org.regional,
      escalationLevel: 1,
    });
    // The region's manager is the top of the tree: the next breach goes to the administrators (all told).
    await runTimer(opened.id, 'resolution', 'breach', cst('2026-12-01T11:00'));
    let c = await getCase(t.ctx.db, SYSTEM_ACTOR, opened.id);
    expect(c).toMatchObject({ ownerId: admins[0], escalationLevel: 2 });
    const steps = await caseEvents(opened.id, 'case.escalated');
    expect(steps.map((e) => e.data)).toEqual([
      expect.objectContaining({
        target: 'first_contact',
        level: 1,
        fromEmployeeId: org.lead,
        toEmployeeId: org.regional,
      }),
      {
        number: opened.number,
        target: 'resolution',
        level: 2,
        fromEmployeeId: org.regional,
        toEmployeeId: admins[0],
        notify: [...admins, org.regional],
      },
    ]);

    // The policy now promises 3 working hours: a new promise, broken at 12:00 + lunch → 14:30 (used time kept).
    expect((await admin.patch(`/api/v1/sla-policies/${p.id}`, { resolutionMinutes: 240 })).statusCode).toBe(200);
    await handleSlaEvents();
    c = await getCase(t.ctx.db, SYSTEM_ACTOR, opened.id);
    expect(c).toMatchObject({ resolutionMinutes: 240, resolutionDueAt: iso('2026-12-01T14:30') });
    await runTimer(opened.id, 'resolution', 'breach', cst('2026-12-01T14:30'));
    // Past the top: the case stays with the administrators, and the step is still recorded.
    c = await getCase(t.ctx.db, SYSTEM_ACTOR, opened.id);
    expect(c).toMatchObject({ ownerId: admins[0], escalationLevel: 3 });
    expect(kinds(c)).toEqual(['opened', 'breached', 'escalated', 'breached', 'escalated', 'breached', 'escalated']);
    expect(c.entries.at(-1)?.data).toMatchObject({ level: 3, fromEmployeeId: admins[0], toEmployeeId: admins[0] });
    expect(c.breaches.map((b) => `${b.target} ${b.kind} ${b.targetMinutes}`)).toEqual([
      'first_contact breach 60',
      'resolution breach 120',
      'resolution breach 240',
    ]);
  });

  it('reassign walks up without telling the previous owner; notify tells the chain and keeps the owner', async () => {
    const org = await tree();
    const reassigning = await policy({ warnBeforeMinutes: 0, breachActions: [{ kind: 'reassign' }] });
    const a = await openAt(org.team, reassigning.id, cst('2026-12-01T09:00'));
    await runTimer(a.id, 'first_contact', 'breach', cst('2026-12-01T11:00'));
    const ca = await getCase(t.ctx.db, SYSTEM_ACTOR, a.id);
    expect(ca).toMatchObject({ ownerId: org.regional, escalationLevel: 1 });
    expect(kinds(ca)).toEqual(['opened', 'breached', 'assigned']);
    expect(ca.entries[2]?.data).toMatchObject({ fromOwnerId: org.lead, toOwnerId: org.regional, reason: 'breach' });
    expect((await caseEvents(a.id, 'case.reassigned')).map((e) => e.data)).toEqual([
      { number: a.number, fromOwnerId: org.lead, toOwnerId: org.regional, notify: [org.regional] },
    ]);
    expect(await caseEvents(a.id, 'case.escalated')).toEqual([]);

    const notifying = await policy({ warnBeforeMinutes: 0, breachActions: [{ kind: 'notify' }] });
    const b = await openAt(org.team, notifying.id, cst('2026-12-01T09:00'));
    await runTimer(b.id, 'first_contact', 'breach', cst('2026-12-01T11:00'));
    const cb = await getCase(t.ctx.db, SYSTEM_ACTOR, b.id);
    expect(cb).toMatchObject({ ownerId: org.lead, escalationLevel: 0 });
    expect(kinds(cb)).toEqual(['opened', 'breached']);
    expect((await caseEvents(b.id, 'case.breached'))[0]?.data).toMatchObject({
      actions: ['notify'],
      ownerId: org.lead,
      notify: [org.lead, org.regional, org.head],
    });
  });

  it('a pause moves the due time: the old timer does nothing, the new one fires', async () => {
    const org = await tree();
    const p = await policy();
    const opened = await openAt(org.team, p.id, cst('2026-12-01T11:00'));
    // 11:30: waiting for the customer (the first contact is made; the resolution clock stops with 0.5 h used).
    await changeCaseStatus(
      t.ctx.db,
      t.ctx.jobs,
      SYSTEM_ACTOR,
      opened.id,
      { status: 'waiting_customer' },
      cst('2026-12-01T11:30'),
    );
    for (const [target, kind, at] of [
      ['first_contact', 'warning', '2026-12-01T14:00'],
      ['first_contact', 'breach', '2026-12-01T14:30'],
      ['resolution', 'warning', '2026-12-09T15:00'],
      ['resolution', 'breach', '2026-12-09T15:30'],
    ] as const) {
      expect(await fireCaseTimer(t.ctx.db, { caseId: opened.id, target, kind, at: cst(at) }, cst(at))).toBe('stale');
    }
    // Resumed Wednesday 10:00 with 47.5 h left: 6.5 that day, 37.5 (Thu–Wed), 3.5 on Thursday 10 → 14:00.
    let c = await changeCaseStatus(
      t.ctx.db,
      t.ctx.jobs,
      SYSTEM_ACTOR,
      opened.id,
      { status: 'resolving' },
      cst('2026-12-02T10:00'),
    );
    expect(c).toMatchObject({
      usedMs: 0.5 * 3_600_000,
      firstContactDueAt: null,
      resolutionWarnAt: iso('2026-12-10T12:00'),
      resolutionDueAt: iso('2026-12-10T14:00'),
    });
    expect(await timerJobs(opened.id)).toContain(`resolution breach ${iso('2026-12-10T14:00')}`);
    // The old job runs at its time and finds the time moved; nothing is recorded.
    await runTimer(opened.id, 'resolution', 'breach', cst('2026-12-09T15:30'));
    await sweepCaseTimers(t.ctx.db, cst('2026-12-09T16:00'));
    expect(kinds(await getCase(t.ctx.db, SYSTEM_ACTOR, opened.id))).not.toContain('breached');
    await runTimer(opened.id, 'resolution', 'breach', cst('2026-12-10T14:00'));
    c = await getCase(t.ctx.db, SYSTEM_ACTOR, opened.id);
    expect(kinds(c).filter((k) => k === 'breached')).toHaveLength(1);
    expect(c.breaches.map((b) => `${b.target} ${b.kind} ${b.dueAt}`)).toEqual([
      `resolution breach ${iso('2026-12-10T14:00')}`,
    ]);
    // Paused and resumed after the breach: due "now" again, but the same promise is not broken twice.
    await changeCaseStatus(
      t.ctx.db,
      t.ctx.jobs,
      SYSTEM_ACTOR,
      opened.id,
      { status: 'waiting_customer' },
      cst('2026-12-10T15:00'),
    );
    c = await changeCaseStatus(
      t.ctx.db,
      t.ctx.jobs,
      SYSTEM_ACTOR,
      opened.id,
      { status: 'resolving' },
      cst('2026-12-11T09:00'),
    );
    expect(c.resolutionDueAt).toBe(iso('2026-12-11T09:00'));
    expect(
      await fireCaseTimer(
        t.ctx.db,
        { caseId: opened.id, target: 'resolution', kind: 'breach', at: cst('2026-12-11T09:00') },
        cst('2026-12-11T09:00'),
      ),
    ).toBe('already');
  });

  it('a policy change mid-case keeps the used time and moves the due time (48 h → 24 h after a working day)', async () => {
    const org = await tree();
    const p = await policy();
    const opened = await openAt(org.team, p.id, cst('2026-12-01T10:00'));
    expect(opened.resolutionDueAt?.toISOString()).toBe(iso('2026-12-09T14:30'));
    expect((await admin.patch(`/api/v1/sla-policies/${p.id}`, { resolutionMinutes: 24 * 60 })).statusCode).toBe(200);
    expect(await handleSlaEvents()).toBe(1);
    // Tuesday 10:00 + 24 working hours: 6.5 + 7.5 + 7.5 + 2.5 → Friday 11:30.
    const c = await getCase(t.ctx.db, SYSTEM_ACTOR, opened.id);
    expect(c).toMatchObject({
      resolutionMinutes: 1440,
      usedMs: 0,
      runningSince: iso('2026-12-01T10:00'),
      resolutionWarnAt: iso('2026-12-04T11:00'),
      resolutionDueAt: iso('2026-12-04T11:30'),
      firstContactDueAt: iso('2026-12-01T12:00'),
    });
    expect(await timerJobs(opened.id)).toContain(`resolution breach ${iso('2026-12-04T11:30')}`);
    // The timer for the old due time finds it moved.
    expect(
      await fireCaseTimer(
        t.ctx.db,
        { caseId: opened.id, target: 'resolution', kind: 'breach', at: cst('2026-12-09T14:30') },
        cst('2026-12-09T14:30'),
      ),
    ).toBe('stale');
    // Handled again (a replay): nothing changes.
    const jobs = await timerJobs(opened.id);
    await handleSlaEvents(0);
    expect(await getCase(t.ctx.db, SYSTEM_ACTOR, opened.id)).toEqual(c);
    expect(await timerJobs(opened.id)).toEqual(jobs);
  });

  it('a policy moved from working hours to 24/7 settles the time used under working hours first', async () => {
    const org = await tree();
    const p = await policy({ warnBeforeMinutes: 0 });
    const openedAt = new Date(Date.now() - 3 * 86_400_000);
    const opened = await openAt(org.team, p.id, openedAt);
    expect((await admin.patch(`/api/v1/sla-policies/${p.id}`, { hours: 'always' })).statusCode).toBe(200);
    await handleSlaEvents();
    const [changed] = (await eventsAfter(t.ctx.db, 0, 10_000, 'sla.policy_changed')).filter(
      (e) => e.subjectId === p.id,
    );
    expect(changed?.data).toMatchObject({ policyId: p.id, before: { hours: 'business', calendarId: null } });
    // Working time up to the change counts as it did; from then on every hour counts.
    const used = businessTimeBetween(await calendarForDepartment(t.ctx.db, org.team), openedAt, changed!.at);
    const c = await getCase(t.ctx.db, SYSTEM_ACTOR, opened.id);
    expect(c).toMatchObject({ usedMs: used, runningSince: changed!.at.toISOString() });
    expect(c.resolutionDueAt).toBe(new Date(changed!.at.getTime() + 48 * 3_600_000 - used).toISOString());
  });

  it('a holiday added to the calendar moves the due times of its open cases', async () => {
    const org = await tree();
    const week = [
      ...Array.from({ length: 5 }, () => [
        { start: '09:00', end: '12:00' },
        { start: '13:30', end: '18:00' },
      ]),
      [],
      [],
    ];
    const calendar = await admin.post('/api/v1/business-calendars', {
      name: `Calendar ${uniq()}`,
      timeZone: 'Asia/Shanghai',
      weekly: week,
    });
    expect(calendar.statusCode, calendar.body).toBe(201);
    const p = await policy({ calendarId: calendar.json().id });
    const opened = await openAt(org.team, p.id, cst('2026-12-01T10:00'));
    expect(opened.resolutionDueAt?.toISOString()).toBe(iso('2026-12-09T14:30'));
    const day = await admin.request({
      method: 'PUT',
      url: `/api/v1/business-calendars/${calendar.json().id}/days/2026-12-07`,
      payload: { working: false, name: 'Company day' },
    });
    expect(day.statusCode, day.body).toBe(200);
    await handleSlaEvents();
    // Monday 7 December no longer counts: one working day later.
    const c = await getCase(t.ctx.db, SYSTEM_ACTOR, opened.id);
    expect(c).toMatchObject({
      usedMs: 0,
      resolutionDueAt: iso('2026-12-10T14:30'),
      resolutionWarnAt: iso('2026-12-10T14:00'),
    });
    expect(await timerJobs(opened.id)).toContain(`resolution breach ${iso('2026-12-10T14:30')}`);
  });

  it('the sweep fires a timer whose job was lost, once, and counts the repair', async () => {
    const org = await tree();
    const p = await policy({ warnBeforeMinutes: 0 });
    const opened = await openAt(org.team, p.id, cst('2026-12-01T09:00'));
    await t.ctx.db.execute(
      sql`delete from pgboss.job where name = 'cases.sla-timer' and data->>'caseId' = ${opened.id}`,
    );
    const before = (await readRepairs(t.ctx.db)).find((r) => r.kind === 'sla_timer')?.repaired ?? 0;
    // A minute of grace: at 11:00:30 the first contact (due 11:00) is still its job's.
    expect(await sweepCaseTimers(t.ctx.db, new Date(cst('2026-12-01T11:00').getTime() + 30_000))).toBe(0);
    const fired = await sweepCaseTimers(t.ctx.db, cst('2026-12-01T11:05'));
    expect(fired).toBe(1);
    expect(await sweepCaseTimers(t.ctx.db, cst('2026-12-01T11:06'))).toBe(0);
    const c = await getCase(t.ctx.db, SYSTEM_ACTOR, opened.id);
    expect(kinds(c)).toEqual(['opened', 'breached', 'escalated']);
    expect((await readRepairs(t.ctx.db)).find((r) => r.kind === 'sla_timer')?.repaired).toBe(before + fired);
  });
});

describe.skipIf(testDbKind() !== 'postgres')('SLA timers on PostgreSQL (two workers, a restart)', () => {
  it('a breach escalates exactly once with two workers racing, and a restarted process finds it done', async () => {
    const org = await tree();
    const p = await policy({ warnBeforeMinutes: 0 });
    const opened = await openAt(org.team, p.id, cst('2026-12-01T09:00'));
    const url = (t.database.pool!.options as { connectionString: string }).connectionString;
    const [a, b] = await Promise.all([openPostgres(url, 5), openPostgres(url, 5)]);
    try {
      const due = cst('2026-12-01T11:00');
      const payload = { caseId: opened.id, target: 'first_contact', kind: 'breach', at: due.toISOString() } as const;
      // Two workers (their own pools) fire the timer at once, each twice — as a retry or a duplicate job would.
      const timer = { ...payload, at: due };
      const results = await Promise.all([
        fireCaseTimer(a.db, timer, due),
        fireCaseTimer(b.db, timer, due),
        fireCaseTimer(a.db, timer, due),
        fireCaseTimer(b.db, timer, due),
      ]);
      expect(results.sort()).toEqual(['already', 'already', 'already', 'fired']);
      // And the job handlers, as the two workers' pg-boss would run them again.
      await Promise.all([
        caseTimerJob.handler(payload, jobContext(a, due)),
        caseTimerJob.handler(payload, jobContext(b, due)),
      ]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    // A restart: a new process on the same database runs the sweep (and the job again).
    const restarted = await openPostgres(url, 5);
    try {
      await sweepCaseTimers(restarted.db, cst('2026-12-01T12:00'));
      await caseTimerJob.handler(
        { caseId: opened.id, target: 'first_contact', kind: 'breach', at: cst('2026-12-01T11:00').toISOString() },
        jobContext(restarted, cst('2026-12-01T11:00')),
      );
    } finally {
      await restarted.close();
    }
    const c = await getCase(t.ctx.db, SYSTEM_ACTOR, opened.id);
    expect(kinds(c)).toEqual(['opened', 'breached', 'escalated']);
    expect(c).toMatchObject({ ownerId: org.regional, escalationLevel: 1 });
    expect(await caseEvents(opened.id, 'case.escalated')).toHaveLength(1);
    expect(await caseEvents(opened.id, 'case.breached')).toHaveLength(1);
  });

  it('two racing workers on the two due timers of one case: one step each, in order', async () => {
    const org = await tree();
    const p = await policy({ firstContactMinutes: 60, resolutionMinutes: 60, warnBeforeMinutes: 0 });
    const opened = await openAt(org.team, p.id, cst('2026-12-01T09:00'));
    const url = (t.database.pool!.options as { connectionString: string }).connectionString;
    const [a, b] = await Promise.all([openPostgres(url, 5), openPostgres(url, 5)]);
    const due = cst('2026-12-01T10:00');
    try {
      await Promise.all(
        [a, b].flatMap((db) =>
          (['first_contact', 'resolution'] as const).map((target) =>
            caseTimerJob.handler(
              { caseId: opened.id, target, kind: 'breach', at: due.toISOString() },
              jobContext(db, due),
            ),
          ),
        ),
      );
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    const steps = (await caseEvents(opened.id, 'case.escalated')).map(
      (e) => e.data as { level: number; toEmployeeId: string },
    );
    expect(steps.map((s) => s.level).sort()).toEqual([1, 2]);
    expect(await getCase(t.ctx.db, SYSTEM_ACTOR, opened.id)).toMatchObject({ ownerId: org.head, escalationLevel: 2 });
  });
});

let handledSeq = 0;
/** Runs the `case-timers` processor over the SLA events recorded since the last call (or `from`); how many. */
async function handleSlaEvents(from = handledSeq): Promise<number> {
  const types: DomainEventType[] = ['sla.policy_changed', 'sla.calendar_changed'];
  const events = (await eventsAfter(t.ctx.db, from, 10_000)).filter((e) => types.includes(e.type as DomainEventType));
  for (const event of events) {
    await t.ctx.db.transaction((tx) =>
      slaChangesProcessor.handle(
        { ...event, position: { txid: '0', seq: event.seq } },
        {
          tx,
          jobs: t.ctx.jobs,
          config: t.ctx.config,
          appSecret: t.ctx.appSecret,
          now: () => new Date(),
          log: pino({ level: 'silent' }),
        },
      ),
    );
    handledSeq = Math.max(handledSeq, event.seq);
  }
  return events.length;
}
