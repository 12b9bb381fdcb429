import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import { departmentFactory, employeeFactory } from '../../../../test/support/factories.js';

let t: TestApp;
let admin: TestClient & { employeeId: string };
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
});
afterAll(async () => {
  await t?.close();
});

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
type Item = { employeeNo: string; id: string; name: string };

describe('employees CRUD', () => {
  it('creates with a login whose initial password must be changed, reads and updates, auditing each change', async () => {
    const dep = await departmentFactory(t.ctx.db, { name: 'Crud Team' });
    const created = await admin.post('/api/v1/employees', {
      employeeNo: 'CRUD-001',
      name: 'Li Lei',
      departmentId: dep.id,
      phone: '+86 138 0000 0000',
      email: 'li.lei@example.com',
      roles: ['engineer', 'supervisor', 'engineer'],
      login: { username: 'lilei' },
    });
    expect(created.statusCode).toBe(201);
    const { employee, initialPassword } = created.json();
    expect(employee).toMatchObject({
      employeeNo: 'CRUD-001',
      name: 'Li Lei',
      departmentId: dep.id,
      departmentName: 'Crud Team',
      phone: '+86 138 0000 0000',
      email: 'li.lei@example.com',
      roles: ['engineer', 'supervisor'],
      active: true,
      username: 'lilei',
    });
    expect(initialPassword).toEqual(expect.any(String));
    expect(initialPassword.length).toBeGreaterThanOrEqual(10);

    const login = await t.anon.post('/api/v1/auth/login', { username: 'lilei', password: initialPassword });
    expect(login.statusCode).toBe(200);
    expect(login.json().mustChangePassword).toBe(true);

    const noLogin = await admin.post('/api/v1/employees', { employeeNo: 'CRUD-002', name: 'Han Meimei', roles: [] });
    expect(noLogin.statusCode).toBe(201);
    expect(noLogin.json()).toMatchObject({
      initialPassword: null,
      employee: { username: null, roles: [], departmentId: null },
    });

    const read = await admin.get(`/api/v1/employees/${employee.id}`);
    expect(read.json()).toEqual(employee);
    expect((await admin.get(`/api/v1/employees/${NO_SUCH_ID}`)).statusCode).toBe(404);

    const patched = await admin.patch(`/api/v1/employees/${employee.id}`, {
      name: 'Li Lei Jr',
      departmentId: null,
      phone: null,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      name: 'Li Lei Jr',
      departmentId: null,
      departmentName: null,
      phone: null,
      username: 'lilei',
    });

    const audit = (await admin.get(`/api/v1/audit-events?entityType=employee&entityId=${employee.id}`)).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['employee.updated', 'employee.created']);
    expect(audit[0].before).toMatchObject({ name: 'Li Lei', departmentId: dep.id });
    expect(audit[0].after).toMatchObject({ name: 'Li Lei Jr', departmentId: null });
    expect(audit[1].after).toMatchObject({ employeeNo: 'CRUD-001', username: 'lilei' });
    expect(audit[0].actorId).toBe(admin.employeeId);
  });

  it('names the field of every validation error', async () => {
    const bad = await admin.post('/api/v1/employees', {
      employeeNo: '',
      name: 'X',
      email: 'not-an-email',
      phone: 'call me',
      roles: ['wizard'],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const paths = bad
      .json()
      .errors.map((e: { path: string }) => e.path)
      .sort();
    expect(paths).toEqual(['email', 'employeeNo', 'phone', 'roles.0']);
    const email = bad.json().errors.find((e: { path: string }) => e.path === 'email');
    expect(email.message).toBe('is not a valid email address');

    const tooLong = await admin.post('/api/v1/employees', { employeeNo: 'x'.repeat(51), name: 'X', roles: [] });
    expect(tooLong.json().errors[0].path).toBe('employeeNo');

    const dep = await admin.post('/api/v1/employees', {
      employeeNo: 'VAL-1',
      name: 'X',
      roles: [],
      departmentId: NO_SUCH_ID,
    });
    expect(dep.statusCode).toBe(400);
    expect(dep.json().errors).toEqual([{ path: 'departmentId', message: 'no such department', code: 'not_found' }]);

    await employeeFactory(t.ctx.db, { employeeNo: 'VAL-DUP' });
    const dup = await admin.post('/api/v1/employees', { employeeNo: 'VAL-DUP', name: 'X', roles: [] });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors).toEqual([{ path: 'employeeNo', message: 'is already used', code: 'is_taken' }]);
    const other = await employeeFactory(t.ctx.db);
    const dupPatch = await admin.patch(`/api/v1/employees/${other.id}`, { employeeNo: 'VAL-DUP' });
    expect(dupPatch.statusCode).toBe(409);
    expect(dupPatch.json().errors[0].path).toBe('employeeNo');

    const takenLogin = await admin.post('/api/v1/employees', {
      employeeNo: 'VAL-2',
      name: 'X',
      roles: [],
      login: { username: 'LILEI' },
    });
    expect(takenLogin.statusCode).toBe(409);
    expect(takenLogin.json().errors[0].path).toBe('login.username');
    // Nothing half-created: the employee number is still free.
    expect((await admin.get('/api/v1/employees?q=VAL-2')).json().total).toBe(0);
  });
});

