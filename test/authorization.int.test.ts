import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Permission, permissionsOfRoles, permissionsOfScopes, ROLES, SCOPES } from '../src/common/roles.js';
import type { Access } from '../src/server/http/access.js';
import { createTestApp, type TestApp, type TestClient } from './support/app.js';

/**
 * Walks every registered /api/v1 route × every kind of caller and checks the access layer's answer.
 * New routes join automatically (the list comes from the running app); a route without a rule cannot register.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const FAKE_ID = '00000000-0000-4000-8000-000000000000';

type Caller = {
  name: string;
  kind: 'anonymous' | 'pending' | 'user' | 'api_key';
  permissions: Set<Permission>;
  client: () => Promise<TestClient>;
};

function expected(rule: Access, caller: Caller): 'allow' | 401 | 403 {
  if (rule.kind === 'public') return 'allow';
  if (caller.kind === 'anonymous') return 401;
  if (caller.kind === 'pending')
    return rule.kind === 'authenticated' && rule.allowPendingPasswordChange ? 'allow' : 403;
  if (rule.usersOnly && caller.kind === 'api_key') return 403;
  if (rule.kind === 'permission' && !caller.permissions.has(rule.permission)) return 403;
  return 'allow';
}

describe('authorisation matrix', () => {
  it('has routes to walk and each declares an access rule', () => {
    expect(t.app.accessTable.length).toBeGreaterThan(5);
  });

  it('answers every route × every role as declared, and never with a 5xx', async () => {
    const callers: Caller[] = [
      { name: 'anonymous', kind: 'anonymous', permissions: new Set(), client: async () => t.anon },
      {
        name: 'admin who must change the password',
        kind: 'pending',
        permissions: permissionsOfRoles(['admin']),
        client: () => t.loginAs(['admin'], { mustChangePassword: true }),
      },
      ...ROLES.map(
        (role): Caller => ({
          name: role,
          kind: 'user',
          permissions: permissionsOfRoles([role]),
          client: () => t.loginAs([role]),
        }),
      ),
      {
        name: 'user without roles',
        kind: 'user',
        permissions: new Set(),
        client: () => t.loginAs([]),
      },
      {
        name: 'API key with every scope',
        kind: 'api_key',
        permissions: permissionsOfScopes(SCOPES),
        client: async () => {
          const admin = await t.loginAs(['admin']);
          const res = await admin.post('/api/v1/api-keys', { name: 'matrix', scopes: [...SCOPES] });
          return t.withApiKey(res.json().key);
        },
      },
    ];
    // Logging out ends the caller's session, so it goes last.
    const routes = [...t.app.accessTable].sort(
      (a, b) => Number(a.url.endsWith('/logout')) - Number(b.url.endsWith('/logout')),
    );
    const failures: string[] = [];
    for (const caller of callers) {
      const client = await caller.client();
      for (const route of routes) {
        const url = route.url.replace(/:[A-Za-z]+/g, FAKE_ID);
        const res = await client.request({
          method: route.method as 'GET',
          url,
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
        });
        const want = expected(route.access, caller);
        const got = res.statusCode;
        const ok = got < 500 && (want === 'allow' ? got !== 401 && got !== 403 : got === want);
        if (!ok)
          failures.push(
            `${caller.name}: ${route.method} ${route.url} → ${got}, expected ${want} (${res.body.slice(0, 160)})`,
          );
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);
});
