import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import { templateFactory } from '../../../../test/support/factories.js';

let t: TestApp;
let admin: TestClient;
let tpl: Awaited<ReturnType<typeof templateFactory>>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
  tpl = await templateFactory(t.ctx.db);
});
afterAll(async () => {
  await t?.close();
});

const names = async () =>
  (await admin.get('/api/v1/rating-rules'))
    .json()
    .items.map((r: { name: string; priority: number }) => `${r.priority}:${r.name}`);
const create = (body: Record<string, unknown>) => admin.post('/api/v1/rating-rules', { templateId: tpl.id, ...body });

describe('rule CRUD and order', () => {
  it('appends, inserts at a priority, moves, reorders and deletes, keeping positions 1..n', async () => {
    const a = (await create({ name: 'a' })).json();
    expect(a).toMatchObject({
      name: 'a',
      priority: 1,
      enabled: true,
      channels: ['qr'],
      deliveryPolicy: 'priority_chain',
      submissionLimit: 1,
      linkExpiryDays: 14,
      templateName: tpl.name,
    });
    await create({ name: 'b' });
    const c = (await create({ name: 'c', priority: 1 })).json();
    expect(await names()).toEqual(['1:c', '2:a', '3:b']);

    const moved = await admin.patch(`/api/v1/rating-rules/${c.id}`, {
      priority: 3,
      enabled: false,
      channels: ['sms', 'email'],
      deliveryPolicy: 'all',
    });
    expect(moved.json()).toMatchObject({
      priority: 3,
      enabled: false,
      channels: ['sms', 'email'],
      deliveryPolicy: 'all',
    });
    expect(await names()).toEqual(['1:a', '2:b', '3:c']);

    const ids = (await admin.get('/api/v1/rating-rules')).json().items.map((r: { id: string }) => r.id);
    const reordered = await admin.post('/api/v1/rating-rules/reorder', { ids: [ids[2], ids[0], ids[1]] });
    expect(reordered.statusCode).toBe(200);
    expect(reordered.json().items.map((r: { name: string }) => r.name)).toEqual(['c', 'a', 'b']);

    const missing = await admin.post('/api/v1/rating-rules/reorder', { ids: [ids[0], ids[1]] });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].path).toBe('ids');
    const twice = await admin.post('/api/v1/rating-rules/reorder', { ids: [ids[0], ids[1], ids[1]] });
    expect(twice.json().errors.map((e: { path: string }) => e.path)).toEqual(['ids.2', 'ids']);
    const unknown = await admin.post('/api/v1/rating-rules/reorder', {
      ids: [...ids, '00000000-0000-4000-8000-000000000000'],
    });
    expect(unknown.json().errors).toEqual([{ path: 'ids.3', message: 'is not a rating rule', code: 'not_found' }]);

    expect((await admin.delete(`/api/v1/rating-rules/${a.id}`)).statusCode).toBe(204);
    expect(await names()).toEqual(['1:c', '2:b']);
    expect((await admin.get(`/api/v1/rating-rules/${a.id}`)).statusCode).toBe(404);

    const audit = (await admin.get('/api/v1/audit-events?action=rating_rule.')).json();
    expect(new Set(audit.items.map((e: { action: string }) => e.action))).toEqual(
      new Set(['rating_rule.created', 'rating_rule.updated', 'rating_rule.reordered', 'rating_rule.deleted']),
    );
  });
});