describe('search, filters and pagination', () => {
  let region: { id: string };
  let team: { id: string };
  beforeAll(async () => {
    region = await departmentFactory(t.ctx.db, { kind: 'region' });
    team = await departmentFactory(t.ctx.db, { kind: 'team', parentId: region.id });
    const seed = [
      {
        employeeNo: 'S-001',
        name: 'Alice Wong',
        email: 'alice@corp.example',
        departmentId: region.id,
        roles: ['supervisor'],
      },
      { employeeNo: 'S-002', name: 'Bob 50%_off', phone: '021-5555 0101', departmentId: team.id, roles: ['engineer'] },
      { employeeNo: 'S-003', name: 'Carol', departmentId: team.id, roles: ['engineer'], active: false },
      { employeeNo: 'S-004', name: 'Dave', departmentId: team.id, roles: ['engineer', 'analyst'] },
      { employeeNo: 'S-005', name: 'Eve', roles: ['follow_up_agent'] },
    ];
    for (const e of seed) await employeeFactory(t.ctx.db, e);
  });

  const list = async (query: string) => {
    const res = await admin.get(`/api/v1/employees?${query}`);
    expect(res.statusCode).toBe(200);
    return res.json() as { items: Item[]; nextCursor: string | null; total: number };
  };
  const nos = (page: { items: Item[] }) => page.items.map((e) => e.employeeNo);

  it('searches name, number, phone and e-mail case-insensitively, treating % and _ literally', async () => {
    expect(nos(await list('q=ALICE'))).toEqual(['S-001']);
    expect(nos(await list('q=s-00'))).toEqual(['S-001', 'S-002', 'S-003', 'S-004', 'S-005']);
    expect(nos(await list('q=5555'))).toEqual(['S-002']);
    expect(nos(await list('q=corp.example'))).toEqual(['S-001']);
    expect(nos(await list(`q=${encodeURIComponent('50%_')}`))).toEqual(['S-002']);
    expect((await list(`q=${encodeURIComponent('%')}`)).total).toBe(1);
    // `_` would match any character if not escaped ("S-00" has none where "0_o" needs a literal underscore).
    expect(nos(await list(`q=${encodeURIComponent('0%_o')}`))).toEqual(['S-002']);
    expect((await list(`q=${encodeURIComponent('S_001')}`)).total).toBe(0);
  });

  it('filters by department (with or without sub-departments), role and active', async () => {
    expect(nos(await list(`departmentId=${region.id}`))).toEqual(['S-001', 'S-002', 'S-003', 'S-004']);
    expect(nos(await list(`departmentId=${region.id}&includeSubDepartments=false`))).toEqual(['S-001']);
    expect(nos(await list(`departmentId=${team.id}&active=true`))).toEqual(['S-002', 'S-004']);
    expect(nos(await list(`departmentId=${team.id}&active=false`))).toEqual(['S-003']);
    expect(nos(await list('q=S-&role=engineer'))).toEqual(['S-002', 'S-003', 'S-004']);
    expect(nos(await list(`q=S-&role=analyst`))).toEqual(['S-004']);
    expect((await list(`departmentId=${NO_SUCH_ID}`)).total).toBe(0);
    expect((await admin.get('/api/v1/employees?role=wizard')).statusCode).toBe(400);
    expect((await admin.get('/api/v1/employees?active=maybe')).statusCode).toBe(400);
  });

  it('pages with a keyset cursor and with offset, always with the total', async () => {
    const first = await list('q=S-00&limit=2');
    expect(nos(first)).toEqual(['S-001', 'S-002']);
    expect(first.total).toBe(5);
    const second = await list(`q=S-00&limit=2&cursor=${first.nextCursor}`);
    expect(nos(second)).toEqual(['S-003', 'S-004']);
    expect(second.total).toBe(5);
    const third = await list(`q=S-00&limit=2&cursor=${second.nextCursor}`);
    expect(nos(third)).toEqual(['S-005']);
    expect(third.nextCursor).toBeNull();

    const byOffset = await list('q=S-00&limit=2&offset=2');
    expect(nos(byOffset)).toEqual(['S-003', 'S-004']);
    expect(byOffset.total).toBe(5);
    expect(byOffset.nextCursor).not.toBeNull();
    const lastPage = await list('q=S-00&limit=2&offset=4');
    expect(nos(lastPage)).toEqual(['S-005']);
    expect(lastPage.nextCursor).toBeNull();
    expect(nos(await list('q=S-00&limit=2&offset=10'))).toEqual([]);

    const both = await admin.get(`/api/v1/employees?limit=2&offset=2&cursor=${first.nextCursor}`);
    expect(both.statusCode).toBe(400);
    expect(both.json().errors[0].path).toBe('query.offset');
  });
});

