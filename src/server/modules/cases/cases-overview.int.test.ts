import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import { departmentFactory, employeeFactory, workOrderFactory } from '../../../../test/support/factories.js';

let t: TestApp;
let admin: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
});
afterAll(async () => {
  await t?.close();
});

const H = 3_600_000;

/** A case opened by hand on a work order of `departmentId`, then set to a chosen state of its clock. */
async function caseIn(departmentId: string, state: string) {
  const wo = await workOrderFactory(t.ctx, { departmentId });
  const res = await admin.post('/api/v1/cases', { workOrderId: wo.id });
  expect(res.statusCode).toBe(201);
  const id = res.json().id as string;
  await t.ctx.db.execute(sql.raw(`update remediation_cases set ${state} where id = '${id}'`));
  return id;
}

describe('GET /cases/overview', () => {
  it('counts open, overdue, time to first contact and breaches per team from the stored clocks', async () => {
    const manager = await employeeFactory(t.ctx.db, { roles: ['supervisor'] });
    const region = await departmentFactory(t.ctx.db, { kind: 'region', managerId: manager.id });
    const north = await departmentFactory(t.ctx.db, { kind: 'team', parentId: region.id, name: `North ${region.id}` });
    const south = await departmentFactory(t.ctx.db, { kind: 'team', parentId: region.id, name: `South ${region.id}` });

    // North: one not contacted and overdue now (a first-contact breach that is still running) …
    await caseIn(north.id, `first_contact_due_at = now() - interval '1 hour'`);
    // … one reached late (3 working hours against 2) and still within its resolution time …
    await caseIn(
      north.id,
      `status = 'contacted', first_contacted_at = now(), first_contact_used_ms = ${3 * H}, first_contact_due_at = null,
       resolution_due_at = now() + interval '1 day'`,
    );
    // … and one on time and still open (its first contact is due in the future).
    await caseIn(north.id, `first_contact_due_at = now() + interval '1 hour'`);
    // South: one reached in 1 h and resolved in 10 h (no breach) …
    await caseIn(
      south.id,
      `status = 'resolved', first_contacted_at = now(), first_contact_used_ms = ${H}, first_contact_due_at = null,
       used_ms = ${10 * H}, running_since = null, resolution_due_at = null, resolved_at = now()`,
    );
    // … one closed after 50 working hours against 48 (a resolution breach found from the used time) …
    await caseIn(
      south.id,
      `status = 'closed', first_contacted_at = now(), first_contact_used_ms = ${2 * H}, first_contact_due_at = null,
       used_ms = ${50 * H}, running_since = null, resolution_due_at = null, resolved_at = now(), closed_at = now()`,
    );
    // … and one waiting for the customer (paused) with time left: open, not breached.
    await caseIn(
      south.id,
      `status = 'waiting_customer', first_contacted_at = now(), first_contact_used_ms = ${0.5 * H},
       first_contact_due_at = null, used_ms = ${5 * H}, running_since = null, resolution_due_at = null`,
    );

    const res = await admin.get(`/api/v1/cases/overview?departmentId=${region.id}`);
    expect(res.statusCode).toBe(200);
    const overview = res.json();
    expect(overview).toMatchObject({
      total: 6,
      open: 4,
      overdue: 1,
      breached: 3,
      firstContactBreaches: 2,
      resolutionBreaches: 1,
      firstContacts: 4,
      // (3 + 1 + 2 + 0.5) / 4 hours
      averageFirstContactMs: 1.625 * H,
    });
    expect(overview.byTeam).toEqual([
      {
        departmentId: north.id,
        departmentName: north.name,
        total: 3,
        open: 3,
        overdue: 1,
        breached: 2,
        firstContactBreaches: 2,
        resolutionBreaches: 0,
      },
      {
        departmentId: south.id,
        departmentName: south.name,
        total: 3,
        open: 1,
        overdue: 0,
        breached: 1,
        firstContactBreaches: 0,
        resolutionBreaches: 1,
      },
    ]);

    // One team's filter; a supervisor of the south team sees only its cases (scope as the list), an engineer none.
    const onlyNorth = (await admin.get(`/api/v1/cases/overview?departmentId=${north.id}`)).json();
    expect(onlyNorth).toMatchObject({ total: 3, breached: 2, averageFirstContactMs: 3 * H });
    const southSupervisor = await t.loginAs(['supervisor'], { departmentId: south.id });
    const scoped = (await southSupervisor.get('/api/v1/cases/overview')).json();
    expect(scoped).toMatchObject({ total: 3, open: 1, breached: 1, resolutionBreaches: 1 });
    expect(scoped.byTeam.map((row: { departmentId: string }) => row.departmentId)).toEqual([south.id]);
    const engineer = await t.loginAs(['engineer']);
    expect((await engineer.get('/api/v1/cases/overview')).statusCode).toBe(403);
    expect((await admin.get('/api/v1/cases/overview?departmentId=nope')).statusCode).toBe(400);
  });

  it('answers zeros and no average before any case', async () => {
    const empty = await departmentFactory(t.ctx.db);
    const overview = (await admin.get(`/api/v1/cases/overview?departmentId=${empty.id}`)).json();
    expect(overview).toEqual({
      total: 0,
      open: 0,
      overdue: 0,
      breached: 0,
      firstContactBreaches: 0,
      resolutionBreaches: 0,
      firstContacts: 0,
      averageFirstContactMs: null,
      byTeam: [],
    });
  });
});
