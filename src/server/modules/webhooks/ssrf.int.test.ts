import '../../../../test/support/no-network.js';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpFake } from '../../../../test/fakes/http-fake.js';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { webhookAttempts } from '../../db/schema/webhooks.js';

let t: TestApp;
let admin: Awaited<ReturnType<TestApp['loginAs']>>;
const target = new HttpFake(() => ({ status: 204 }));

beforeAll(async () => {
  // WEBHOOKS_ALLOW_PRIVATE_NETWORKS left at its default: false.
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
  await target.start();
});
afterAll(async () => {
  await t?.close();
  await target.close();
});

async function testEventTo(url: string) {
  const created = await admin.post('/api/v1/webhook-endpoints', { url, eventTypes: ['rating.submitted'] });
  expect(created.statusCode, created.body).toBe(201);
  const res = await admin.post(`/api/v1/webhook-endpoints/${created.json().id}/test`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('SSRF guard of the event webhooks (WEBHOOKS_ALLOW_PRIVATE_NETWORKS unset)', () => {
  it.each([
    ['loopback', () => `${target.url}/hook`],
    ['10/8', () => 'http://10.1.2.3/hook'],
    ['link-local (cloud metadata)', () => 'http://169.254.169.254/latest/meta-data'],
    ['localhost by name', () => `http://localhost:${target.port}/hook`],
  ])('refuses %s: no request is made, the delivery fails for good', async (_what, url) => {
    const before = target.requests.length;
    const delivery = await testEventTo(url());
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: null });
    expect(delivery.attemptLog[0].error).toMatch(/^blocked_address:/);
    expect(target.requests.length).toBe(before);
  });
});

describe('redirects are not followed', () => {
  it('a 3xx answer is the endpoint’s failure; the Location is never requested', async () => {
    const redirecting = new HttpFake(() => ({ status: 302, headers: { location: `${target.url}/elsewhere` } }));
    await redirecting.start();
    const allowed = await createTestApp({ env: { WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true' } });
    try {
      const a = await allowed.loginAs(['admin']);
      const created = await a.post('/api/v1/webhook-endpoints', {
        url: `${redirecting.url}/hook`,
        eventTypes: ['rating.submitted'],
      });
      const res = await a.post(`/api/v1/webhook-endpoints/${created.json().id}/test`);
      expect(res.json()).toMatchObject({ status: 'failed', lastStatusCode: 302 });
      expect(redirecting.requests).toHaveLength(1);
      expect(target.requests.filter((r) => r.path === '/elsewhere')).toHaveLength(0);
      const attempts = await allowed.ctx.db
        .select()
        .from(webhookAttempts)
        .where(eq(webhookAttempts.deliveryId, res.json().id));
      expect(attempts[0]).toMatchObject({ responseStatus: 302 });
    } finally {
      await allowed.close();
      await redirecting.close();
    }
  });
});
