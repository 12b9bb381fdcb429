import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import {
  departmentFactory,
  ruleFactory,
  serviceTypeFactory,
  templateFactory,
  workOrderFactory,
} from '../../../../test/support/factories.js';
import { ratingRules } from '../../db/schema/rules.js';
import { ensureDefaultTemplate } from '../templates/default-template.js';
import { matchRule } from './match.js';

let t: TestApp;
let admin: TestClient;
let orgDefaultId: string;
let tplA: Awaited<ReturnType<typeof templateFactory>>;
let tplB: Awaited<ReturnType<typeof templateFactory>>;
beforeAll(async () => {
  t = await createTestApp();
  orgDefaultId = (await ensureDefaultTemplate(t.ctx.db))!;
  admin = await t.loginAs(['admin']);
  tplA = await templateFactory(t.ctx.db, { name: 'A' });
  tplB = await templateFactory(t.ctx.db, { name: 'B' });
});
afterAll(async () => {
  await t?.close();
});
beforeEach(async () => {
  await t.ctx.db.delete(ratingRules);
});

const dryRun = async (facts: Record<string, unknown>) => {
  const res = await admin.post('/api/v1/rating-rules/dry-run', { facts });
  expect(res.statusCode).toBe(200);
  return res.json();
};
const rule = (field: string, operator: string, value?: unknown) => ({ field, operator, value });

describe('matching', () => {
  it('takes the first enabled match in priority order, skipping disabled rules', async () => {
    const disabled = await ruleFactory(t.ctx.db, tplB.id, { name: 'off', enabled: false });
    const first = await ruleFactory(t.ctx.db, tplA.id, {
      name: 'first',
      channels: ['sms', 'email'],
      mandatory: true,
      timeoutHours: 24,
    });
    await ruleFactory(t.ctx.db, tplB.id, { name: 'second' });
    const m = await matchRule(t.ctx.db, {});
    expect(m).toMatchObject({
      source: 'rule',
      ruleId: first.id,
      templateId: tplA.id,
      templateVersionId: tplA.publishedVersionId,
      channels: ['sms', 'email'],
      mandatory: true,
      timeoutHours: 24,
    });
    const r = await dryRun({});
    expect(r.evaluated).toEqual([
      expect.objectContaining({ ruleId: disabled.id, enabled: false, matched: false, skippedBecauseDisabled: true }),
      expect.objectContaining({ ruleId: first.id, matched: true }),
    ]);
    // Reordering changes the winner.
    const ids = (await admin.get('/api/v1/rating-rules')).json().items.map((i: { id: string }) => i.id);
    await admin.post('/api/v1/rating-rules/reorder', { ids: [ids[2], ids[0], ids[1]] });
    expect((await matchRule(t.ctx.db, {}))?.name).toBe('second');
  });

  it('evaluates AND / OR groups, `not`, and custom fields', async () => {
    await ruleFactory(t.ctx.db, tplA.id, {
      name: 'urgent big jobs in Shanghai',
      conditions: {
        combinator: 'and',
        rules: [
          { combinator: 'or', rules: [rule('priority', '=', 'urgent'), rule('priority', '=', 'high')] },
          rule('store', 'beginsWith', 'Shanghai'),
          rule('custom.amount', '>=', 1000),
          { combinator: 'and', not: true, rules: [rule('touchpoint', '=', 'returns')] },
        ],
      },
    });
    const hit = {
      priority: 'high' as const,
      store: 'Shanghai Pudong',
      custom: { amount: 1500 },
      touchpoint: 'delivery',
    };
    expect((await matchRule(t.ctx.db, hit))?.source).toBe('rule');
    expect((await matchRule(t.ctx.db, { ...hit, priority: 'low' }))?.source).toBe('organisation_default');
    expect((await matchRule(t.ctx.db, { ...hit, custom: { amount: 10 } }))?.source).toBe('organisation_default');
    expect((await matchRule(t.ctx.db, { ...hit, custom: {} }))?.source).toBe('organisation_default'); // missing ≠ 0
    expect((await matchRule(t.ctx.db, { ...hit, touchpoint: 'returns' }))?.source).toBe('organisation_default');

    // The explanation: an OR that failed lists both leaves; the `not` group lists the leaf that held.
    const r = await dryRun({ ...hit, priority: 'low', touchpoint: 'returns' });
    expect(r.evaluated[0].failedConditions).toEqual([
      { path: 'rules.0.rules.0', field: 'priority', operator: '=', value: 'urgent', actual: 'low', negated: false },
      { path: 'rules.0.rules.1', field: 'priority', operator: '=', value: 'high', actual: 'low', negated: false },
      {
        path: 'rules.3.rules.0',
        field: 'touchpoint',
        operator: '=',
        value: 'returns',
        actual: 'returns',
        negated: true,
      },
    ]);
  });

  it('matches a department and everything below it (3 levels)', async () => {
    const region = await departmentFactory(t.ctx.db, { kind: 'region', name: 'East' });
    const team = await departmentFactory(t.ctx.db, { kind: 'team', parentId: region.id });
    const squad = await departmentFactory(t.ctx.db, { parentId: team.id });
    const other = await departmentFactory(t.ctx.db, {});
    await ruleFactory(t.ctx.db, tplA.id, {
      name: 'East region',
      conditions: { combinator: 'and', rules: [rule('department', '=', region.id)] },
    });
    expect((await matchRule(t.ctx.db, { departmentId: squad.id }))?.templateId).toBe(tplA.id);
    expect((await matchRule(t.ctx.db, { departmentId: region.id }))?.templateId).toBe(tplA.id);
    expect((await matchRule(t.ctx.db, { departmentPath: [squad.id, team.id, region.id] }))?.templateId).toBe(tplA.id);
    expect((await matchRule(t.ctx.db, { departmentId: other.id }))?.templateId).toBe(orgDefaultId);
    const r = await dryRun({ departmentId: squad.id });
    expect(r.facts.departmentPath).toEqual([squad.id, team.id, region.id]);
    const miss = await dryRun({ departmentId: other.id });
    expect(miss.evaluated[0].failedConditions).toEqual([
      { path: 'rules.0', field: 'department', operator: '=', value: region.id, actual: [other.id], negated: false },
    ]);
    // `departmentId` is exact: a sub-department does not match.
    await t.ctx.db.delete(ratingRules);
    await ruleFactory(t.ctx.db, tplA.id, {
      conditions: { combinator: 'and', rules: [rule('departmentId', '=', region.id)] },
    });
    expect((await matchRule(t.ctx.db, { departmentId: squad.id }))?.source).toBe('organisation_default');
  });

  it('falls back to the service type’s default, then the organisation default', async () => {
    const repair = await serviceTypeFactory(t.ctx.db, { code: 'repair-x' });
    const install = await serviceTypeFactory(t.ctx.db);
    await ruleFactory(t.ctx.db, tplA.id, {
      name: 'repairs',
      conditions: { combinator: 'and', rules: [rule('serviceTypeCode', '=', 'repair-x')] },
    });
    const set = await admin.request({
      method: 'PUT',
      url: `/api/v1/rating-defaults/${install.id}`,
      payload: { templateId: tplB.id },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ serviceTypeId: install.id, templateId: tplB.id, templateName: 'B' });

    expect(await matchRule(t.ctx.db, { serviceTypeId: repair.id })).toMatchObject({
      source: 'rule',
      templateId: tplA.id,
    });
    expect(await matchRule(t.ctx.db, { serviceTypeId: install.id })).toMatchObject({
      source: 'service_type_default',
      ruleId: null,
      templateId: tplB.id,
      templateVersionId: tplB.publishedVersionId,
      channels: [],
    });
    const r = await dryRun({ serviceTypeId: install.id });
    expect(r.evaluated[0].failedConditions[0]).toMatchObject({ field: 'serviceTypeCode', actual: install.code });
    expect((await admin.delete(`/api/v1/rating-defaults/${install.id}`)).statusCode).toBe(204);
    expect(await matchRule(t.ctx.db, { serviceTypeId: install.id })).toMatchObject({
      source: 'organisation_default',
      templateId: orgDefaultId,
    });
    expect((await admin.get('/api/v1/rating-defaults')).json().items).toEqual([]);
  });

  it('lists the failed conditions of every rule above the match', async () => {
    const a = await ruleFactory(t.ctx.db, tplA.id, {
      name: 'SMS for VIP',
      conditions: {
        combinator: 'and',
        rules: [rule('custom.vip', '=', true), rule('recordType', 'in', ['repair', 'install'])],
      },
    });
    const b = await ruleFactory(t.ctx.db, tplB.id, {
      name: 'email touchpoint',
      conditions: { combinator: 'and', rules: [rule('touchpoint', 'notNull')] },
    });
    await ruleFactory(t.ctx.db, tplA.id, { name: 'after the match' });
    const r = await dryRun({ recordType: 'repair', touchpoint: 'chat', custom: { vip: false } });
    expect(r.matched).toMatchObject({ ruleId: b.id, name: 'email touchpoint', source: 'rule', templateName: 'B' });
    expect(r.evaluated).toHaveLength(2);
    expect(r.evaluated[0]).toMatchObject({
      ruleId: a.id,
      matched: false,
      failedConditions: [
        { path: 'rules.0', field: 'custom.vip', operator: '=', value: true, actual: false, negated: false },
      ],
    });
    expect(r.evaluated[1]).toMatchObject({ ruleId: b.id, matched: true, failedConditions: [] });
  });
});

