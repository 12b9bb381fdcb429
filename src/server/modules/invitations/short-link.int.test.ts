import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { workOrderFactory } from '../../../../test/support/factories.js';
import { defaultTemplateVersionId } from '../../../../test/support/invitations.js';
import { invitations } from '../../db/schema/invitations.js';
import { createInvitation } from './invitations.service.js';
import { SHORT_CODE_PATTERN, shortCode } from './short-link.js';
import { invitationToken } from './token.js';

/**
 * #11: SMS providers limit a variable (Aliyun: ≤ 35 characters, no URL); the 43-character token alone is too long.
 * Each invitation has a 20-character short code resolved by `GET /s/<code>` → 302 to its `/r/<token>` page.
 */
let t: TestApp;
let inv: typeof invitations.$inferSelect;
let token: string;

beforeAll(async () => {
  t = await createTestApp();
  const wo = await workOrderFactory(t.ctx);
  const links = { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl };
  const created = await createInvitation(t.ctx.db, links, {
    workOrderId: wo.id,
    templateVersionId: await defaultTemplateVersionId(t.ctx.db),
    source: 'manual',
    contact: { name: '王', phone: '+8613800138000', locale: 'zh-CN' },
    channels: ['sms'],
  });
  inv = created.invitation;
  token = created.token;
});
afterAll(() => t?.close());

const get = (url: string) => t.anon.request({ method: 'GET', url, headers: { 'accept-language': 'en' } });

describe('short links /s/<code>', () => {
  it('every invitation has a unique 20-character code made of letters and digits', async () => {
    const code = shortCode(t.ctx.appSecret, inv);
    expect(code).toMatch(SHORT_CODE_PATTERN);
    expect(code.length).toBeLessThanOrEqual(20);
    expect(inv.shortHandle).toHaveLength(12);
    // The stored handle is not the code: a copy of the database alone does not give a working link.
    expect(code.startsWith(inv.shortHandle)).toBe(true);
    expect(code).not.toBe(inv.shortHandle);
    const result = (await t.ctx.db.execute(
      sql`select count(distinct short_handle)::int as n, count(*)::int as total from invitations`,
    )) as unknown as { rows: { n: number; total: number }[] };
    const counts = result.rows[0];
    expect(counts!.n).toBe(counts!.total);
  });

  it('redirects (302) to the invitation’s rating page, which still works', async () => {
    const res = await get(`/s/${shortCode(t.ctx.appSecret, inv)}`);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`/r/${token}`);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(token).toBe(invitationToken(t.ctx.appSecret, inv.id));
    const page = await get(res.headers.location as string);
    expect(page.statusCode).toBe(200);
  });

  it('an unknown, forged or malformed code gets the same "unknown link" page as a bad token (404)', async () => {
    const code = shortCode(t.ctx.appSecret, inv);
    const forged = `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`;
    const unknownToken = await get('/r/nothing-here');
    for (const url of [`/s/${forged}`, `/s/${'Z'.repeat(20)}`, '/s/short', `/s/${code}!`]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).toBe(unknownToken.body);
    }
  });

  it('a code made with another installation secret does not resolve', async () => {
    const other = shortCode('another-secret', inv);
    expect((await get(`/s/${other}`)).statusCode).toBe(404);
  });

  it('rows created before the migration got a handle from the same default (backfill)', async () => {
    // The column default is what the migration applied to existing rows: insert as an old writer would.
    await t.ctx.db.execute(sql`update invitations set short_handle = default where id = ${inv.id}`);
    const [row] = await t.ctx.db.select().from(invitations).where(eq(invitations.id, inv.id));
    expect(row!.shortHandle).toMatch(/^[0-9A-Za-z]{12}$/);
    expect(row!.shortHandle).not.toBe(inv.shortHandle);
    const res = await get(`/s/${shortCode(t.ctx.appSecret, row!)}`);
    expect(res.statusCode).toBe(302);
  });
});
