import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { createLoginEmployee, TEST_PASSWORD } from '../../../../test/support/factories.js';
import { ensureInitialAdmin } from '../org/bootstrap.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const cookiesOf = (res: { cookies: { name: string; value: string }[] }) =>
  Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));

describe('login, forced password change, logout', () => {
  it('creates the first admin once, who must change the password before anything else', async () => {
    const first = await ensureInitialAdmin(t.ctx.db, 'first-admin-secret');
    expect(first).toEqual({ password: 'first-admin-secret' });
    expect(await ensureInitialAdmin(t.ctx.db)).toBeNull();

    const login = await t.anon.post('/api/v1/auth/login', { username: 'admin', password: 'first-admin-secret' });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toMatchObject({ mustChangePassword: true, user: { username: 'admin', roles: ['admin'] } });
    const session = login.cookies.find((c) => c.name === 'rl_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const c = cookiesOf(login);
    const headers = { cookie: `rl_session=${c.rl_session}; rl_csrf=${c.rl_csrf}`, 'x-csrf-token': c.rl_csrf! };

    const blocked = await t.app.inject({ method: 'GET', url: '/api/v1/audit-events', headers });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().type).toMatch(/must-change-password$/);

    const tooShort = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers,
      payload: { currentPassword: 'first-admin-secret', newPassword: 'short' },
    });
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json().errors).toEqual([
      { path: 'newPassword', message: expect.stringContaining('10'), code: 'too_short', params: { min: 10 } },
    ]);

    const wrongCurrent = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers,
      payload: { currentPassword: 'nope-nope-nope', newPassword: 'a-brand-new-password' },
    });
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json().errors[0].path).toBe('currentPassword');

    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers,
      payload: { currentPassword: 'first-admin-secret', newPassword: 'a-brand-new-password' },
    });
    expect(changed.statusCode).toBe(204);
    const allowed = await t.app.inject({ method: 'GET', url: '/api/v1/audit-events', headers });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json().items.map((e: { action: string }) => e.action)).toContain('auth.password_changed');

    const logout = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });
    expect(logout.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers });
    expect(after.statusCode).toBe(401);
  });

  it('rejects a state-changing cookie request without the CSRF token', async () => {
    const user = await t.loginAs(['admin']);
    const res = await user.request({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { 'x-csrf-token': 'forged' },
      payload: { name: 'x', scopes: ['org:read'] },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().type).toMatch(/csrf$/);
  });

  it('locks an account for a while after five wrong passwords', async () => {
    const { username } = await createLoginEmployee(t.ctx.db, { roles: ['analyst'] });
    for (let i = 0; i < 5; i++) {
      const res = await t.anon.post('/api/v1/auth/login', { username, password: 'wrong-password' });
      expect(res.statusCode).toBe(401);
    }
    const locked = await t.anon.post('/api/v1/auth/login', { username, password: TEST_PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.headers['content-type']).toContain('application/problem+json');
  });

  it('answers a wrong password and an unknown user alike', async () => {
    const unknown = await t.anon.post('/api/v1/auth/login', { username: 'nobody-here', password: 'whatever-123' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().detail).toBe('Wrong username or password.');
    const missing = await t.anon.post('/api/v1/auth/login', { username: '' });
    expect(missing.statusCode).toBe(400);
    expect(
      missing
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['password', 'username']);
  });
});

describe('API keys', () => {
  it('shows the key once, stores it hashed, honours scopes and revocation', async () => {
    const admin = await t.loginAs(['admin']);
    const created = await admin.post('/api/v1/api-keys', { name: 'ERP', scopes: ['audit:read'] });
    expect(created.statusCode).toBe(201);
    const { key, id, prefix } = created.json();
    expect(key).toMatch(/^rlk_/);
    expect(key.startsWith(prefix)).toBe(true);
    const rows = await t.ctx.database.sql.query<{ key_hash: string }>('select key_hash from api_keys where id = $1', [
      id,
    ]);
    expect(rows.rows[0]!.key_hash).not.toContain(key);

    const list = await admin.get('/api/v1/api-keys');
    expect(JSON.stringify(list.json())).not.toContain(key);

    const integration = t.withApiKey(key);
    expect((await integration.get('/api/v1/audit-events')).statusCode).toBe(200);
    // An API key never manages API keys, whatever its scopes.
    expect((await integration.get('/api/v1/api-keys')).statusCode).toBe(403);
    expect((await t.withApiKey('rlk_unknown').get('/api/v1/audit-events')).statusCode).toBe(401);

    const bad = await admin.post('/api/v1/api-keys', { name: 'x', scopes: ['everything'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('scopes.0');

    expect((await admin.delete(`/api/v1/api-keys/${id}`)).statusCode).toBe(204);
    expect((await integration.get('/api/v1/audit-events')).statusCode).toBe(401);
    const audit = await admin.get(`/api/v1/audit-events?entityType=api_key&entityId=${id}`);
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual(['api_key.revoked', 'api_key.created']);
  });
});
