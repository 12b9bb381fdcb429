import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { loadDemoData } from './index.js';
import { DEMO_PASSWORD } from './org.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('demo organisation', () => {
  it('loads regions, teams, 40+ engineers and service types once, with working demo logins', async () => {
    const first = await loadDemoData(t.ctx);
    expect(first.loaded).toBe(true);
    expect((await loadDemoData(t.ctx)).loaded).toBe(false);

    const admin = await t.loginAs(['admin']);
    const depts = (await admin.get('/api/v1/departments?limit=500')).json().items as {
      kind: string;
      parentId: string | null;
      managerId: string | null;
    }[];
    expect(depts.filter((d) => d.kind === 'region')).toHaveLength(4);
    const teams = depts.filter((d) => d.kind === 'team');
    expect(teams.length).toBeGreaterThanOrEqual(12);
    expect(teams.every((d) => d.parentId && d.managerId)).toBe(true);

    const engineers = (await admin.get('/api/v1/employees?role=engineer&active=true&limit=1')).json();
    expect(engineers.total).toBeGreaterThanOrEqual(40);
    const types = (await admin.get('/api/v1/service-types?limit=500')).json().items as { code: string }[];
    expect(types.map((s) => s.code)).toEqual(expect.arrayContaining(['inspection', 'repair', 'returns', 'delivery']));

    for (const { username, roles } of first.logins) {
      const res = await t.anon.post('/api/v1/auth/login', { username, password: DEMO_PASSWORD });
      expect(res.statusCode, username).toBe(200);
      expect(res.json().user.roles).toEqual(roles);
    }
  });
});
