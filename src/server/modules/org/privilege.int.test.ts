import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { createLoginEmployee } from '../../../../test/support/factories.js';
import { SYSTEM_ACTOR } from '../../http/principal.js';
import { updateEmployee } from './employees.service.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function keyWith(scopes: string[]) {
  const admin = await t.loginAs(['admin']);
  const res = await admin.post('/api/v1/api-keys', { name: `key ${scopes.join(' ')}`.slice(0, 80), scopes });
  expect(res.statusCode).toBe(201);
  return t.withApiKey(res.json().key);
}

let n = 0;
const employeeBody = (roles: string[], withLogin: boolean) => {
  n += 1;
  return {
    employeeNo: `P-${n}-${Date.now()}`,
    name: `Person ${n}`,
    roles,
    ...(withLogin ? { login: { username: `person_${n}_${Date.now()}` } } : {}),
  };
};

describe('an API key never grants more than its scopes carry', () => {
  it('refuses an org:write key creating an admin login (the reported escalation) and any login beyond its power', async () => {
    const key = await keyWith(['org:write']);
    for (const roles of [['admin'], ['supervisor'], ['engineer'], ['analyst', 'admin']]) {
      const res = await key.post('/api/v1/employees', employeeBody(roles, true));
      expect(res.statusCode, JSON.stringify(roles)).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ type: expect.stringMatching(/privilege-escalation$/) });
      expect(res.json().errors[0].path).toBe('roles');
      expect(res.json()).not.toHaveProperty('initialPassword');
    }
    // A login with no role gives no permission: the key may create it; so may it record roles on people without a
    // login (roles give power only through a login — HR sync creates engineers this way).
    expect((await key.post('/api/v1/employees', employeeBody([], true))).statusCode).toBe(201);
    expect((await key.post('/api/v1/employees', employeeBody(['admin', 'engineer'], false))).statusCode).toBe(201);
  });

  it('refuses an org:write key changing the roles or the active state of someone holding more than it', async () => {
    const key = await keyWith(['org:write']);
    const { employee: admin } = await createLoginEmployee(t.ctx.db, { roles: ['admin'] });
    const { employee: engineer } = await createLoginEmployee(t.ctx.db, { roles: ['engineer'] });
    for (const [id, body] of [
      [admin.id, { roles: [] }],
      [admin.id, { active: false }],
      [engineer.id, { roles: ['admin'] }],
      [engineer.id, { active: false }],
    ] as const) {
      const res = await key.patch(`/api/v1/employees/${id}`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(403);
      expect(res.json().type).toMatch(/privilege-escalation$/);
    }
    // Other fields stay editable, and nothing above changed.
    const renamed = await key.patch(`/api/v1/employees/${admin.id}`, { name: 'Renamed by HR' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ roles: ['admin'], active: true, name: 'Renamed by HR' });
  });

  it('lets a key holding every scope it could grant give those roles, but never admin', async () => {
    const key = await keyWith([
      'org:write',
      'service-types:read',
      'templates:read',
      'work-orders:write',
      'ratings:read',
      'rules:read',
      // Analysts (and supervisors) read the dashboard since issue 16: a key grants them only holding that too.
      'analytics:read',
      // …and business calendars, SLA policies and remediation cases since issue 17.
      'sla:read',
      'cases:read',
      // …and scheduled reports since issue 18.
      'reports:manage',
    ]);
    expect((await key.post('/api/v1/employees', employeeBody(['engineer'], true))).statusCode).toBe(201);
    expect((await key.post('/api/v1/employees', employeeBody(['analyst'], true))).statusCode).toBe(201);
    expect((await key.post('/api/v1/employees', employeeBody(['admin'], true))).statusCode).toBe(403);
  });
});

describe('the last active administrator', () => {
  it('cannot be demoted or deactivated by another admin, and the rule holds when two admins race', async () => {
    // This database's admins: whoever earlier tests created. Make every existing admin but two inactive by
    // demoting them one by one until the guard answers, so the race below starts with exactly two admins.
    const a = await t.loginAs(['admin']);
    const b = await t.loginAs(['admin']);
    const list = await a.get('/api/v1/employees?role=admin&active=true&limit=500');
    for (const e of list.json().items as { id: string; username: string | null }[]) {
      if (e.id === a.employeeId || e.id === b.employeeId || !e.username) continue;
      expect((await a.patch(`/api/v1/employees/${e.id}`, { roles: [] })).statusCode).toBe(200);
    }

    // a and b demote each other at the same time: exactly one may succeed.
    const [ab, ba] = await Promise.all([
      a.patch(`/api/v1/employees/${b.employeeId}`, { roles: ['supervisor'] }),
      b.patch(`/api/v1/employees/${a.employeeId}`, { active: false }),
    ]);
    const statuses = [ab.statusCode, ba.statusCode].sort();
    // The loser is refused either by the guard (409 last-admin) or, when the winner's change ended its session
    // or removed its admin role first, by the gate (401/403) — in every order one admin remains.
    expect(statuses[0]).toBe(200);
    expect([401, 403, 409]).toContain(statuses[1]);

    // The winner lists (the loser may have been deactivated, which ends its session).
    const survivor = ab.statusCode === 200 ? a : b;
    const survivorId = survivor.employeeId;
    const admins = await survivor.get('/api/v1/employees?role=admin&active=true&limit=500');
    const withLogin = (admins.json().items as { id: string; username: string | null }[]).filter((e) => e.username);
    expect(withLogin.map((e) => e.id)).toEqual([survivorId]);

    // The guard itself, whoever asks (even the system): the last admin stays.
    await expect(updateEmployee(t.ctx.db, SYSTEM_ACTOR, survivorId, { active: false })).rejects.toMatchObject({
      status: 409,
      slug: 'last-admin',
    });
    await expect(updateEmployee(t.ctx.db, SYSTEM_ACTOR, survivorId, { roles: ['analyst'] })).rejects.toMatchObject({
      status: 409,
      slug: 'last-admin',
    });
    // With a second admin, the first may go.
    const other = await t.loginAs(['admin']);
    expect((await other.patch(`/api/v1/employees/${survivorId}`, { roles: [] })).statusCode).toBe(200);
  });
});
