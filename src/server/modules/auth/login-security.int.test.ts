import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { testDbKind } from '../../../../test/support/db.js';
import { createLoginEmployee, TEST_PASSWORD } from '../../../../test/support/factories.js';
import { createSecondApp } from '../../../../test/support/second-app.js';
import { postgresRateLimitStore } from '../../http/rate-limit-store.js';
import { LOCKOUT } from './accounts.service.js';
import { PASSWORD_CONTAINS_USERNAME, PASSWORD_TOO_EASY } from './password-policy.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** A login from `remoteAddress` (the socket peer), optionally claiming another address in X-Forwarded-For. */
const login = (
  app: FastifyInstance,
  body: { username: string; password: string },
  from: { remoteAddress: string; forwardedFor?: string },
) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: body,
    remoteAddress: from.remoteAddress,
    headers: from.forwardedFor ? { 'x-forwarded-for': from.forwardedFor } : {},
  });

const loginAuditIps = async (app: TestApp, username: string) => {
  const { rows } = await app.ctx.database.sql.query<{ ip: string | null }>(
    `select e.ip from audit_events e join accounts a on a.id::text = e.entity_id::text
      where e.action = 'auth.login' and a.username = $1`,
    [username],
  );
  return rows.map((r) => r.ip);
};

const countBy = (codes: number[]) =>
  codes.reduce<Record<number, number>>((acc, c) => {
    acc[c] = (acc[c] ?? 0) + 1;
    return acc;
  }, {});

