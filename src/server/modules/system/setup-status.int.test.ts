import '../../../../test/support/no-network.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpFake } from '../../../../test/fakes/smtp.js';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { smtpConfig } from '../../../../test/support/delivery.js';
import { templateFactory } from '../../../../test/support/factories.js';

let t: TestApp;
let admin: Awaited<ReturnType<TestApp['loginAs']>>;
const smtp = new SmtpFake();

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
  await smtp.start();
});
afterAll(async () => {
  await t?.close();
  await smtp.stop();
});

const status = async () => {
  const res = await admin.get('/api/v1/setup-status');
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    steps: { step: string; done: boolean }[];
    complete: boolean;
    channelWarnings: { kind: string; id: string; name: string; channel: string }[];
  };
};
const done = async () => Object.fromEntries((await status()).steps.map((s) => [s.step, s.done]));

describe('GET /setup-status', () => {
  it('follows the set-up from the owning modules and warns about a rule on a channel without configuration', async () => {
    const before = await done();
    expect(before).toMatchObject({ department: false, serviceType: false, channel: false, testMessage: false });

    expect((await admin.post('/api/v1/departments', { name: 'Service', kind: 'department' })).statusCode).toBe(201);
    expect((await admin.post('/api/v1/service-types', { name: 'AC repair', code: 'ac_setup' })).statusCode).toBe(201);
    const template = await templateFactory(t.ctx.db);
    const rule = await admin.post('/api/v1/rating-rules', {
      name: 'SMS rule',
      templateId: template.id,
      channels: ['qr', 'sms'],
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const s1 = await status();
    expect(s1.channelWarnings).toEqual([{ kind: 'rule', id: rule.json().id, name: 'SMS rule', channel: 'sms' }]);
    expect(await done()).toMatchObject({ department: true, serviceType: true, channel: false });

    const configId = await smtpConfig(admin, smtp);
    const test = await admin.post(`/api/v1/channel-configs/${configId}/test`, { to: 'ops@example.com' });
    expect(test.statusCode, test.body).toBe(200);
    expect(await done()).toMatchObject({ channel: true, testMessage: true });
    // An e-mail configuration does not configure SMS: the warning stays until the rule changes.
    expect((await status()).channelWarnings).toHaveLength(1);
    const off = await admin.request({
      method: 'PATCH',
      url: `/api/v1/rating-rules/${rule.json().id}`,
      payload: { enabled: false },
    });
    expect(off.statusCode, off.body).toBe(200);
    expect((await status()).channelWarnings).toEqual([]);
  });

  it('is for admins only', async () => {
    const supervisor = await t.loginAs(['supervisor']);
    const res = await supervisor.get('/api/v1/setup-status');
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
