import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  departmentFactory,
  employeeFactory,
  serviceTypeFactory,
  workOrderFactory,
} from '../../../../test/support/factories.js';
import { WORK_ORDER_STATUSES, type WorkOrderStatus } from '../../db/schema/work-orders.js';
import { TRANSITIONS } from './status.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** Walks a new work order to `status` along legal moves (no workflow: a completed one has no mandatory node). */
const PATH: Record<WorkOrderStatus, WorkOrderStatus[]> = {
  new: [],
  assigned: ['assigned'],
  in_service: ['assigned', 'in_service'],
  completed: ['assigned', 'in_service', 'completed'],
  closed: ['assigned', 'in_service', 'completed', 'closed'],
  cancelled: ['cancelled'],
};

describe('work orders', () => {
  it('creates with a generated number, derives the region, and reads back', async () => {
    const admin = await t.loginAs(['admin']);
    const region = await departmentFactory(t.ctx.db, { kind: 'region' });
    const team = await departmentFactory(t.ctx.db, { kind: 'team', parentId: region.id });
    const engineer = await employeeFactory(t.ctx.db, { departmentId: team.id });
    const st = await serviceTypeFactory(t.ctx.db);
    const res = await admin.post('/api/v1/work-orders', {
      subject: '空调不制冷上门维修',
      serviceTypeId: st.id,
      customer: { name: '李女士', phone: '13912345678', locale: 'zh-CN' },
      engineerIds: [engineer.id],
      departmentId: team.id,
      store: '上海徐汇店',
      priority: 'high',
    });
    expect(res.statusCode, res.body).toBe(201);
    const wo = res.json();
    expect(wo.number).toMatch(/^WO-\d{8}-\d{5}$/);
    expect(wo.region).toEqual({ id: region.id, name: region.name });
    expect(wo.engineers).toEqual([{ id: engineer.id, name: engineer.name }]);
    expect(wo.status).toBe('new');
    expect(wo.workflow.nodes).toMatchObject([{ type: 'rating', mode: 'rule', status: 'pending', mandatory: false }]);
    const timeline = (await admin.get(`/api/v1/work-orders/${wo.id}/timeline`)).json().items;
    expect(timeline.map((e: { type: string }) => e.type)).toEqual(['work_order.created']);
  });

  it('answers every status transition as the machine says (table-driven)', async () => {
    const st = await serviceTypeFactory(t.ctx.db);
    const admin = await t.loginAs(['admin']);
    for (const from of WORK_ORDER_STATUSES) {
      for (const to of WORK_ORDER_STATUSES) {
        if (from === to) continue;
        const wo = await workOrderFactory(t.ctx, { serviceTypeId: st.id });
        for (const step of PATH[from]) {
          const r = await admin.patch(`/api/v1/work-orders/${wo.id}`, { status: step });
          expect(r.statusCode, `${step}: ${r.body}`).toBe(200);
        }
        // A reason is required for rework (completed → in_service) and kept for every other move.
        const res = await admin.patch(`/api/v1/work-orders/${wo.id}`, { status: to, reason: 'table test' });
        const legal = TRANSITIONS[from].includes(to);
        expect(res.statusCode, `${from} → ${to}: ${res.body}`).toBe(legal ? 200 : 409);
        if (legal) {
          expect(res.json().status).toBe(to);
          const events = (await admin.get(`/api/v1/work-orders/${wo.id}/timeline`)).json().items;
          expect(events.findLast((e: { type: string }) => e.type === 'work_order.status_changed')).toMatchObject({
            data: { from, to },
          });
        } else {
          expect(res.json().type).toMatch(/\/illegal-transition$/);
          expect(res.json().detail).toContain(`from ${from} to ${to}`);
        }
      }
    }
  }, 120_000);

  it('sets completedAt/closedAt/cancelledAt', async () => {
    const admin = await t.loginAs(['supervisor']);
    const wo = await workOrderFactory(t.ctx, { status: 'in_service' });
    const done = (await admin.patch(`/api/v1/work-orders/${wo.id}`, { status: 'completed' })).json();
    expect(done.completedAt).not.toBeNull();
    const closed = (await admin.patch(`/api/v1/work-orders/${wo.id}`, { status: 'closed' })).json();
    expect(closed.closedAt).not.toBeNull();
    const other = await workOrderFactory(t.ctx);
    expect(
      (await admin.patch(`/api/v1/work-orders/${other.id}`, { status: 'cancelled' })).json().cancelledAt,
    ).not.toBeNull();
  });

  it('names every invalid field, custom fields included', async () => {
    const admin = await t.loginAs(['admin']);
    const st = await serviceTypeFactory(t.ctx.db);
    const put = await admin.request({
      method: 'PUT',
      url: `/api/v1/service-types/${st.id}/workflow`,
      payload: {
        nodes: [{ type: 'rating', mode: 'rule' }],
        fieldDefinitions: [
          { key: 'model', label: { 'zh-CN': '型号', en: 'Model' }, type: 'text', required: true },
          { key: 'hours', label: { 'zh-CN': '工时', en: 'Hours' }, type: 'number' },
          {
            key: 'kind',
            label: { 'zh-CN': '类别', en: 'Kind' },
            type: 'select',
            options: [{ key: 'warranty', label: { 'zh-CN': '保内', en: 'Warranty' } }],
          },
        ],
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    const bad = await admin.post('/api/v1/work-orders', {
      subject: 'x',
      serviceTypeId: st.id,
      custom: { hours: 'many', kind: 'paid', colour: 'red' },
      engineerIds: ['00000000-0000-4000-8000-000000000001'],
    });
    expect(bad.statusCode).toBe(400);
    const paths = bad
      .json()
      .errors.map((e: { path: string }) => e.path)
      .sort();
    expect(paths).toEqual(['custom.colour', 'custom.hours', 'custom.kind', 'custom.model', 'engineerIds.0']);

    const zodBad = await admin.post('/api/v1/work-orders', {
      subject: '',
      serviceTypeId: 'nope',
      priority: 'asap',
      customer: { phone: 'abc', email: 'not-mail', locale: 'fr' },
    });
    expect(zodBad.statusCode).toBe(400);
    const zpaths = zodBad.json().errors.map((e: { path: string }) => e.path);
    for (const p of ['subject', 'serviceTypeId', 'priority', 'customer.phone', 'customer.email', 'customer.locale'])
      expect(
        zpaths.some((x: string) => x.endsWith(p)),
        `${p} in ${zpaths}`,
      ).toBe(true);

    const inactive = await serviceTypeFactory(t.ctx.db, { active: false });
    const r = await admin.post('/api/v1/work-orders', { subject: 'x', serviceTypeId: inactive.id });
    expect(r.json().errors).toEqual([
      { path: 'serviceTypeId', message: 'the service type is inactive', code: 'inactive' },
    ]);

    const ok = await admin.post('/api/v1/work-orders', {
      subject: 'x',
      serviceTypeId: st.id,
      custom: { model: 'KFR-35', hours: 2.5, kind: 'warranty' },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const cleared = await admin.patch(`/api/v1/work-orders/${ok.json().id}`, { custom: { model: null } });
    expect(cleared.json().errors).toEqual([{ path: 'custom.model', message: 'is required', code: 'required' }]);
  });

  it('upserts by externalId: 20 concurrent identical requests give one work order', async () => {
    const admin = await t.loginAs(['admin']);
    const key = (await admin.post('/api/v1/api-keys', { name: 'crm', scopes: ['work-orders:write'] })).json().key;
    const st = await serviceTypeFactory(t.ctx.db);
    const body = { externalId: `CRM-${Date.now()}`, subject: '安装调试', serviceTypeId: st.id };
    const api = t.withApiKey(key);
    const results = await Promise.all(Array.from({ length: 20 }, () => api.post('/api/v1/work-orders', body)));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 200)).toHaveLength(19);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    const list = (await api.get(`/api/v1/work-orders?q=${body.externalId}`)).json();
    expect(list.total).toBe(1);

    const updated = await api.post('/api/v1/work-orders', { ...body, subject: '安装调试（复查）', status: 'assigned' });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ subject: '安装调试（复查）', status: 'assigned' });
    const events = (await api.get(`/api/v1/work-orders/${updated.json().id}/timeline`)).json().items;
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'work_order.created',
      'work_order.updated',
      'work_order.status_changed',
    ]);
  });

  it('API keys: read scope reads, write needs work-orders:write', async () => {
    const admin = await t.loginAs(['admin']);
    const readKey = (await admin.post('/api/v1/api-keys', { name: 'r', scopes: ['work-orders:read'] })).json().key;
    const otherKey = (await admin.post('/api/v1/api-keys', { name: 'o', scopes: ['org:read'] })).json().key;
    const st = await serviceTypeFactory(t.ctx.db);
    const reader = t.withApiKey(readKey);
    expect((await reader.get('/api/v1/work-orders')).statusCode).toBe(200);
    expect((await reader.post('/api/v1/work-orders', { subject: 'x', serviceTypeId: st.id })).statusCode).toBe(403);
    expect((await t.withApiKey(otherKey).get('/api/v1/work-orders')).statusCode).toBe(403);
    const analyst = await t.loginAs(['analyst']);
    expect((await analyst.get('/api/v1/work-orders')).statusCode).toBe(200);
    expect((await analyst.post('/api/v1/work-orders', { subject: 'x', serviceTypeId: st.id })).statusCode).toBe(403);
  });

  it('rejects a duplicate given number with 409 naming it', async () => {
    const admin = await t.loginAs(['admin']);
    const st = await serviceTypeFactory(t.ctx.db);
    const number = `N-${Date.now()}`;
    expect((await admin.post('/api/v1/work-orders', { number, subject: 'a', serviceTypeId: st.id })).statusCode).toBe(
      201,
    );
    const dup = await admin.post('/api/v1/work-orders', { number, subject: 'b', serviceTypeId: st.id });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors).toEqual([{ path: 'number', message: 'is already used', code: 'is_taken' }]);
  });
});

