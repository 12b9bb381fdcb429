import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { departmentFactory, employeeFactory } from '../../../../test/support/factories.js';
import { SYSTEM_ACTOR } from '../../http/principal.js';
import { updateDepartment } from './departments.service.js';
import { updateEmployee } from './employees.service.js';
import { managementChain } from './management-chain.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('managementChain (routing and escalation)', () => {
  it('walks up past departments without an (active) manager, names each person once, then the admins', async () => {
    const db = t.ctx.db;
    const admin = await employeeFactory(db, { roles: ['admin'] });
    const director = await employeeFactory(db, { roles: ['supervisor'] });
    const regional = await employeeFactory(db, { roles: ['supervisor'] });
    const lead = await employeeFactory(db, { roles: ['supervisor'] });
    const company = await departmentFactory(db, { managerId: director.id });
    const region = await departmentFactory(db, { kind: 'region', parentId: company.id, managerId: regional.id });
    const team = await departmentFactory(db, { kind: 'team', parentId: region.id });
    const squad = await departmentFactory(db, { parentId: team.id, managerId: lead.id });

    const chain = await managementChain(db, squad.id);
    const managers = chain.filter((s) => s.kind === 'manager');
    expect(managers).toEqual([
      { employeeId: lead.id, departmentId: squad.id, kind: 'manager' },
      { employeeId: regional.id, departmentId: region.id, kind: 'manager' },
      { employeeId: director.id, departmentId: company.id, kind: 'manager' },
    ]);
    expect(chain.slice(managers.length).map((s) => s.kind)).toEqual(chain.slice(managers.length).map(() => 'admin'));
    expect(chain.some((s) => s.employeeId === admin.id && s.departmentId === null)).toBe(true);

    // The team has no manager: its region's manager answers for it.
    expect((await managementChain(db, team.id))[0]).toMatchObject({ employeeId: regional.id, departmentId: region.id });

    // An inactive manager is skipped; a person managing two levels is named once, at the lower one.
    await updateEmployee(db, SYSTEM_ACTOR, regional.id, { active: false });
    await updateDepartment(db, SYSTEM_ACTOR, company.id, { managerId: lead.id });
    const after = await managementChain(db, squad.id);
    expect(after.filter((s) => s.kind === 'manager').map((s) => s.employeeId)).toEqual([lead.id]);

    // No department: straight to the administrators.
    expect((await managementChain(db, null)).every((s) => s.kind === 'admin')).toBe(true);
  });
});
