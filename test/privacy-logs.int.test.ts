import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, smsRuleServiceType } from './support/console-data.js';
import { apiLogin } from './support/http-session.js';
import { type ServerProcess, startServerProcess } from './support/server-process.js';

/**
 * No contact data in the logs (issue 21): the real server, logging everything (`LOG_LEVEL=trace`), runs a whole loop
 * for one customer — a work order with their name, phone and e-mail, its invitation delivered by SMS, a low rating
 * with a comment, a refused request that carries the phone, the customer portal's sign-in — and then not one log
 * line holds the customer's phone (in any spelling), e-mail, name or comment.
 */
const PHONE = '13912345678';
const EMAIL = 'privacy.probe@example.com';
const NAME = '隐私探针客户';
const COMMENT = '空调外机噪音大PRIVACYPROBE4711';
const NEW_PASSWORD = 'privacy-probe-owner-77';

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({
    env: { LOG_LEVEL: 'trace', SANDBOX_CHANNEL_ENABLED: 'true' },
    timeoutMs: 170_000,
  });
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

async function until<T>(what: string, probe: () => Promise<T | null | undefined>): Promise<T> {
  for (let i = 0; i < 150; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('logs', () => {
  it('hold no contact data after a whole loop, even at trace level', { timeout: 240_000 }, async () => {
    const first = await apiLogin(server.url, 'admin', server.adminPassword);
    await callApi(server.url, first.headers, 'POST', '/auth/password', {
      currentPassword: server.adminPassword,
      newPassword: NEW_PASSWORD,
    });
    const { headers } = await apiLogin(server.url, 'admin', NEW_PASSWORD);
    const st = await smsRuleServiceType(server.url, headers, { name: '空调维修', code: `privacy${Date.now()}` });

    const wo = await callApi(server.url, headers, 'POST', '/work-orders', {
      subject: '空调维修',
      serviceTypeId: st.id,
      status: 'in_service',
      customer: { name: NAME, phone: PHONE, email: EMAIL, locale: 'zh-CN' },
    });
    await callApi(server.url, headers, 'PATCH', `/work-orders/${wo.id}`, { status: 'completed' });
    const invitation = await until('the invitation delivered by SMS', async () => {
      const list = await callApi(server.url, headers, 'GET', `/work-orders/${wo.id}/invitations`);
      return list.items.find((i: { status: string }) => i.status === 'delivered');
    });
    const token = String(invitation.url).split('/r/')[1];
    const rated = await fetch(`${server.url}/api/v1/public/invitations/${token}/ratings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        answers: { response_speed: 1, technical_ability: 2, attitude: 1, problem_resolved: false },
        comment: COMMENT,
      }),
    });
    expect(rated.status).toBe(201);

    // The console's search by the customer's phone and name: the request lines keep the path, not the values.
    for (const q of [PHONE, NAME]) {
      const found = await callApi(server.url, headers, 'GET', `/work-orders?q=${encodeURIComponent(q)}&limit=5`);
      expect(found.items.map((w: { id: string }) => w.id)).toContain(wo.id);
    }

    // A refused request carrying the phone (an unknown field next to it) and a search by it.
    const refused = await fetch(`${server.url}/api/v1/work-orders`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ subject: 'x', serviceTypeId: 'nope', customer: { phone: PHONE, email: EMAIL } }),
    });
    expect(refused.status).toBe(400);

    // The customer signs in to the portal with the number, and looks at their work orders.
    const asked = await fetch(`${server.url}/c/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ phone: PHONE, lang: 'zh-CN' }),
    });
    expect(asked.status).toBe(303);
    const pending = asked.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const code = await until('the texted code', async () => {
      const inbox = await callApi(server.url, headers, 'GET', '/sandbox/messages?channel=sms&limit=50');
      const text = inbox.items.map((m: { text: string }) => m.text).find((t: string) => t.includes('验证码'));
      return text ? /(\d{6})/.exec(text)?.[1] : null;
    });
    const signedIn = await fetch(`${server.url}/c/code`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: pending.join('; ') },
      body: new URLSearchParams({ code, lang: 'zh-CN' }),
    });
    expect(signedIn.status).toBe(303);
    const session = signedIn.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const home = await fetch(`${server.url}/c/?lang=zh-CN`, { headers: { cookie: session.join('; ') } });
    expect(await home.text()).toContain(wo.number);

    // Let the workers finish what the loop started (the rating's events, alerts, rollups).
    await new Promise((r) => setTimeout(r, 3000));
    const log = server.output();
    expect(log.split('\n').length).toBeGreaterThan(50);
    // The phone in any stored spelling contains these digits (`+8613912345678` too).
    const spellings = [PHONE, EMAIL, NAME, COMMENT];
    const leaks = log
      .split('\n')
      .filter((line) => spellings.some((s) => line.includes(s)))
      .map((line) => line.slice(0, 400));
    expect(leaks).toEqual([]);
  });
});
