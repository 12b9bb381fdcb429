import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import { serviceTypeFactory } from '../../../../test/support/factories.js';

let t: TestApp;
let admin: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
});
afterAll(async () => {
  await t?.close();
});

describe('service types', () => {
  it('creates, reads, updates and retires (no delete), auditing each change', async () => {
    const created = await admin.post('/api/v1/service-types', {
      name: 'Installation',
      code: 'installation',
      description: 'New units',
    });
    expect(created.statusCode).toBe(201);
    const st = created.json();
    expect(st).toMatchObject({ name: 'Installation', code: 'installation', description: 'New units', active: true });
    expect((await admin.get(`/api/v1/service-types/${st.id}`)).json()).toEqual(st);

    const retired = await admin.patch(`/api/v1/service-types/${st.id}`, { active: false, description: null });
    expect(retired.statusCode).toBe(200);
    expect(retired.json()).toMatchObject({ active: false, description: null, code: 'installation' });
    expect((await admin.delete(`/api/v1/service-types/${st.id}`)).statusCode).toBe(404);

    const audit = (await admin.get(`/api/v1/audit-events?entityId=${st.id}`)).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['service_type.updated', 'service_type.created']);
    expect(audit[0]).toMatchObject({ before: { active: true }, after: { active: false } });
  });

  it('validates the code and keeps it unique (409 naming code)', async () => {
    const bad = await admin.post('/api/v1/service-types', { name: 'Repair', code: 'Repair Work' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      { path: 'code', message: 'must be 1–40 of a-z, 0-9, _ and -', code: 'invalid_format' },
    ]);
    expect((await admin.post('/api/v1/service-types', { name: 'X', code: 'a'.repeat(41) })).statusCode).toBe(400);

    await serviceTypeFactory(t.ctx.db, { code: 'repair' });
    const dup = await admin.post('/api/v1/service-types', { name: 'Repair 2', code: 'repair' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors).toEqual([{ path: 'code', message: 'is already used', code: 'is_taken' }]);
    const other = await serviceTypeFactory(t.ctx.db);
    const clash = await admin.patch(`/api/v1/service-types/${other.id}`, { code: 'repair' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().errors[0].path).toBe('code');
    expect(
      (await admin.patch('/api/v1/service-types/00000000-0000-4000-8000-000000000000', { name: 'x' })).statusCode,
    ).toBe(404);
  });

  it('lists by name with a cursor and an active filter; everyone may read, only admins write', async () => {
    const prefix = `Z-List ${Date.now()}`;
    for (const n of ['b', 'a', 'c']) await serviceTypeFactory(t.ctx.db, { name: `${prefix} ${n}` });
    await serviceTypeFactory(t.ctx.db, { name: `${prefix} d`, active: false });

    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { name: string }[]; nextCursor: string | null } = (
        await admin.get(`/api/v1/service-types?limit=2&active=true${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      names.push(...page.items.map((s: { name: string }) => s.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(names.filter((n) => n.startsWith(prefix))).toEqual(['a', 'b', 'c'].map((n) => `${prefix} ${n}`));
    const inactive = (await admin.get('/api/v1/service-types?active=false&limit=500')).json().items;
    expect(inactive.map((s: { name: string }) => s.name)).toContain(`${prefix} d`);
    expect(inactive.every((s: { active: boolean }) => !s.active)).toBe(true);

    const engineer = await t.loginAs(['engineer']);
    expect((await engineer.get('/api/v1/service-types')).statusCode).toBe(200);
    expect((await engineer.post('/api/v1/service-types', { name: 'X', code: 'x' })).statusCode).toBe(403);
    const key = (await admin.post('/api/v1/api-keys', { name: 'ERP', scopes: ['service-types:read'] })).json().key;
    expect((await t.withApiKey(key).get('/api/v1/service-types')).statusCode).toBe(200);
    expect((await t.withApiKey(key).post('/api/v1/service-types', { name: 'X', code: 'x' })).statusCode).toBe(403);
  });
});
