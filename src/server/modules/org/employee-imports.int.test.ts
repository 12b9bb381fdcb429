import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import { departmentFactory, employeeFactory } from '../../../../test/support/factories.js';

let t: TestApp;
let admin: TestClient & { employeeId: string };
beforeAll(async () => {
  t = await createTestApp({ work: true });
  admin = await t.loginAs(['admin']);
  await departmentFactory(t.ctx.db, { name: 'East Region', code: 'EAST', kind: 'region' });
  await departmentFactory(t.ctx.db, { name: 'West Team', code: null, kind: 'team' });
  await employeeFactory(t.ctx.db, { employeeNo: 'EXIST-1' });
});
afterAll(async () => {
  await t?.close();
});

interface ImportView {
  id: string;
  status: string;
  total: number;
  processed: number;
  imported: number;
  errors: { line: number; field: string | null; message: string; code: string | null }[];
}

async function runImport(client: TestClient, csv: string, mode: 'all_or_nothing' | 'valid_rows'): Promise<ImportView> {
  const created = await client.post('/api/v1/employee-imports', { csv, mode });
  expect(created.statusCode).toBe(202);
  expect(created.json()).toMatchObject({ status: 'queued', total: 0, processed: 0, imported: 0, errors: [] });
  return waitForImport(client, created.json().id);
}