describe('client address (TRUST_PROXY)', () => {
  it('unset: ignores X-Forwarded-For, so rotating it neither escapes the login limit nor reaches the audit log', async () => {
    const { username } = await createLoginEmployee(t.ctx.db, { roles: ['analyst'] });
    const from = { remoteAddress: '192.0.2.10' };
    const ok = await login(t.app, { username, password: TEST_PASSWORD }, { ...from, forwardedFor: '203.0.113.99' });
    expect(ok.statusCode).toBe(200);
    expect(await loginAuditIps(t, username)).toEqual(['192.0.2.10']);

    const codes: number[] = [];
    for (let i = 1; i < 25; i++) {
      const res = await login(
        t.app,
        { username: 'nobody-here', password: 'whatever-123' },
        { ...from, forwardedFor: `198.51.100.${i}` },
      );
      codes.push(res.statusCode);
    }
    // 20 per minute in total: the success above and 19 more.
    expect(codes).toEqual([...Array(19).fill(401), ...Array(5).fill(429)]);

    const limited = await login(t.app, { username: 'nobody-here', password: 'x' }, from);
    expect(limited.statusCode).toBe(429);
    // The real window, not the time left (it used to say "at most 20 per 31 seconds").
    // The time left is the rest of the window: "1 minute" when it has just begun (a fast machine), else seconds.
    expect(limited.json().detail).toMatch(
      /^Too many requests: at most 20 per minute\. Try again in (\d+ seconds?|1 minute)\.$/,
    );
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('TRUST_PROXY=1: takes the address the proxy appended, and limits per that address', async () => {
    const proxied = await createTestApp({ env: { TRUST_PROXY: '1' } });
    try {
      const { username } = await createLoginEmployee(proxied.ctx.db, { roles: ['analyst'] });
      const proxy = '10.0.0.2';
      const ok = await login(
        proxied.app,
        { username, password: TEST_PASSWORD },
        { remoteAddress: proxy, forwardedFor: '198.51.100.200, 203.0.113.7' },
      );
      expect(ok.statusCode).toBe(200);
      // One hop trusted: the right-most entry (what nginx appended), not the client-written one before it.
      expect(await loginAuditIps(proxied, username)).toEqual(['203.0.113.7']);

      const codes: number[] = [];
      for (let i = 0; i < 21; i++) {
        const res = await login(
          proxied.app,
          { username: 'nobody-here', password: 'whatever-123' },
          { remoteAddress: proxy, forwardedFor: '198.51.100.1' },
        );
        codes.push(res.statusCode);
      }
      expect(codes).toEqual([...Array(20).fill(401), 429]);
      const other = await login(
        proxied.app,
        { username: 'nobody-here', password: 'whatever-123' },
        { remoteAddress: proxy, forwardedFor: '198.51.100.2' },
      );
      expect(other.statusCode).toBe(401);
    } finally {
      await proxied.close();
    }
  });
});

describe.runIf(testDbKind() === 'postgres')('rate limits across processes (PostgreSQL)', () => {
  it('holds the login limit of 20 per minute in total across two servers on one database', async () => {
    const second = await createSecondApp(t);
    try {
      const from = { remoteAddress: '192.0.2.40' };
      const body = { username: 'nobody-here', password: 'whatever-123' };
      const codes: number[] = [];
      for (let i = 0; i < 12; i++) codes.push((await login(t.app, body, from)).statusCode);
      for (let i = 0; i < 12; i++) codes.push((await login(second.app, body, from)).statusCode);
      expect(countBy(codes)).toEqual({ 401: 20, 429: 4 });
      expect(codes.slice(20)).toEqual([429, 429, 429, 429]);
      // Concurrent hits on both servers are counted exactly too (one atomic upsert each).
      const burstFrom = { remoteAddress: '192.0.2.41' };
      const burst = await Promise.all(
        Array.from({ length: 30 }, (_, i) => login(i % 2 ? second.app : t.app, body, burstFrom)),
      );
      expect(countBy(burst.map((r) => r.statusCode))).toEqual({ 401: 20, 429: 10 });
    } finally {
      await second.close();
    }
  });

  it('keeps one row per route and key, and starts a new window when the old one has expired', async () => {
    const { rows } = await t.ctx.database.sql.query<{ key: string }>('select key from rate_limits');
    expect(rows.map((r) => r.key)).toContain('POST /api/v1/auth/login|192.0.2.40');

    const Store = postgresRateLimitStore(t.ctx.database);
    const store = new Store({}).child({ routeInfo: {} } as never) as unknown as {
      incr(key: string, cb: (err: Error | null, res?: { current: number; ttl: number }) => void, ms: number): void;
    };
    const incr = (ms: number) =>
      new Promise<{ current: number; ttl: number }>((resolve, reject) =>
        store.incr('test-window', (err, res) => (err ? reject(err) : resolve(res!)), ms),
      );
    expect((await incr(300)).current).toBe(1);
    const second = await incr(300);
    expect(second.current).toBe(2);
    expect(second.ttl).toBeGreaterThan(0);
    expect(second.ttl).toBeLessThanOrEqual(300);
    await new Promise((r) => setTimeout(r, 350));
    expect((await incr(300)).current).toBe(1);
  });
});

describe('lockout', () => {
  it(`lets at most ${LOCKOUT.maxFailures} wrong passwords be verified, however many arrive at once`, async () => {
    const { username } = await createLoginEmployee(t.ctx.db, { roles: ['analyst'] });
    const from = { remoteAddress: '192.0.2.30' };
    const burst = await Promise.all(
      Array.from({ length: 15 }, () => login(t.app, { username, password: 'wrong-password' }, from)),
    );
    const codes = burst.map((r) => r.statusCode);
    // A 401 is a verified wrong password; a 429 was refused before verifying.
    expect(countBy(codes)).toEqual({ 401: LOCKOUT.maxFailures, 429: 15 - LOCKOUT.maxFailures });
    const right = await login(t.app, { username, password: TEST_PASSWORD }, from);
    expect(right.statusCode).toBe(429);
    expect(right.json().detail).toContain('temporarily locked');

    const { rows } = await t.ctx.database.sql.query<{ locked: boolean; n: string }>(
      `select a.locked_until > now() as locked,
              (select count(*) from audit_events e where e.action = 'auth.account_locked' and e.entity_id::text = a.id::text) as n
         from accounts a where a.username = $1`,
      [username],
    );
    expect(rows[0]).toMatchObject({ locked: true });
    expect(Number(rows[0]!.n)).toBe(1);
  });

  it('starts counting again after a successful login', async () => {
    const { username } = await createLoginEmployee(t.ctx.db, { roles: ['analyst'] });
    const from = { remoteAddress: '192.0.2.31' };
    for (let i = 0; i < LOCKOUT.maxFailures - 1; i++) {
      expect((await login(t.app, { username, password: 'wrong-password' }, from)).statusCode).toBe(401);
    }
    expect((await login(t.app, { username, password: TEST_PASSWORD }, from)).statusCode).toBe(200);
    for (let i = 0; i < LOCKOUT.maxFailures - 1; i++) {
      expect((await login(t.app, { username, password: 'wrong-password' }, from)).statusCode).toBe(401);
    }
    expect((await login(t.app, { username, password: TEST_PASSWORD }, from)).statusCode).toBe(200);
  });
});

describe('inactive accounts', () => {
  it('answers a wrong password like an unknown user; only the right one learns the account is inactive', async () => {
    const { employee, username } = await createLoginEmployee(t.ctx.db, { roles: ['analyst'] });
    await t.ctx.database.sql.query('update employees set active = false where id = $1', [employee.id]);
    const from = { remoteAddress: '192.0.2.50' };
    const unknown = await login(t.app, { username: 'nobody-at-all', password: 'wrong-password' }, from);
    const wrong = await login(t.app, { username, password: 'wrong-password' }, from);
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().detail).toBe('Wrong username or password.');
    expect(wrong.json()).toEqual(unknown.json());
    const right = await login(t.app, { username, password: TEST_PASSWORD }, from);
    expect(right.statusCode).toBe(401);
    expect(right.json().detail).toBe('This account is inactive.');
  });
});

describe('password policy', () => {
  it('refuses guessable passwords and ones containing the username when changing the own password', async () => {
    const user = await t.loginAs(['analyst'], { mustChangePassword: true });
    const cases: [string, string, string][] = [
      ['1234567890', PASSWORD_TOO_EASY, 'too_easy_to_guess'],
      ['password12', PASSWORD_TOO_EASY, 'too_easy_to_guess'],
      [`${user.username}123`, PASSWORD_CONTAINS_USERNAME, 'contains_username'],
      [`${user.username.toUpperCase()}-x-y-z`, PASSWORD_CONTAINS_USERNAME, 'contains_username'],
    ];
    for (const [newPassword, message, code] of cases) {
      const res = await user.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword });
      expect(res.statusCode, newPassword).toBe(400);
      expect(res.json().errors).toEqual([{ path: 'newPassword', message, code }]);
    }
    expect(PASSWORD_TOO_EASY).toBe('is too easy to guess');
    const short = await user.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(short.json().errors).toEqual([
      { path: 'newPassword', message: 'must be at least 10 characters', code: 'too_short', params: { min: 10 } },
    ]);

    const strong = await user.post('/api/v1/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'violet tangerine kayak marble',
    });
    expect(strong.statusCode).toBe(204);
  });

  it('takes the person’s name as a known input', async () => {
    const { username } = await createLoginEmployee(t.ctx.db, {
      roles: ['engineer'],
      overrides: { name: 'Wang Fang' },
    });
    const res = await login(t.app, { username, password: TEST_PASSWORD }, { remoteAddress: '10.9.9.9' });
    const cookies = Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
    const change = (newPassword: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        remoteAddress: '10.9.9.9',
        headers: {
          cookie: `rl_session=${cookies.rl_session}; rl_csrf=${cookies.rl_csrf}`,
          'x-csrf-token': cookies.rl_csrf!,
        },
        payload: { currentPassword: TEST_PASSWORD, newPassword },
      });
    // Strong without the name (zxcvbn 4), guessable with it.
    const named = await change('fangwangfang');
    expect(named.statusCode).toBe(400);
    expect(named.json().errors).toEqual([
      { path: 'newPassword', message: PASSWORD_TOO_EASY, code: 'too_easy_to_guess' },
    ]);
    expect((await change(`x-${username}-x`)).json().errors).toEqual([
      { path: 'newPassword', message: PASSWORD_CONTAINS_USERNAME, code: 'contains_username' },
    ]);
    expect((await change('violet tangerine kayak marble')).statusCode).toBe(204);
  });
});
