import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import { departmentFactory, employeeFactory, workOrderFactory } from '../../../../test/support/factories.js';
import { defaultTemplateVersionId, invitationFactory } from '../../../../test/support/invitations.js';

let t: TestApp;
let admin: TestClient;
let version: string;
beforeAll(async () => {
  t = await createTestApp({ work: true, publicRateLimits: { perIpPerMinute: 100_000 } });
  admin = await t.loginAs(['admin']);
  version = await defaultTemplateVersionId(t.ctx.db);
});
afterAll(async () => {
  await t?.close();
});

async function rate(workOrderId: string, answers: Record<string, unknown>) {
  const inv = await invitationFactory(
    t.ctx.db,
    { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl },
    { templateVersionId: version, workOrderId },
  );
  const res = await t.anon.post(`${inv.api}/ratings`, { answers });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

async function caseOf(ratingId: string, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const items = (await admin.get('/api/v1/cases?limit=100')).json().items as { id: string; ratingId: string }[];
    const found = items.find((c) => c.ratingId === ratingId);
    if (found || Date.now() > until) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('alerts processor', () => {
  it('opens one case for a negative rating, owned by the responsible manager, and none for a good one', async () => {
    const manager = await employeeFactory(t.ctx.db, { roles: ['supervisor'] });
    const region = await departmentFactory(t.ctx.db, { kind: 'region', managerId: manager.id });
    const wo = await workOrderFactory(t.ctx, { departmentId: region.id });
    const good = await rate(wo.id, { response_speed: 5, technical_ability: 5, attitude: 5, problem_resolved: true });
    const bad = await rate(wo.id, { response_speed: 1, technical_ability: 1, attitude: 2, problem_resolved: false });

    const opened = await caseOf(bad);
    expect(opened).toMatchObject({ status: 'open', severity: 'high', ownerId: manager.id, workOrderId: wo.id });
    // The good rating was handled in the same batches (it came first) and opened nothing.
    expect(await caseOf(good, 0)).toBeUndefined();
    const all = (await admin.get('/api/v1/cases?limit=100')).json().items as { ratingId: string }[];
    expect(all.filter((c) => c.ratingId === bad)).toHaveLength(1);
    const timeline = (await admin.get(`/api/v1/work-orders/${wo.id}/timeline`)).json();
    expect(JSON.stringify(timeline)).toContain('case.opened');
    // The default alert rule's alert, with its `alert.raised` on the work order's timeline.
    const raised = (await admin.get(`/api/v1/alerts?ratingId=${bad}`)).json().items;
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ severity: 'high', caseId: opened!.id, notify: [manager.id] });
    expect(JSON.stringify(timeline)).toContain('alert.raised');
    expect((await admin.get(`/api/v1/alerts?ratingId=${good}`)).json().items).toEqual([]);
  });
});
