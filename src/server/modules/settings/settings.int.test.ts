import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { ensureAppSecret } from './settings.service.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('organisation profile', () => {
  it('has defaults, is readable by every user and changeable by an admin only, audited', async () => {
    const engineer = await t.loginAs(['engineer']);
    const before = await engineer.get('/api/v1/settings/organisation');
    expect(before.json()).toEqual({
      companyName: 'Rateloop',
      logoUrl: null,
      timeZone: 'Asia/Shanghai',
      defaultLanguage: 'zh-CN',
      requireSignInToRate: false,
    });
    expect((await engineer.patch('/api/v1/settings/organisation', { companyName: 'X' })).statusCode).toBe(403);

    const admin = await t.loginAs(['admin']);
    const changed = await admin.patch('/api/v1/settings/organisation', {
      companyName: '安居家电售后服务',
      timeZone: 'Europe/Berlin',
      requireSignInToRate: true,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      companyName: '安居家电售后服务',
      timeZone: 'Europe/Berlin',
      defaultLanguage: 'zh-CN',
      requireSignInToRate: true,
    });
    expect((await admin.patch('/api/v1/settings/organisation', { requireSignInToRate: 'yes' })).statusCode).toBe(400);
    const audit = await admin.get('/api/v1/audit-events?entityType=settings');
    expect(audit.json().items[0]).toMatchObject({
      action: 'settings.organisation_updated',
      before: { companyName: 'Rateloop' },
      after: { companyName: '安居家电售后服务' },
    });
  });

  it('rejects a bad time zone and logo URL naming the field', async () => {
    const admin = await t.loginAs(['admin']);
    const res = await admin.patch('/api/v1/settings/organisation', {
      timeZone: 'Mars/Olympus',
      logoUrl: 'javascript:alert(1)',
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['logoUrl', 'timeZone']);
  });
});

describe('application secret', () => {
  it('is generated once and then stable; a configured one wins', async () => {
    const a = await ensureAppSecret(t.ctx.db);
    const b = await ensureAppSecret(t.ctx.db);
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThanOrEqual(40);
    expect(await ensureAppSecret(t.ctx.db, 'configured-secret-configured-secret')).toBe(
      'configured-secret-configured-secret',
    );
  });
});