describe('dry run of an existing work order', () => {
  it('takes the facts from the work order and explains the match', async () => {
    const st = await serviceTypeFactory(t.ctx.db);
    await ruleFactory(t.ctx.db, tplB.id, {
      name: 'other store',
      conditions: { combinator: 'and', rules: [rule('store', '=', 'Beijing-07')] },
    });
    const shanghai = await ruleFactory(t.ctx.db, tplA.id, {
      name: 'shanghai',
      conditions: { combinator: 'and', rules: [rule('store', '=', 'Shanghai-01')] },
    });
    const wo = await workOrderFactory(t.ctx, { serviceTypeId: st.id, store: 'Shanghai-01' });
    const res = await admin.post('/api/v1/rating-rules/dry-run', { workOrderId: wo.id });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.matched).toMatchObject({ ruleId: shanghai.id, source: 'rule' });
    expect(body.evaluated[0].failedConditions[0]).toMatchObject({
      field: 'store',
      value: 'Beijing-07',
      actual: 'Shanghai-01',
    });
    expect(body.facts).toMatchObject({ serviceTypeId: st.id, store: 'Shanghai-01' });

    const unknown = await admin.post('/api/v1/rating-rules/dry-run', {
      workOrderId: '00000000-0000-4000-8000-000000000001',
    });
    expect(unknown.statusCode).toBe(404);
    const neither = await admin.post('/api/v1/rating-rules/dry-run', {});
    expect(neither.statusCode).toBe(400);
    expect(neither.json().errors[0].path).toBe('facts');
  });
});
