import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { loadDemoData } from './index.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('demo work orders', () => {
  it('loads thousands of work orders across statuses, with workflows and timelines', async () => {
    const started = Date.now();
    expect((await loadDemoData(t.ctx)).loaded).toBe(true);
    const seconds = (Date.now() - started) / 1000;
    expect(seconds).toBeLessThan(60); // the whole demo (org + work orders); ~15 s budget for work orders on PGlite

    const admin = await t.loginAs(['admin']);
    const all = (await admin.get('/api/v1/work-orders?limit=1')).json();
    expect(all.total).toBeGreaterThanOrEqual(2000);
    for (const status of ['new', 'assigned', 'in_service', 'completed', 'closed', 'cancelled']) {
      expect((await admin.get(`/api/v1/work-orders?status=${status}&limit=1`)).json().total, status).toBeGreaterThan(0);
    }
    // History never lies in the future (a bug once completed recent orders days ahead).
    const future = await t.ctx.database.sql.query<{ n: number }>(
      `select count(*)::int as n from work_orders where greatest(created_at, completed_at, closed_at, cancelled_at, updated_at) > now()`,
    );
    expect(future.rows[0]!.n).toBe(0);
    const closed = (await admin.get('/api/v1/work-orders?status=closed&limit=5')).json();
    expect(closed.total).toBeGreaterThan(1000);
    expect(closed.items[0].number).toMatch(/^WO-\d{8}-\d{5}$/);
    const store = (await admin.get(`/api/v1/work-orders?store=${encodeURIComponent('深圳南山店')}&limit=1`)).json();
    expect(store.total).toBeGreaterThan(0);
    const returns = (await admin.get('/api/v1/work-orders?touchpoint=returns&limit=1')).json();
    expect(returns.total).toBeGreaterThan(0);

    const types = (await admin.get('/api/v1/service-types?limit=100')).json().items as { id: string; code: string }[];
    const repair = types.find((s) => s.code === 'repair')!;
    const inspection = types.find((s) => s.code === 'inspection')!;
    expect((await admin.get(`/api/v1/service-types/${repair.id}/workflow`)).json().nodes[0]).toMatchObject({
      mode: 'rule',
      mandatory: true,
      timeoutHours: 72,
    });
    expect((await admin.get(`/api/v1/service-types/${inspection.id}/workflow`)).json().nodes[0]).toMatchObject({
      mode: 'qr',
      submissionLimit: 5,
    });
    const repairClosed = (
      await admin.get(`/api/v1/work-orders?status=closed&serviceTypeId=${repair.id}&limit=1`)
    ).json().items[0];
    const detail = (await admin.get(`/api/v1/work-orders/${repairClosed.id}`)).json();
    expect(detail.workflow.nodes[0]).toMatchObject({ type: 'rating', mandatory: true });
    const timeline = (await admin.get(`/api/v1/work-orders/${repairClosed.id}/timeline`)).json().items as {
      type: string;
    }[];
    expect(timeline[0]!.type).toBe('work_order.created');
    expect(timeline.at(-1)!.type).toBe('work_order.status_changed');
    expect((await admin.get(`/api/v1/work-orders/${repairClosed.id}/invitations`)).json().items).toHaveLength(1);
  }, 120_000);
});
