import '../../../../test/support/no-network.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { testDbKind } from '../../../../test/support/db.js';
import { departmentFactory, workOrderFactory } from '../../../../test/support/factories.js';
import { defaultTemplateVersionId, invitationFactory } from '../../../../test/support/invitations.js';
import { createSecondApp } from '../../../../test/support/second-app.js';
import { connectSse } from '../../../../test/support/sse.js';

/**
 * #17 real-time push: a negative rating submitted through one server reaches the responsible supervisor's console on
 * another — the stream carries the case and the notification (the console refreshes its badge on it), and the
 * supervisor's unread count, read through the first server, has the alert. On PGlite both ends are one server.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ work: true, publicRateLimits: { perIpPerMinute: 100_000 } });
});
afterAll(async () => {
  await t?.close();
});

const dataOf = (m: { data: string }) => JSON.parse(m.data) as { type: string; workOrderId: string | null };

describe('alert push', () => {
  it('a supervisor listening on one server sees the alert of a rating submitted through another', {
    timeout: 120_000,
  }, async () => {
    const second = testDbKind() === 'postgres' ? await createSecondApp(t) : null;
    try {
      const supervisor = await t.loginAs(['supervisor']);
      const region = await departmentFactory(t.ctx.db, { kind: 'region', managerId: supervisor.employeeId });
      const listenOn = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const wo = await workOrderFactory(t.ctx, { departmentId: region.id });
      const sse = await connectSse(`${listenOn}/api/v1/events`, supervisor.headers);
      try {
        expect(sse.status).toBe(200);
        await new Promise((r) => setTimeout(r, 300));
        const inv = await invitationFactory(
          t.ctx.db,
          { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl },
          { templateVersionId: await defaultTemplateVersionId(t.ctx.db), workOrderId: wo.id },
        );
        const submitThrough = second ? second.app : t.app;
        const res = await submitThrough.inject({
          method: 'POST',
          url: `${inv.api}/ratings`,
          payload: { answers: { response_speed: 1, technical_ability: 1, attitude: 1, problem_resolved: false } },
        });
        expect(res.statusCode, res.body).toBe(201);
        const types = () => sse.messages.filter((m) => dataOf(m).workOrderId === wo.id).map((m) => dataOf(m).type);
        await expect.poll(types, { timeout: 60_000, interval: 50 }).toContain('notification.created');
        expect(types()).toEqual(expect.arrayContaining(['rating.negative', 'case.opened']));
        const unread = await supervisor.get('/api/v1/notifications/unread-count');
        expect(unread.json().unread).toBeGreaterThanOrEqual(1);
        const [item] = (await supervisor.get('/api/v1/notifications')).json().items;
        expect(item).toMatchObject({ workOrderId: wo.id });
        expect(item.caseId).toEqual(expect.any(String));
      } finally {
        sse.close();
      }
    } finally {
      await second?.close();
    }
  });
});
