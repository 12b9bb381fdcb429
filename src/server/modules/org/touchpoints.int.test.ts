import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';

let t: TestApp;
let admin: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
});
afterAll(async () => {
  await t?.close();
});

describe('touchpoints', () => {
  it('creates, lists in order, updates and deletes, auditing each change', async () => {
    const created = await admin.post('/api/v1/touchpoints', {
      key: 'delivery',
      nameEn: 'Delivery',
      nameZh: '配送',
      weight: 2.5,
      sort: 2,
    });
    expect(created.statusCode, created.body).toBe(201);
    const tp = created.json();
    expect(tp).toMatchObject({ key: 'delivery', nameEn: 'Delivery', nameZh: '配送', weight: 2.5, sort: 2 });
    expect((await admin.get(`/api/v1/touchpoints/${tp.id}`)).json()).toEqual(tp);
    await admin.post('/api/v1/touchpoints', { key: 'returns', nameEn: 'Returns', nameZh: '退货', weight: 1 });

    const list = (await admin.get('/api/v1/touchpoints')).json();
    expect(list.unknownWeight).toBe(1);
    expect(list.items.map((i: { key: string }) => i.key)).toEqual(['returns', 'delivery']);

    const changed = await admin.patch(`/api/v1/touchpoints/${tp.id}`, { weight: 4, nameZh: '送货' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ weight: 4, nameZh: '送货', key: 'delivery' });

    expect((await admin.delete(`/api/v1/touchpoints/${tp.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/touchpoints/${tp.id}`)).statusCode).toBe(404);
    expect((await admin.delete(`/api/v1/touchpoints/${tp.id}`)).statusCode).toBe(404);

    const audit = (await admin.get(`/api/v1/audit-events?entityId=${tp.id}`)).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual([
      'touchpoint.deleted',
      'touchpoint.updated',
      'touchpoint.created',
    ]);
    expect(audit[1]).toMatchObject({ before: { weight: 2.5 }, after: { weight: 4 } });
  });

  it('validates the weight and names, and keeps keys unique (409 naming key)', async () => {
    const zero = await admin.post('/api/v1/touchpoints', { key: 'x', nameEn: 'X', nameZh: 'X', weight: 0 });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().errors).toEqual([expect.objectContaining({ path: 'weight', code: 'must_be_above' })]);
    const blank = await admin.post('/api/v1/touchpoints', { key: ' ', nameEn: '', nameZh: 'X', weight: 1 });
    expect(blank.statusCode).toBe(400);
    expect(
      blank
        .json()
        .errors.map((e: { path: string; code: string }) => [e.path, e.code])
        .sort(),
    ).toEqual([
      ['key', 'required'],
      ['nameEn', 'required'],
    ]);

    await admin.post('/api/v1/touchpoints', { key: 'service', nameEn: 'Service', nameZh: '客服', weight: 1 });
    const dup = await admin.post('/api/v1/touchpoints', { key: 'service', nameEn: 'S', nameZh: 'S', weight: 1 });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors).toEqual([{ path: 'key', message: 'is already used', code: 'is_taken' }]);
    const other = (
      await admin.post('/api/v1/touchpoints', { key: 'install', nameEn: 'Install', nameZh: '安装', weight: 1 })
    ).json();
    const clash = await admin.patch(`/api/v1/touchpoints/${other.id}`, { key: 'service' });
    expect(clash.statusCode).toBe(409);
  });

  it('lets every console user read and only admins write', async () => {
    const engineer = await t.loginAs(['engineer']);
    expect((await engineer.get('/api/v1/touchpoints')).statusCode).toBe(200);
    expect(
      (await engineer.post('/api/v1/touchpoints', { key: 'y', nameEn: 'Y', nameZh: 'Y', weight: 1 })).statusCode,
    ).toBe(403);
    const supervisor = await t.loginAs(['supervisor']);
    expect(
      (await supervisor.post('/api/v1/touchpoints', { key: 'y', nameEn: 'Y', nameZh: 'Y', weight: 1 })).statusCode,
    ).toBe(403);
  });
});