describe('deactivation and self-lockout', () => {
  it('deactivating an employee ends their sessions', async () => {
    const victim = await t.loginAs(['supervisor']);
    expect((await victim.get('/api/v1/employees?limit=1')).statusCode).toBe(200);
    const count = async () =>
      (
        await t.ctx.database.sql.query<{ n: number }>(
          'select count(*)::int as n from sessions s join accounts a on a.id = s.account_id where a.employee_id = $1',
          [victim.employeeId],
        )
      ).rows[0]!.n;
    expect(await count()).toBe(1);

    const res = await admin.patch(`/api/v1/employees/${victim.employeeId}`, { active: false });
    expect(res.statusCode).toBe(200);
    expect(res.json().active).toBe(false);
    expect(await count()).toBe(0);
    expect((await victim.get('/api/v1/employees?limit=1')).statusCode).toBe(401);
    const audit = (await admin.get(`/api/v1/audit-events?entityId=${victim.employeeId}`)).json().items[0];
    expect(audit).toMatchObject({ action: 'employee.updated', before: { active: true }, after: { active: false } });
  });

  it('an admin cannot deactivate themself or drop their own admin role', async () => {
    const me = await t.loginAs(['admin', 'analyst']);
    const off = await me.patch(`/api/v1/employees/${me.employeeId}`, { active: false });
    expect(off.statusCode).toBe(409);
    expect(off.json().errors[0].path).toBe('active');
    const demote = await me.patch(`/api/v1/employees/${me.employeeId}`, { roles: ['analyst'] });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().type).toMatch(/self-lockout$/);
    // Other changes to oneself are fine, and another admin may demote them.
    expect(
      (await me.patch(`/api/v1/employees/${me.employeeId}`, { roles: ['admin'], name: 'Still Admin' })).statusCode,
    ).toBe(200);
    const byOther = await admin.patch(`/api/v1/employees/${me.employeeId}`, { roles: ['analyst'] });
    expect(byOther.statusCode).toBe(200);
    expect((await me.get('/api/v1/departments')).statusCode).toBe(200);
    expect((await me.post('/api/v1/departments', { name: 'Nope', kind: 'team' })).statusCode).toBe(403);
  });
});

describe('access', () => {
  it('an analyst reads but cannot write (403)', async () => {
    const analyst = await t.loginAs(['analyst']);
    const target = await employeeFactory(t.ctx.db);
    expect((await analyst.get('/api/v1/employees')).statusCode).toBe(200);
    expect((await analyst.get(`/api/v1/employees/${target.id}`)).statusCode).toBe(200);
    expect((await analyst.get('/api/v1/departments')).statusCode).toBe(200);
    expect((await analyst.get('/api/v1/service-types')).statusCode).toBe(200);
    expect((await analyst.post('/api/v1/employees', { employeeNo: 'A-1', name: 'X', roles: [] })).statusCode).toBe(403);
    expect((await analyst.patch(`/api/v1/employees/${target.id}`, { name: 'Y' })).statusCode).toBe(403);
    expect((await analyst.post('/api/v1/departments', { name: 'X', kind: 'team' })).statusCode).toBe(403);
    expect((await analyst.post('/api/v1/service-types', { name: 'X', code: 'x' })).statusCode).toBe(403);
    expect((await analyst.post('/api/v1/employee-imports', { csv: 'a', mode: 'valid_rows' })).statusCode).toBe(403);
  });

  it('an engineer cannot read the organisation', async () => {
    const engineer = await t.loginAs(['engineer']);
    expect((await engineer.get('/api/v1/employees')).statusCode).toBe(403);
    expect((await engineer.get('/api/v1/service-types')).statusCode).toBe(200);
    expect((await t.anon.get('/api/v1/employees')).statusCode).toBe(401);
  });

  it('an API key with org:read lists employees but cannot create them (403)', async () => {
    const key = (await admin.post('/api/v1/api-keys', { name: 'HR sync', scopes: ['org:read'] })).json().key;
    const integration = t.withApiKey(key);
    const listed = await integration.get('/api/v1/employees?limit=5');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().total).toBeGreaterThan(0);
    const create = await integration.post('/api/v1/employees', { employeeNo: 'K-1', name: 'X', roles: [] });
    expect(create.statusCode).toBe(403);
    expect(create.headers['content-type']).toContain('application/problem+json');
  });
});