describe('validation', () => {
  it('names the bad condition fields, operators and values', async () => {
    const res = await create({
      name: 'bad',
      channels: ['sms', 'sms'],
      conditions: {
        combinator: 'and',
        rules: [
          { field: 'colour', operator: '=', value: 'red' },
          { field: 'priority', operator: '=', value: 'extreme' },
          { field: 'priority', operator: 'contains', value: 'x' },
          {
            combinator: 'or',
            rules: [
              { field: 'serviceTypeId', operator: 'in', value: ['nope'] },
              { field: 'store', operator: '=', value: '' },
            ],
          },
          { combinator: 'or', rules: [] },
          { field: 'custom.amount', operator: '>', value: 5 },
          { field: 'custom.bad name', operator: '=', value: 1 },
        ],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual([
      'conditions.rules.0.field',
      'conditions.rules.1.value',
      'conditions.rules.2.operator',
      'conditions.rules.3.rules.0.value.0',
      'conditions.rules.3.rules.1.value',
      'conditions.rules.4.rules',
      'conditions.rules.6.field',
      'channels.1',
    ]);
  });

  it('rejects malformed bodies with zod paths', async () => {
    const res = await create({ name: 'x', channels: ['pigeon'], conditions: { combinator: 'xor', rules: [] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['channels.0', 'conditions.combinator']),
    );
  });

  it('accepts comma lists for in/notIn and stores them as arrays', async () => {
    const res = await create({
      name: 'list',
      conditions: { combinator: 'and', rules: [{ field: 'priority', operator: 'notIn', value: 'low, normal' }] },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().conditions.rules[0].value).toEqual(['low', 'normal']);
    await admin.delete(`/api/v1/rating-rules/${res.json().id}`);
  });

  it('needs an active template with a published version', async () => {
    const draftOnly = await templateFactory(t.ctx.db, { publish: false });
    const noVersion = await create({ name: 'x', templateId: draftOnly.id });
    expect(noVersion.statusCode).toBe(400);
    expect(noVersion.json().errors).toEqual([
      { path: 'templateId', message: expect.stringContaining('published'), code: 'template_unpublished' },
    ]);
    const unknown = await create({ name: 'x', templateId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.json().errors[0].path).toBe('templateId');
    const archived = await templateFactory(t.ctx.db);
    await admin.post(`/api/v1/rating-templates/${archived.id}/archive`);
    expect((await create({ name: 'x', templateId: archived.id })).json().errors[0]).toMatchObject({
      path: 'templateId',
      message: expect.stringContaining('archived'),
    });
  });
});

describe('fields and access', () => {
  it('serves the condition fields for the query builder', async () => {
    const res = (await admin.get('/api/v1/rating-rules/fields')).json();
    expect(res.fields.map((f: { name: string }) => f.name)).toEqual([
      'serviceTypeId',
      'serviceTypeCode',
      'recordType',
      'departmentId',
      'department',
      'regionId',
      'store',
      'touchpoint',
      'priority',
    ]);
    expect(res.fields.find((f: { name: string }) => f.name === 'priority').values).toEqual([
      'low',
      'normal',
      'high',
      'urgent',
    ]);
    expect(res.customField.prefix).toBe('custom.');
    expect(res.operators).toHaveLength(12);
  });

  it('lets an analyst read but not write; an engineer neither; API keys by scope', async () => {
    const analyst = await t.loginAs(['analyst']);
    expect((await analyst.get('/api/v1/rating-rules')).statusCode).toBe(200);
    expect((await analyst.post('/api/v1/rating-rules/dry-run', { facts: {} })).statusCode).toBe(200);
    expect((await analyst.post('/api/v1/rating-rules', { name: 'x', templateId: tpl.id })).statusCode).toBe(403);
    expect(
      (
        await analyst.request({
          method: 'PUT',
          url: `/api/v1/rating-defaults/${tpl.id}`,
          payload: { templateId: tpl.id },
        })
      ).statusCode,
    ).toBe(403);
    const engineer = await t.loginAs(['engineer']);
    expect((await engineer.get('/api/v1/rating-rules')).statusCode).toBe(403);

    const readKey = (await admin.post('/api/v1/api-keys', { name: 'r', scopes: ['rules:read'] })).json().key;
    const writeKey = (await admin.post('/api/v1/api-keys', { name: 'w', scopes: ['rules:write'] })).json().key;
    expect((await t.withApiKey(readKey).get('/api/v1/rating-rules')).statusCode).toBe(200);
    expect(
      (await t.withApiKey(readKey).post('/api/v1/rating-rules', { name: 'x', templateId: tpl.id })).statusCode,
    ).toBe(403);
    const created = await t.withApiKey(writeKey).post('/api/v1/rating-rules', { name: 'from key', templateId: tpl.id });
    expect(created.statusCode).toBe(201);
  });

  it('answers 404 for an unknown service type default', async () => {
    const res = await admin.request({
      method: 'PUT',
      url: '/api/v1/rating-defaults/00000000-0000-4000-8000-000000000000',
      payload: { templateId: tpl.id },
    });
    expect(res.statusCode).toBe(404);
  });
});
