import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { createLoginEmployee, TEST_PASSWORD } from '../../../test/support/factories.js';

const PUBLIC = 'https://rate.example.com';
const EVIL = 'https://evil.example';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { PUBLIC_BASE_URL: PUBLIC } });
});
afterAll(async () => {
  await t?.close();
});

async function login(headers: Record<string, string>) {
  const { username } = await createLoginEmployee(t.ctx.db, { roles: ['admin'] });
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { host: 'rateloop.internal:3000', ...headers },
    payload: { username, password: TEST_PASSWORD },
  });
}

const expectOriginRefused = (res: { statusCode: number; json(): { type: string } }) => {
  expect(res.statusCode).toBe(403);
  expect(res.json().type).toMatch(/\/origin$/);
};

describe('Origin check on browser requests that change something', () => {
  it('login: a foreign origin is refused (login CSRF); ours, the public one or none is accepted', async () => {
    expectOriginRefused(await login({ origin: EVIL }));
    expectOriginRefused(await login({ origin: 'null' }));
    expectOriginRefused(await login({ origin: 'http://rateloop.internal:3000.evil.example' }));
    expectOriginRefused(await login({ origin: 'https://rateloop.internal:3000' })); // scheme differs
    expectOriginRefused(await login({ 'sec-fetch-site': 'cross-site' }));
    expectOriginRefused(await login({ 'sec-fetch-site': 'same-site', origin: 'https://other.example.com' }));

    expect((await login({ origin: 'http://rateloop.internal:3000', 'sec-fetch-site': 'same-origin' })).statusCode).toBe(
      200,
    );
    expect((await login({ origin: 'HTTP://RATELOOP.INTERNAL:3000' })).statusCode).toBe(200);
    expect((await login({ origin: PUBLIC })).statusCode).toBe(200); // behind a proxy that rewrites Host
    expect((await login({ origin: 'https://rate.example.com:443' })).statusCode).toBe(200);
    // Non-browser clients send no Origin (browsers always do on cross-origin POSTs).
    expect((await login({})).statusCode).toBe(200);
  });

  it('a cookie request with a valid CSRF token but a foreign Origin is refused', async () => {
    const admin = await t.loginAs(['admin']);
    const create = (headers: Record<string, string>) =>
      admin.request({
        method: 'POST',
        url: '/api/v1/service-types',
        headers: { host: 'rateloop.internal:3000', ...headers },
        payload: { name: `Origin ${Math.random()}`, code: `o-${Math.random().toString(36).slice(2, 10)}` },
      });
    expectOriginRefused(await create({ origin: EVIL }));
    expectOriginRefused(await create({ origin: EVIL, 'sec-fetch-site': 'cross-site' }));
    expectOriginRefused(await create({ 'sec-fetch-site': 'same-site' }));
    const logout = await admin.request({ method: 'POST', url: '/api/v1/auth/logout', headers: { origin: EVIL } });
    expectOriginRefused(logout);
    expect((await admin.get('/api/v1/auth/session')).statusCode).toBe(200); // still logged in

    // Safe methods are not checked (they change nothing).
    expect(
      (await admin.request({ method: 'GET', url: '/api/v1/service-types', headers: { origin: EVIL } })).statusCode,
    ).toBe(200);

    expect(
      (await create({ origin: 'http://rateloop.internal:3000', 'sec-fetch-site': 'same-origin' })).statusCode,
    ).toBe(201);
    expect((await create({ origin: PUBLIC })).statusCode).toBe(201);
    expect((await create({})).statusCode).toBe(201);
  });

  it('the origin check comes before the CSRF check, and the CSRF check still applies', async () => {
    const admin = await t.loginAs(['admin']);
    const withoutToken = (origin: string) =>
      admin.request({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { origin, 'x-csrf-token': 'wrong' },
      });
    expectOriginRefused(await withoutToken(EVIL));
    const csrf = await withoutToken(PUBLIC);
    expect(csrf.statusCode).toBe(403);
    expect(csrf.json().type).toMatch(/\/csrf$/);
  });

  it('API-key requests are not affected', async () => {
    const admin = await t.loginAs(['admin']);
    const key = (await admin.post('/api/v1/api-keys', { name: 'ERP', scopes: ['service-types:write'] })).json().key;
    const res = await t.withApiKey(key).request({
      method: 'POST',
      url: '/api/v1/service-types',
      headers: { origin: EVIL, 'sec-fetch-site': 'cross-site' },
      payload: { name: 'From the ERP', code: 'erp-origin' },
    });
    expect(res.statusCode).toBe(201);
  });
});