describe('work-order list', () => {
  it('filters and pages with a cursor and a total', async () => {
    const admin = await t.loginAs(['admin']);
    const region = await departmentFactory(t.ctx.db, { kind: 'region' });
    const team = await departmentFactory(t.ctx.db, { kind: 'team', parentId: region.id });
    const eng = await employeeFactory(t.ctx.db);
    const st = await serviceTypeFactory(t.ctx.db);
    const tag = `T${Date.now()}`;
    for (let i = 0; i < 7; i++) {
      await workOrderFactory(t.ctx, {
        serviceTypeId: st.id,
        subject: `${tag} 巡检 ${i}`,
        departmentId: i % 2 ? team.id : undefined,
        engineerIds: i < 3 ? [eng.id] : [],
        store: i < 4 ? '深圳南山店' : '上海徐汇店',
        touchpoint: 'delivery',
        status: i === 6 ? 'completed' : 'new',
      });
    }
    const get = async (qs: string) => {
      const r = await admin.get(`/api/v1/work-orders?q=${tag}&${qs}`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json();
    };
    expect((await get('')).total).toBe(7);
    expect((await get(`departmentId=${region.id}`)).total).toBe(3);
    expect((await get(`engineerId=${eng.id}`)).total).toBe(3);
    expect((await get(`store=${encodeURIComponent('深圳南山店')}`)).total).toBe(4);
    expect((await get('status=completed')).total).toBe(1);
    expect((await get('status=new&status=completed')).total).toBe(7);
    expect((await get('status=new,cancelled')).total).toBe(6);
    expect((await get(`serviceTypeId=${st.id}&touchpoint=delivery`)).total).toBe(7);
    const today = new Date().toISOString().slice(0, 10);
    expect((await get(`completedFrom=${today}`)).total).toBe(1);
    expect((await get('createdTo=2000-01-01')).total).toBe(0);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null; total: number } = await get(
        `limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.total).toBe(7);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect((await admin.get('/api/v1/work-orders?cursor=garbage')).statusCode).toBe(400);
  });

  it('engineerId=me lists the signed-in employee’s work orders; an API key gets a 400 naming the field', async () => {
    const admin = await t.loginAs(['admin']);
    const engineer = await t.loginAs(['engineer']);
    const other = await employeeFactory(t.ctx.db);
    const st = await serviceTypeFactory(t.ctx.db);
    const tag = `M${Date.now()}`;
    const mine = await workOrderFactory(t.ctx, {
      serviceTypeId: st.id,
      subject: `${tag} mine`,
      engineerIds: [engineer.employeeId, other.id],
    });
    await workOrderFactory(t.ctx, { serviceTypeId: st.id, subject: `${tag} theirs`, engineerIds: [other.id] });
    const listed = async (client: typeof admin) => {
      const r = await client.get(`/api/v1/work-orders?q=${tag}&engineerId=me`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json().items.map((i: { id: string }) => i.id);
    };
    expect(await listed(engineer)).toEqual([mine.id]);
    // An admin sees everything, but `me` still means the admin's own (none here).
    expect(await listed(admin)).toEqual([]);

    const key = (await admin.post('/api/v1/api-keys', { name: 'me', scopes: ['work-orders:read'] })).json().key;
    const res = await t.withApiKey(key).get('/api/v1/work-orders?engineerId=me');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ path: 'query.engineerId', code: 'invalid' })]);
    expect((await engineer.get('/api/v1/work-orders?engineerId=someone')).statusCode).toBe(400);
  });
});
