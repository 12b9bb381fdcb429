import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import { departmentFactory, employeeFactory, serviceTypeFactory } from '../../../../test/support/factories.js';

let t: TestApp;
let admin: TestClient;
beforeAll(async () => {
  t = await createTestApp({ work: true });
  admin = await t.loginAs(['admin']);
});
afterAll(async () => {
  await t?.close();
});

async function runImport(csv: string, mode: 'all_or_nothing' | 'valid_rows') {
  const res = await admin.post('/api/v1/work-order-imports', { csv, mode });
  expect(res.statusCode, res.body).toBe(202);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const body = (await admin.get(`/api/v1/work-order-imports/${res.json().id}`)).json();
    if (body.status === 'succeeded' || body.status === 'failed') return body;
    if (Date.now() > deadline) throw new Error(`import still ${body.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('work-order CSV import', () => {
  it('reports every bad row with its line and column; valid_rows imports the rest; externalId upserts', async () => {
    const st = await serviceTypeFactory(t.ctx.db, { code: `imp-${Date.now()}` });
    await admin.request({
      method: 'PUT',
      url: `/api/v1/service-types/${st.id}/workflow`,
      payload: {
        nodes: [],
        fieldDefinitions: [{ key: 'hours', label: { 'zh-CN': '工时', en: 'Hours' }, type: 'number', required: true }],
      },
    });
    const dept = await departmentFactory(t.ctx.db);
    const eng = await employeeFactory(t.ctx.db);
    const csv = [
      'externalId,subject,serviceType,customerName,customerPhone,engineers,department,priority,custom.hours',
      `X-1,维修,${st.code},王五,13800001111,${eng.employeeNo},${dept.code},high,2`,
      `X-2,,${st.code},,,,,,1`,
      `X-3,检查,no-such-type,,,,,,1`,
      `X-4,检查,${st.code},,abc,E-none,nowhere,asap,lots`,
      `X-5,检查,${st.code},,,,,,`,
    ].join('\n');
    const strict = await runImport(csv, 'all_or_nothing');
    expect(strict.status).toBe('failed');
    expect(strict.created).toBe(0);
    // Line, column and the field error code the console translates (the same codes the API answers with).
    const errs = strict.errors.map(
      (e: { line: number; field: string; code: string }) => `${e.line}:${e.field}:${e.code}`,
    );
    expect(errs).toEqual(
      expect.arrayContaining([
        '3:subject:required',
        '4:serviceType:not_found',
        '5:customerPhone:invalid_phone',
        '5:engineers:not_found',
        '5:department:not_found',
        '5:priority:invalid_choice',
      ]),
    );
    expect(strict.errors).toEqual(
      expect.arrayContaining([
        {
          line: 4,
          field: 'serviceType',
          message: 'unknown service type "no-such-type"',
          code: 'not_found',
          params: { value: 'no-such-type' },
        },
        {
          line: 5,
          field: 'priority',
          message: expect.any(String),
          code: 'invalid_choice',
          params: { values: 'low, normal, high, urgent' },
        },
      ]),
    );

    const lenient = await runImport(csv, 'valid_rows');
    expect(lenient.status).toBe('succeeded');
    expect(lenient).toMatchObject({ total: 5, created: 1, updated: 0 });
    expect(
      lenient.errors.map((e: { line: number; field: string; code: string }) => `${e.line}:${e.field}:${e.code}`),
    ).toEqual(expect.arrayContaining(['5:custom.hours:invalid_type', '6:custom.hours:required']));
    const list = (await admin.get('/api/v1/work-orders?q=X-1')).json();
    expect(list.items[0]).toMatchObject({
      externalId: 'X-1',
      priority: 'high',
      custom: { hours: 2 },
      engineers: [{ id: eng.id }],
      department: { id: dept.id },
      customer: { name: '王五', phone: '13800001111' },
    });
    const again = await runImport(
      `externalId,subject,serviceType,custom.hours\nX-1,维修（改）,${st.code},3\n`,
      'all_or_nothing',
    );
    expect(again).toMatchObject({ status: 'succeeded', created: 0, updated: 1 });
  });

  it('rejects a file with a bad header on line 1', async () => {
    const res = await runImport('subject,colour\nx,red\n', 'all_or_nothing');
    expect(res.status).toBe('failed');
    expect(res.errors).toEqual([
      {
        line: 1,
        field: null,
        message: 'unknown column(s): "colour"',
        code: 'unknown_columns',
        params: { columns: '"colour"' },
      },
      {
        line: 1,
        field: null,
        message: 'missing column(s): serviceType',
        code: 'missing_columns',
        params: { columns: 'serviceType' },
      },
    ]);
  });
});
