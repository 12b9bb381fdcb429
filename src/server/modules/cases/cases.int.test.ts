import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import { departmentFactory, employeeFactory, workOrderFactory } from '../../../../test/support/factories.js';
import { defaultTemplateVersionId, invitationFactory } from '../../../../test/support/invitations.js';
import { SYSTEM_ACTOR } from '../../http/principal.js';
import { changeCaseStatus, getCase } from './cases.service.js';

let t: TestApp;
let admin: TestClient;
let version: string;
beforeAll(async () => {
  t = await createTestApp({ publicRateLimits: { perIpPerMinute: 100_000 } });
  admin = await t.loginAs(['admin']);
  version = await defaultTemplateVersionId(t.ctx.db);
});
afterAll(async () => {
  await t?.close();
});

const NEGATIVE = { response_speed: 1, technical_ability: 1, attitude: 2, problem_resolved: false };
const H = 3_600_000;

async function negativeRating(workOrderId: string) {
  const inv = await invitationFactory(
    t.ctx.db,
    { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl },
    { templateVersionId: version, workOrderId },
  );
  const res = await t.anon.post(`${inv.api}/ratings`, { answers: NEGATIVE });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

/** A region with a manager, a team without one, and a work order in the team. */
async function setting() {
  const manager = await employeeFactory(t.ctx.db, { roles: ['supervisor'] });
  const region = await departmentFactory(t.ctx.db, { kind: 'region', managerId: manager.id });
  const team = await departmentFactory(t.ctx.db, { kind: 'team', parentId: region.id });
  const wo = await workOrderFactory(t.ctx, { departmentId: team.id });
  return { manager, region, team, wo };
}

describe('remediation cases', () => {
  it('opens from a negative rating for the responsible manager, with due times in working hours', async () => {
    const { manager, team, wo } = await setting();
    const ratingId = await negativeRating(wo.id);
    const opened = await admin.post('/api/v1/cases', { ratingId });
    expect(opened.statusCode).toBe(201);
    const c = opened.json();
    expect(c).toMatchObject({
      status: 'open',
      severity: 'high',
      ratingId,
      workOrderId: wo.id,
      workOrderNumber: wo.number,
      departmentId: team.id,
      ownerId: manager.id,
      ownerName: manager.name,
      firstContactMinutes: 120,
      resolutionMinutes: 2880,
      usedMs: 0,
      escalationLevel: 0,
    });
    expect(c.entries.map((e: { kind: string }) => e.kind)).toEqual(['opened']);
    // Due times follow the seeded mainland-China calendar: at least two hours away, never inside lunch or a night.
    const created = new Date(c.createdAt).getTime();
    expect(new Date(c.firstContactDueAt).getTime()).toBeGreaterThanOrEqual(created + 2 * H);
    expect(new Date(c.resolutionDueAt).getTime()).toBeGreaterThan(new Date(c.firstContactDueAt).getTime());

    const again = await admin.post('/api/v1/cases', { ratingId });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors).toEqual([{ path: 'ratingId', code: 'is_taken', message: 'already has a case' }]);

    // A supervisor elsewhere does not see it at all; one of the region's subtree does.
    const elsewhere = await t.loginAs(['supervisor'], { departmentId: (await departmentFactory(t.ctx.db)).id });
    expect((await elsewhere.get(`/api/v1/cases/${c.id}`)).statusCode).toBe(404);
    const inRegion = await t.loginAs(['supervisor'], { departmentId: team.id });
    expect((await inRegion.get(`/api/v1/cases?status=open`)).json().items.map((i: { id: string }) => i.id)).toContain(
      c.id,
    );
  });

  it('moves through the statuses with the clock: a pause keeps the used time, closing needs a root cause', async () => {
    const { wo } = await setting();
    const ratingId = await negativeRating(wo.id);
    // Opened Tuesday 1 December 2026 10:00 in Shanghai (02:00Z), by the service at a chosen instant.
    const opened = await admin.post('/api/v1/cases', { ratingId, severity: 'critical' });
    const id = opened.json().id as string;
    const at = (local: string) => new Date(`${local}:00+08:00`);
    // Start the clock at a known instant (the API opens cases "now"): 10:00 local.
    const ten = at('2026-12-01T10:00').toISOString();
    await t.ctx.db.execute(
      sql`update remediation_cases set running_since = ${ten}::timestamptz where id = ${id}::uuid`,
    );
    await t.ctx.db.execute(sql`update case_entries set at = ${ten}::timestamptz where case_id = ${id}::uuid`);

    // 11:00: the customer is reached (one working hour used); first contact met.
    let c = await changeCaseStatus(
      t.ctx.db,
      t.ctx.jobs,
      SYSTEM_ACTOR,
      id,
      { status: 'contacted', note: 'Called, apologised' },
      at('2026-12-01T11:00'),
    );
    expect(c).toMatchObject({
      status: 'contacted',
      firstContactUsedMs: H,
      firstContactDueAt: null,
      firstContactedAt: at('2026-12-01T11:00').toISOString(),
    });
    // Resolution due after 48 working hours from 10:00 Tuesday = Wednesday 9 December 14:30.
    expect(c.resolutionDueAt).toBe(at('2026-12-09T14:30').toISOString());

    // 11:30 → waiting for the customer until Wednesday 10:00: the clock stops (1.5 h used) and has no due time.
    c = await changeCaseStatus(
      t.ctx.db,
      t.ctx.jobs,
      SYSTEM_ACTOR,
      id,
      { status: 'waiting_customer' },
      at('2026-12-01T11:30'),
    );
    expect(c).toMatchObject({ usedMs: 1.5 * H, runningSince: null, resolutionDueAt: null });
    c = await changeCaseStatus(t.ctx.db, t.ctx.jobs, SYSTEM_ACTOR, id, { status: 'resolving' }, at('2026-12-02T10:00'));
    // 46.5 working hours left from Wednesday 10:00: 6.5 that day, 7.5 × 5 (Thu–Wed), 2.5 on Thursday 10 → 11:30.
    expect(c).toMatchObject({ usedMs: 1.5 * H, runningSince: at('2026-12-02T10:00').toISOString() });
    expect(c.resolutionDueAt).toBe(at('2026-12-10T11:30').toISOString());

    const illegal = await admin.post(`/api/v1/cases/${id}/status`, { status: 'closed' });
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json().errors[0]).toMatchObject({ path: 'status', code: 'illegal_transition' });

    c = await changeCaseStatus(t.ctx.db, t.ctx.jobs, SYSTEM_ACTOR, id, { status: 'resolved' }, at('2026-12-02T15:00'));
    expect(c).toMatchObject({ status: 'resolved', runningSince: null, resolutionDueAt: null, usedMs: 5 * H });

    const withoutCause = await admin.post(`/api/v1/cases/${id}/status`, { status: 'closed' });
    expect(withoutCause.statusCode).toBe(400);
    expect(withoutCause.json().errors.map((e: { path: string; code: string }) => `${e.path} ${e.code}`)).toEqual([
      'rootCauseId required',
      'correctiveAction required',
    ]);
    const causes = (await admin.get('/api/v1/case-root-causes')).json().items;
    expect(causes.map((r: { key: string }) => r.key)).toContain('attitude');
    const closed = await admin.post(`/api/v1/cases/${id}/status`, {
      status: 'closed',
      rootCauseId: causes[0].id,
      correctiveAction: 'Engineer coached; second visit free of charge',
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', rootCauseId: causes[0].id });
    // case.closed carries the root cause's key (the case.closed webhook sends it).
    const timeline = (await admin.get(`/api/v1/work-orders/${wo.id}/timeline`)).json();
    expect(JSON.stringify(timeline)).toContain(`"rootCause":"${causes[0].key}"`);
    // Every move is a `case.status_changed` event (the console refreshes the case live; integrators get the webhook).
    const items = (timeline.items ?? timeline) as { type: string; data: { from?: string; to?: string } }[];
    expect(
      items
        .filter((e) => e.type === 'case.status_changed')
        .map((e) => `${e.data.from}→${e.data.to}`)
        .sort(),
    ).toEqual(
      [
        'open→contacted',
        'contacted→waiting_customer',
        'waiting_customer→resolving',
        'resolving→resolved',
        'resolved→closed',
      ].sort(),
    );
    expect(closed.json().entries.map((e: { kind: string; data: { to?: string } }) => e.data.to ?? e.kind)).toEqual([
      'opened',
      'contacted',
      'waiting_customer',
      'resolving',
      'resolved',
      'closed',
    ]);

    // Reopened: the clock runs again from the used time; the first contact stays recorded.
    const reopened = await admin.post(`/api/v1/cases/${id}/status`, { status: 'reopened', note: 'Fault came back' });
    expect(reopened.json()).toMatchObject({
      status: 'reopened',
      closedAt: null,
      resolvedAt: null,
      usedMs: 5 * H,
      firstContactUsedMs: H,
    });
    expect(reopened.json().resolutionDueAt).not.toBeNull();
  });

  it('keeps notes and logged calls on the timeline, and filters the list', async () => {
    const { wo } = await setting();
    const opened = (await admin.post('/api/v1/cases', { workOrderId: wo.id, summary: 'Complaint by phone' })).json();
    expect(opened).toMatchObject({ ratingId: null, severity: 'medium', summary: 'Complaint by phone' });
    const noted = await admin.post(`/api/v1/cases/${opened.id}/entries`, { kind: 'call', text: 'No answer' });
    expect(noted.json().entries.at(-1)).toMatchObject({ kind: 'call', text: 'No answer', actorType: 'user' });
    const empty = await admin.post(`/api/v1/cases/${opened.id}/entries`, { kind: 'note', text: '  ' });
    expect(empty.statusCode).toBe(400);

    const both = await admin.post('/api/v1/cases', { workOrderId: wo.id, ratingId: opened.id });
    expect(both.json().errors[0]).toMatchObject({ path: 'ratingId', code: 'exactly_one' });

    const medium = (await admin.get('/api/v1/cases?severity=medium&status=open,contacted')).json().items;
    expect(medium.map((c: { id: string }) => c.id)).toContain(opened.id);
    expect(medium.every((c: { severity: string }) => c.severity === 'medium')).toBe(true);
    const notOverdue = (await admin.get('/api/v1/cases?overdue=false')).json().items;
    expect(notOverdue.map((c: { id: string }) => c.id)).toContain(opened.id);
    expect((await getCase(t.ctx.db, SYSTEM_ACTOR, opened.id)).overdue).toBe(false);
  });
});