async function waitForImport(client: TestClient, id: string, timeoutMs = 20_000): Promise<ImportView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await client.get(`/api/v1/employee-imports/${id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as ImportView;
    if (body.status === 'succeeded' || body.status === 'failed') return body;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${body.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const HEADER = 'employeeNo,name,department,phone,email,roles,active';

const employeeByNo = async (no: string) => {
  const items = (await admin.get(`/api/v1/employees?q=${encodeURIComponent(no)}`)).json().items as {
    employeeNo: string;
    name: string;
    departmentName: string | null;
    roles: string[];
    active: boolean;
    phone: string | null;
    email: string | null;
  }[];
  return items.find((e) => e.employeeNo === no);
};

describe('CSV import of employees', () => {
  it('imports a good file and records one audit event with the counts', async () => {
    const csv = [
      HEADER,
      'G-001,Zhang San,EAST,13800000000,zhang@example.com,engineer|supervisor,true',
      'G-002,Li Si,West Team,,,engineer;analyst,no',
      'G-003,Wang Wu,,,,,',
    ].join('\n');
    const result = await runImport(admin, csv, 'all_or_nothing');
    expect(result).toMatchObject({ status: 'succeeded', total: 3, processed: 3, imported: 3, errors: [] });

    expect(await employeeByNo('G-001')).toMatchObject({
      name: 'Zhang San',
      departmentName: 'East Region',
      phone: '13800000000',
      email: 'zhang@example.com',
      roles: ['engineer', 'supervisor'],
      active: true,
    });
    expect(await employeeByNo('G-002')).toMatchObject({
      departmentName: 'West Team',
      roles: ['engineer', 'analyst'],
      active: false,
    });
    expect(await employeeByNo('G-003')).toMatchObject({ departmentName: null, roles: [], active: true, phone: null });

    const audit = (await admin.get('/api/v1/audit-events?action=employee.imported')).json().items;
    const mine = audit.filter((e: { entityId: string }) => e.entityId === result.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      actorType: 'user',
      actorId: admin.employeeId,
      entityType: 'employee_import',
      after: { mode: 'all_or_nothing', total: 3, imported: 3, errors: 0 },
    });
    const perRow = (await admin.get('/api/v1/audit-events?action=employee.created&limit=500')).json().items;
    expect(JSON.stringify(perRow)).not.toContain('G-001');
  });

  const badFile = (p: string) =>
    [
      HEADER, // line 1
      `${p}-001,Good One,EAST,,,engineer,true`, // 2
      `${p}-002,,EAST,,,engineer,true`, // 3: no name
      `${p}-003,Bad Dept,NOWHERE,,,engineer,`, // 4
      `${p}-004,Bad Role,,,,engineer;wizard,`, // 5
      `${p}-005,Bad Mail,,,not-mail,,`, // 6
      `${p}-006,Bad Phone,,abc,,,`, // 7
      `${p}-001,Dup,,,,,`, // 8: duplicates line 2
      'EXIST-1,Exists,,,,,', // 9: already in the database
      `${p}-007,Short,row`, // 10: 3 columns
      `${p}-008,Good Two,,,,,yes`, // 11
      `${p}-009,Bad Active,,,,,maybe`, // 12
    ].join('\r\n');
  // Each error carries a field error code with its params (translated by the console); the message stays English.
  const expectedErrors = () => [
    { line: 3, field: 'name', message: 'is required', code: 'required' },
    {
      line: 4,
      field: 'department',
      message: 'unknown department "NOWHERE"',
      code: 'not_found',
      params: { value: 'NOWHERE' },
    },
    {
      line: 5,
      field: 'roles',
      message: 'unknown role "wizard"',
      code: 'invalid_choice',
      params: { values: 'admin, supervisor, engineer, follow_up_agent, analyst', value: 'wizard' },
    },
    { line: 6, field: 'email', message: 'is not a valid email address', code: 'invalid_email' },
    { line: 7, field: 'phone', message: 'is not a valid phone number', code: 'invalid_phone' },
    { line: 8, field: 'employeeNo', message: 'duplicates line 2', code: 'duplicate_of_line', params: { line: 2 } },
    {
      line: 9,
      field: 'employeeNo',
      message: '"EXIST-1" already exists',
      code: 'is_taken',
      params: { value: 'EXIST-1' },
    },
    {
      line: 10,
      field: null,
      message: 'expected 7 columns, found 3',
      code: 'wrong_column_count',
      params: { expected: 7, found: 3 },
    },
    {
      line: 12,
      field: 'active',
      message: 'must be true/false, 1/0 or yes/no',
      code: 'invalid_choice',
      params: { values: 'true, false, 1, 0, yes, no' },
    },
  ];

  it('all_or_nothing: several bad rows → failed, every error reported with its line, nothing imported', async () => {
    const result = await runImport(admin, badFile('AN'), 'all_or_nothing');
    expect(result.status).toBe('failed');
    expect(result).toMatchObject({ total: 11, processed: 11, imported: 0 });
    expect(result.errors).toEqual(expectedErrors());
    expect(await employeeByNo('AN-001')).toBeUndefined();
    expect(await employeeByNo('AN-008')).toBeUndefined();
    const audit = (await admin.get('/api/v1/audit-events?action=employee.imported')).json().items;
    expect(audit.some((e: { entityId: string }) => e.entityId === result.id)).toBe(false);
  });

  it('valid_rows: imports the good rows and reports the bad ones', async () => {
    const result = await runImport(admin, badFile('VR'), 'valid_rows');
    expect(result).toMatchObject({ status: 'succeeded', total: 11, processed: 11, imported: 2 });
    expect(result.errors).toEqual(expectedErrors());
    expect(await employeeByNo('VR-001')).toMatchObject({ name: 'Good One', departmentName: 'East Region' });
    expect(await employeeByNo('VR-008')).toMatchObject({ name: 'Good Two', active: true });
    expect(await employeeByNo('VR-003')).toBeUndefined();
    const audit = (await admin.get('/api/v1/audit-events?action=employee.imported')).json().items;
    const mine = audit.filter((e: { entityId: string }) => e.entityId === result.id);
    expect(mine).toHaveLength(1);
    expect(mine[0].after).toMatchObject({ mode: 'valid_rows', total: 11, imported: 2, rejected: 9, errors: 9 });
  });

  it('a bad header is reported on line 1 (one error per kind) and imports nothing, whatever the mode', async () => {
    const csv = ['employeeNo,name,dept,phone,email,roles', 'H-001,Header Test,,,,'].join('\n');
    const result = await runImport(admin, csv, 'valid_rows');
    expect(result.status).toBe('failed');
    expect(result.imported).toBe(0);
    expect(result.errors).toEqual([
      {
        line: 1,
        field: null,
        message: 'unknown column(s): "dept"',
        code: 'unknown_columns',
        params: { columns: '"dept"' },
      },
      {
        line: 1,
        field: null,
        message: 'missing column(s): department, active (expected employeeNo,name,department,phone,email,roles,active)',
        code: 'missing_columns',
        params: { columns: 'department, active' },
      },
    ]);
    expect(await employeeByNo('H-001')).toBeUndefined();
  });

  it('handles a UTF-8 BOM, CRLF, any header order and case, quoted fields with commas, quotes and line breaks', async () => {
    const csv =
      '\uFEFFName,EMPLOYEENO,Department,Phone,Email,Roles,Active\r\n' + // 1
      '"Zhao, Liu",Q-001,EAST,,,"engineer;supervisor",TRUE\r\n' + // 2
      '"Multi\r\nLine ""Quoted""",Q-002,,,,,\r\n' + // 3–4
      '\r\n' + // 5: blank, skipped
      '张伟,Q-003,,,,wizard,\r\n' + // 6
      '王芳,Q-004,West Team,+86 (21) 5555-0101,wang@example.com,,0\r\n'; // 7
    const result = await runImport(admin, csv, 'valid_rows');
    expect(result).toMatchObject({ status: 'succeeded', total: 4, imported: 3 });
    expect(result.errors).toMatchObject([
      { line: 6, field: 'roles', code: 'invalid_choice', params: { value: 'wizard' } },
    ]);
    expect(await employeeByNo('Q-001')).toMatchObject({
      name: 'Zhao, Liu',
      roles: ['engineer', 'supervisor'],
      active: true,
    });
    expect((await employeeByNo('Q-002'))?.name).toBe('Multi\r\nLine "Quoted"');
    expect(await employeeByNo('Q-004')).toMatchObject({ name: '王芳', departmentName: 'West Team', active: false });
  });

  it('reports broken CSV syntax and a header-only file sensibly, and counts progress on larger files', async () => {
    const broken = await runImport(admin, `${HEADER}\nX-1,"unclosed,,,,,\n`, 'valid_rows');
    expect(broken.status).toBe('failed');
    expect(broken.errors).toHaveLength(1);
    expect(broken.errors[0]!.message).toMatch(/^the file is not valid CSV/);
    expect(broken.errors[0]!.code).toBe('invalid_csv');

    const headerOnly = await runImport(admin, `${HEADER}\n`, 'all_or_nothing');
    expect(headerOnly).toMatchObject({ status: 'succeeded', total: 0, imported: 0, errors: [] });

    const rows = Array.from({ length: 250 }, (_, i) => `BULK-${String(i).padStart(4, '0')},Bulk ${i},EAST,,,engineer,`);
    const bulk = await runImport(admin, [HEADER, ...rows].join('\n'), 'all_or_nothing');
    expect(bulk).toMatchObject({ status: 'succeeded', total: 250, processed: 250, imported: 250 });
    expect((await admin.get('/api/v1/employees?q=BULK-&limit=1')).json().total).toBe(250);

    // Past 1000 errors the rest are counted in one coded line, which the console translates too.
    const empty = await runImport(
      admin,
      [HEADER, ...Array.from({ length: 1003 }, (_, i) => `NONAME-${i},,,,,,`)].join('\n'),
      'all_or_nothing',
    );
    expect(empty.status).toBe('failed');
    expect(empty.errors).toHaveLength(1001);
    expect(empty.errors.at(-1)).toEqual({
      line: 1004,
      field: null,
      message: '3 more errors not shown',
      code: 'more_errors',
      params: { count: 3 },
    });
  });

  it('validates the request and needs org.write', async () => {
    const bad = await admin.post('/api/v1/employee-imports', { csv: HEADER, mode: 'some' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('mode');
    const huge = await admin.post('/api/v1/employee-imports', {
      csv: 'x'.repeat(10 * 1024 * 1024 + 1),
      mode: 'valid_rows',
    });
    expect(huge.statusCode).toBe(400);
    expect(huge.json().errors[0]).toEqual({
      path: 'csv',
      message: 'must be at most 10 MB',
      code: 'too_long',
      params: { max: 10 * 1024 * 1024 },
    });
    const supervisor = await t.loginAs(['supervisor']);
    expect((await supervisor.post('/api/v1/employee-imports', { csv: HEADER, mode: 'valid_rows' })).statusCode).toBe(
      403,
    );
    expect((await admin.get('/api/v1/employee-imports/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});

describe('durability', () => {
  it('stays queued while no worker runs, and completes once one starts', async () => {
    const quiet = await createTestApp();
    try {
      const me = await quiet.loginAs(['admin']);
      const created = await me.post('/api/v1/employee-imports', {
        csv: `${HEADER}\nD-001,Durable,,,,,`,
        mode: 'valid_rows',
      });
      expect(created.statusCode).toBe(202);
      await new Promise((r) => setTimeout(r, 1200));
      expect((await me.get(`/api/v1/employee-imports/${created.json().id}`)).json().status).toBe('queued');
      await quiet.ctx.jobs.work();
      expect(await waitForImport(me, created.json().id)).toMatchObject({ status: 'succeeded', imported: 1 });
    } finally {
      await quiet.close();
    }
  });
});
