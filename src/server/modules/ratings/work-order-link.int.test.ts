import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { departmentFactory, employeeFactory, serviceTypeFactory } from '../../../../test/support/factories.js';
import {
  DEFAULT_TEMPLATE_ANSWERS,
  defaultTemplateVersionId,
  invitationFactory,
} from '../../../../test/support/invitations.js';

/** The ratings module with real work orders (issue 4's module): page header and the engineer/department filters. */
let t: TestApp;
beforeAll(async () => {
  // Many requests from one test address: the limits have their own tests (an app built with lower limits).
  t = await createTestApp({ publicRateLimits: { perIpPerMinute: 100_000 } });
});
afterAll(async () => {
  await t?.close();
});

describe('ratings of real work orders', () => {
  it('shows the work order’s number and subject, and filters ratings by engineer and department', async () => {
    const admin = await t.loginAs(['admin']);
    const serviceType = await serviceTypeFactory(t.ctx.db);
    const region = await departmentFactory(t.ctx.db, { name: 'East' });
    const team = await departmentFactory(t.ctx.db, { name: 'Team A', parentId: region.id });
    const engineer = await employeeFactory(t.ctx.db, { roles: ['engineer'], departmentId: team.id });
    const created = await admin.post('/api/v1/work-orders', {
      subject: 'Air conditioner repair',
      serviceTypeId: serviceType.id,
      engineerIds: [engineer.id],
      departmentId: team.id,
    });
    expect(created.statusCode).toBe(201);
    const workOrder = created.json();

    const { path, api } = await invitationFactory(
      t.ctx.db,
      { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl },
      { templateVersionId: await defaultTemplateVersionId(t.ctx.db), workOrderId: workOrder.id, locale: 'en' },
    );
    const page = await t.anon.get(path);
    expect(page.body).toContain(workOrder.number);
    expect(page.body).toContain('Air conditioner repair');
    expect((await t.anon.get(api)).json().workOrder).toEqual({
      number: workOrder.number,
      subject: 'Air conditioner repair',
    });

    const rated = await t.anon.post(`${api}/ratings`, { answers: DEFAULT_TEMPLATE_ANSWERS });
    expect(rated.statusCode).toBe(201);
    const ids = async (query: string) =>
      (await admin.get(`/api/v1/ratings?${query}`)).json().items.map((r: { id: string }) => r.id);
    expect(await ids(`engineerId=${engineer.id}`)).toEqual([rated.json().id]);
    expect(await ids(`departmentId=${region.id}`)).toEqual([rated.json().id]); // sub-departments included
    const other = await departmentFactory(t.ctx.db, { name: 'West' });
    expect(await ids(`departmentId=${other.id}`)).toEqual([]);
  });
});
