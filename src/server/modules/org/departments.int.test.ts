import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import { departmentFactory, employeeFactory } from '../../../../test/support/factories.js';
import { departmentAncestors, departmentSubtree } from './departments.service.js';

let t: TestApp;
let admin: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
});
afterAll(async () => {
  await t?.close();
});

const auditOf = async (entityId: string) =>
  (await admin.get(`/api/v1/audit-events?entityId=${entityId}`)).json().items as {
    action: string;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
  }[];

describe('departments CRUD', () => {
  it('creates, reads, lists, updates and deletes, auditing each change with before/after', async () => {
    const manager = await employeeFactory(t.ctx.db, { name: 'Mia Manager' });
    const region = await admin.post('/api/v1/departments', { name: 'East Region', code: 'EAST', kind: 'region' });
    expect(region.statusCode).toBe(201);
    const regionId = region.json().id;
    const team = await admin.post('/api/v1/departments', {
      name: 'Team Shanghai',
      kind: 'team',
      parentId: regionId,
      managerId: manager.id,
    });
    expect(team.statusCode).toBe(201);
    expect(team.json()).toMatchObject({
      name: 'Team Shanghai',
      code: null,
      kind: 'team',
      parentId: regionId,
      managerId: manager.id,
      managerName: 'Mia Manager',
      employeeCount: 0,
    });
    const teamId = team.json().id;
    await employeeFactory(t.ctx.db, { departmentId: teamId });

    const one = await admin.get(`/api/v1/departments/${teamId}`);
    expect(one.statusCode).toBe(200);
    expect(one.json().employeeCount).toBe(1);
    expect(one.json().createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    const list = await admin.get('/api/v1/departments?limit=500');
    expect(list.statusCode).toBe(200);
    const names = list.json().items.map((d: { name: string }) => d.name);
    expect(names).toEqual(expect.arrayContaining(['East Region', 'Team Shanghai']));

    const renamed = await admin.patch(`/api/v1/departments/${teamId}`, {
      name: 'Team Shanghai North',
      managerId: null,
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({
      name: 'Team Shanghai North',
      managerId: null,
      managerName: null,
      parentId: regionId,
    });

    const audit = await auditOf(teamId);
    expect(audit.map((e) => e.action)).toEqual(['department.updated', 'department.created']);
    expect(audit[0]!.before).toMatchObject({ name: 'Team Shanghai', managerId: manager.id });
    expect(audit[0]!.after).toMatchObject({ name: 'Team Shanghai North', managerId: null });

    const empty = await departmentFactory(t.ctx.db, { parentId: regionId });
    expect((await admin.delete(`/api/v1/departments/${empty.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/departments/${empty.id}`)).statusCode).toBe(404);
    expect((await auditOf(empty.id)).map((e) => e.action)).toEqual(['department.deleted', 'department.created']);
  });

  it('pages with an opaque cursor in name order', async () => {
    const prefix = `Paged ${Date.now()}`;
    for (const n of ['c', 'a', 'b', 'd', 'e']) await departmentFactory(t.ctx.db, { name: `${prefix} ${n}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/departments?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await admin.get(url)).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((d: { name: string }) => d.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.filter((n) => n.startsWith(prefix))).toEqual(['a', 'b', 'c', 'd', 'e'].map((n) => `${prefix} ${n}`));
    expect(new Set(seen).size).toBe(seen.length);
    expect((await admin.get('/api/v1/departments?cursor=garbage')).statusCode).toBe(400);
  });
});

describe('tree rules', () => {
  it('refuses an unknown parent or manager with a 400 naming the field', async () => {
    const parent = await admin.post('/api/v1/departments', {
      name: 'Orphan',
      kind: 'team',
      parentId: '00000000-0000-4000-8000-000000000000',
    });
    expect(parent.statusCode).toBe(400);
    expect(parent.json().errors).toEqual([{ path: 'parentId', message: 'no such department', code: 'not_found' }]);

    const manager = await admin.post('/api/v1/departments', {
      name: 'Managed',
      kind: 'team',
      managerId: '00000000-0000-4000-8000-000000000000',
    });
    expect(manager.statusCode).toBe(400);
    expect(manager.json().errors).toEqual([{ path: 'managerId', message: 'no such employee', code: 'not_found' }]);

    const kind = await admin.post('/api/v1/departments', { name: 'Bad kind', kind: 'galaxy' });
    expect(kind.statusCode).toBe(400);
    expect(kind.json().errors[0].path).toBe('kind');
  });

  it('keeps codes unique (409 naming code), on create and on update', async () => {
    await departmentFactory(t.ctx.db, { code: 'UNIQ-1' });
    const dup = await admin.post('/api/v1/departments', { name: 'Another', code: 'UNIQ-1', kind: 'team' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors).toEqual([{ path: 'code', message: 'is already used', code: 'is_taken' }]);
    const other = await departmentFactory(t.ctx.db);
    const clash = await admin.patch(`/api/v1/departments/${other.id}`, { code: 'UNIQ-1' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().errors[0].path).toBe('code');
    // Keeping its own code is not a clash.
    expect((await admin.patch(`/api/v1/departments/${other.id}`, { code: other.code })).statusCode).toBe(200);
  });

  it('refuses to move a department under itself or its descendants (409)', async () => {
    const root = await departmentFactory(t.ctx.db, { kind: 'region' });
    const child = await departmentFactory(t.ctx.db, { parentId: root.id, kind: 'team' });
    const grandchild = await departmentFactory(t.ctx.db, { parentId: child.id });

    const self = await admin.patch(`/api/v1/departments/${root.id}`, { parentId: root.id });
    expect(self.statusCode).toBe(409);
    expect(self.json().errors).toEqual([{ path: 'parentId', message: 'would create a cycle', code: 'cycle' }]);
    const below = await admin.patch(`/api/v1/departments/${root.id}`, { parentId: grandchild.id });
    expect(below.statusCode).toBe(409);
    expect(below.json().type).toMatch(/department-cycle$/);

    // Moving a leaf elsewhere, and back to the root level, is fine.
    const other = await departmentFactory(t.ctx.db);
    expect((await admin.patch(`/api/v1/departments/${grandchild.id}`, { parentId: other.id })).json().parentId).toBe(
      other.id,
    );
    expect((await admin.patch(`/api/v1/departments/${grandchild.id}`, { parentId: null })).json().parentId).toBeNull();
  });

  it('refuses to delete a department with sub-departments or employees (409)', async () => {
    const parent = await departmentFactory(t.ctx.db);
    const child = await departmentFactory(t.ctx.db, { parentId: parent.id });
    const withKids = await admin.delete(`/api/v1/departments/${parent.id}`);
    expect(withKids.statusCode).toBe(409);
    expect(withKids.json().detail).toMatch(/sub-departments/);

    await employeeFactory(t.ctx.db, { departmentId: child.id });
    const withStaff = await admin.delete(`/api/v1/departments/${child.id}`);
    expect(withStaff.statusCode).toBe(409);
    expect(withStaff.json().detail).toMatch(/1 employee/);
    expect((await admin.delete('/api/v1/departments/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});

describe('departmentAncestors / departmentSubtree', () => {
  it('walks up nearest first and down through every level', async () => {
    const region = await departmentFactory(t.ctx.db, { kind: 'region' });
    const team = await departmentFactory(t.ctx.db, { kind: 'team', parentId: region.id });
    const unit = await departmentFactory(t.ctx.db, { parentId: team.id });
    const sibling = await departmentFactory(t.ctx.db, { kind: 'team', parentId: region.id });

    expect(await departmentAncestors(t.ctx.db, unit.id)).toEqual([unit.id, team.id, region.id]);
    expect(await departmentAncestors(t.ctx.db, region.id)).toEqual([region.id]);
    expect(await departmentAncestors(t.ctx.db, '00000000-0000-4000-8000-000000000000')).toEqual([]);

    const subtree = await departmentSubtree(t.ctx.db, region.id);
    expect(subtree[0]).toBe(region.id);
    expect([...subtree].sort()).toEqual([region.id, team.id, unit.id, sibling.id].sort());
    expect(await departmentSubtree(t.ctx.db, unit.id)).toEqual([unit.id]);
  });
});
