import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { templateFactory } from '../../../../test/support/factories.js';
import {
  DEFAULT_TEMPLATE_ANSWERS,
  defaultTemplateVersionId,
  type InvitationOptions,
  invitationFactory,
} from '../../../../test/support/invitations.js';
import { eventsAfter } from '../events/events.service.js';
import { effectiveStatus, findInvitation } from '../invitations/invitations.service.js';
import { EVERY_TYPE_DIMENSIONS, INVALID_ANSWER_CASES } from './test-fixtures.js';

let t: TestApp;
let defaultVersion: string;
let everyTypeVersion: string;
let ip = 0;
beforeAll(async () => {
  // Many requests from one test address: the limits have their own tests (an app built with lower limits).
  t = await createTestApp({ publicRateLimits: { perIpPerMinute: 100_000 } });
  defaultVersion = await defaultTemplateVersionId(t.ctx.db);
  everyTypeVersion = (await templateFactory(t.ctx.db, { dimensions: EVERY_TYPE_DIMENSIONS })).publishedVersionId!;
});
afterAll(async () => {
  await t?.close();
});

const links = () => ({ appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl });
const invite = (opts: Partial<InvitationOptions> = {}) =>
  invitationFactory(t.ctx.db, links(), { templateVersionId: defaultVersion, ...opts });

function post(api: string, payload: unknown, headers: Record<string, string> = {}) {
  ip += 1;
  return t.app.inject({
    method: 'POST',
    url: `${api}/ratings`,
    payload: payload as object,
    headers: { 'x-forwarded-for': `10.1.${ip >> 8}.${ip & 255}`, ...headers },
  });
}

describe('GET /api/v1/public/invitations/:token', () => {
  it('describes the frozen template in the contact’s language, with no personal data', async () => {
    const { api } = await invite({ locale: 'en-GB' });
    const res = await t.anon.get(api);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      status: 'opened',
      submissionsLeft: 1,
      workOrder: null,
      company: { name: expect.any(String), logoUrl: null },
      language: 'en',
      template: { versionId: defaultVersion, layout: 'vertical' },
    });
    expect(body.template.dimensions[0]).toEqual({
      key: 'response_speed',
      type: 'star5',
      required: true,
      label: 'Response speed',
    });
    const choice = body.template.dimensions.find((d: { key: string }) => d.key === 'would_recommend');
    expect(choice.options[0]).toEqual({ key: 'yes', label: 'Yes' });
    expect(JSON.stringify(body)).not.toMatch(/contact|email|phone/i);
  });

  it('chooses the language: ?lang=, then contact locale, then Accept-Language, then the default (zh-CN)', async () => {
    const withLocale = await invite({ locale: 'zh-CN' });
    const noLocale = await invite();
    const lang = async (url: string, headers: Record<string, string> = {}) =>
      (await t.anon.request({ method: 'GET', url, headers })).json().language;
    expect(await lang(withLocale.api, { 'accept-language': 'en-US,en;q=0.9' })).toBe('zh-CN');
    expect(await lang(`${withLocale.api}?lang=en`)).toBe('en');
    expect(await lang(noLocale.api, { 'accept-language': 'fr-FR, en;q=0.8' })).toBe('en');
    expect(await lang(noLocale.api, { 'accept-language': 'fr-FR' })).toBe('zh-CN');
    expect(await lang(noLocale.api)).toBe('zh-CN');
  });

  it('answers 404 for unknown and forged tokens', async () => {
    const { token } = await invite();
    const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'AB' : 'AA'}`;
    expect((await t.anon.get(`/api/v1/public/invitations/${forged}`)).statusCode).toBe(404);
    expect((await t.anon.get('/api/v1/public/invitations/not-a-token')).statusCode).toBe(404);
  });
});

describe('POST /api/v1/public/invitations/:token/ratings', () => {
  it('stores the rating with S from the frozen version and writes the outbox events', async () => {
    const { api, invitation } = await invite();
    const before = (await eventsAfter(t.ctx.db, 0, 100_000)).at(-1)?.seq ?? 0;
    const res = await post(api, { answers: DEFAULT_TEMPLATE_ANSWERS });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ id: expect.any(String), score: 80 });
    const events = await eventsAfter(t.ctx.db, before);
    expect(events.map((e) => e.type)).toEqual(['rating.submitted']);
    expect(events[0]).toMatchObject({ workOrderId: invitation.workOrderId, actorType: 'customer' });
    const row = await findInvitation(t.ctx.db, invitation.id);
    // "submitted" is derived from the counters (the slot claim rewrites no indexed column, so it stays a HOT update).
    expect(row).toMatchObject({ submissionCount: 1 });
    expect(effectiveStatus(row!)).toBe('submitted');
    expect(row!.firstSubmittedAt).toBeInstanceOf(Date);
  });

  it('writes rating.negative for a negative rating', async () => {
    const { api } = await invite();
    const before = (await eventsAfter(t.ctx.db, 0, 100_000)).at(-1)?.seq ?? 0;
    const answers = { response_speed: 1, technical_ability: 1, attitude: 2, problem_resolved: false };
    expect((await post(api, { answers })).statusCode).toBe(201);
    expect((await eventsAfter(t.ctx.db, before)).map((e) => e.type)).toEqual(['rating.submitted', 'rating.negative']);
  });

  it.each(INVALID_ANSWER_CASES)('rejects %s with 400 naming the answer', async (_case, answers, _form, path) => {
    const { api, invitation } = await invite({ templateVersionId: everyTypeVersion });
    const res = await post(api, { answers });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors).toEqual([
      expect.objectContaining({ path, message: expect.any(String), code: expect.any(String) }),
    ]);
    expect((await findInvitation(t.ctx.db, invitation.id))!.submissionCount).toBe(0);
  });

  it('accepts every answer type when valid', async () => {
    const { api } = await invite({ templateVersionId: everyTypeVersion });
    const answers = { stars: 5, ten: 10, nps: 10, fixed: true, visit: 'good', topics: ['price', 'time'], note: ' ok ' };
    const res = await post(api, { answers });
    expect(res.statusCode).toBe(201);
    expect(res.json().score).toBe(100);
    const admin = await t.loginAs(['admin']);
    const rating = (await admin.get(`/api/v1/ratings/${res.json().id}`)).json();
    expect(rating.answers).toEqual({ ...answers, note: 'ok' });
  });

  it('puts `comment` into the first unanswered optional text question, and rejects it when there is none', async () => {
    const { api } = await invite();
    const res = await post(api, { answers: DEFAULT_TEMPLATE_ANSWERS, comment: 'Quick and tidy' });
    expect(res.statusCode).toBe(201);
    const admin = await t.loginAs(['admin']);
    expect((await admin.get(`/api/v1/ratings/${res.json().id}`)).json().answers.suggestions).toBe('Quick and tidy');

    const answered = await invite();
    const twice = await post(answered.api, {
      answers: { ...DEFAULT_TEMPLATE_ANSWERS, suggestions: 'already' },
      comment: 'more',
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().errors).toEqual([
      { path: 'comment', message: expect.stringContaining('already answered'), code: 'no_comment_slot' },
    ]);

    const long = await invite({ templateVersionId: everyTypeVersion });
    const tooLong = await post(long.api, { answers: { stars: 3 }, comment: 'x'.repeat(11) });
    expect(tooLong.json().errors).toEqual([
      { path: 'comment', message: 'must be at most 10 characters', code: 'too_long', params: { max: 10 } },
    ]);
  });

  it('returns the same rating (200) for a repeated Idempotency-Key without using a second slot', async () => {
    const { api, invitation } = await invite({ submissionLimit: 3, source: 'qr' });
    const headers = { 'idempotency-key': 'retry-1' };
    const first = await post(api, { answers: DEFAULT_TEMPLATE_ANSWERS }, headers);
    const again = await post(api, { answers: DEFAULT_TEMPLATE_ANSWERS }, headers);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect((await findInvitation(t.ctx.db, invitation.id))!.submissionCount).toBe(1);
  });

  it('answers a retry with the same key with the same rating even after the one-use link is used', async () => {
    const { api } = await invite();
    const headers = { 'idempotency-key': 'k-1' };
    const first = await post(api, { answers: DEFAULT_TEMPLATE_ANSWERS }, headers);
    const retry = await post(api, { answers: DEFAULT_TEMPLATE_ANSWERS }, headers);
    const other = await post(api, { answers: DEFAULT_TEMPLATE_ANSWERS }, { 'idempotency-key': 'k-2' });
    expect([first.statusCode, retry.statusCode, other.statusCode]).toEqual([201, 200, 409]);
    expect(retry.json().id).toBe(first.json().id);
  });

  it('20 concurrent submissions with different keys on a one-use link: one 201, nineteen 409', async () => {
    const { api, invitation } = await invite();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post(api, { answers: DEFAULT_TEMPLATE_ANSWERS }, { 'idempotency-key': `concurrent-${i}` }),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, ...Array(19).fill(409)]);
    expect(results.find((r) => r.statusCode === 409)!.json().type).toContain('already-rated');
    const admin = await t.loginAs(['admin']);
    const list = (await admin.get(`/api/v1/ratings?invitationId=${invitation.id}`)).json();
    expect(list.items).toHaveLength(1);
  });

  it('20 concurrent submissions with the SAME key: one rating, every answer names it', async () => {
    const { api, invitation } = await invite({ source: 'qr', submissionLimit: 5 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => post(api, { answers: DEFAULT_TEMPLATE_ANSWERS }, { 'idempotency-key': 'same' })),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(19);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    expect((await findInvitation(t.ctx.db, invitation.id))!.submissionCount).toBe(1);
  });

  it('takes a QR invitation’s submissions up to its limit, then 409', async () => {
    const { api, invitation } = await invite({ source: 'qr', submissionLimit: 3 });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await post(api, { answers: DEFAULT_TEMPLATE_ANSWERS })).statusCode);
    expect(codes).toEqual([201, 201, 201, 409]);
    expect((await t.anon.get(api)).json()).toMatchObject({ status: 'submitted', submissionsLeft: 0 });
    expect((await findInvitation(t.ctx.db, invitation.id))!.submissionCount).toBe(3);
  });

  it('answers closed links: used 409, expired 410, revoked 410, unknown 404', async () => {
    const used = await invite();
    await post(used.api, { answers: DEFAULT_TEMPLATE_ANSWERS });
    expect((await post(used.api, { answers: DEFAULT_TEMPLATE_ANSWERS })).statusCode).toBe(409);

    const expired = await invite({ linkExpiryDays: -1 });
    const gone = await post(expired.api, { answers: DEFAULT_TEMPLATE_ANSWERS });
    expect(gone.statusCode).toBe(410);
    expect(gone.json().type).toContain('link-expired');
    expect((await t.anon.get(expired.api)).json().status).toBe('expired');

    const revoked = await invite();
    await t.ctx.database.sql.query(`update invitations set revoked_at = now(), status = 'revoked' where id = $1`, [
      revoked.invitation.id,
    ]);
    const withdrawn = await post(revoked.api, { answers: DEFAULT_TEMPLATE_ANSWERS });
    expect(withdrawn.statusCode).toBe(410);
    expect(withdrawn.json().type).toContain('link-revoked');

    expect((await post('/api/v1/public/invitations/AAAA', { answers: {} })).statusCode).toBe(404);
  });

  it('limits requests per token (429 problem)', async () => {
    // An application of its own, built with lower limits.
    const main = { t, defaultVersion };
    t = await createTestApp({ publicRateLimits: { perTokenPerMinute: 3, perIpPerMinute: 100_000 } });
    defaultVersion = await defaultTemplateVersionId(t.ctx.db);
    try {
      const { api } = await invite();
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) codes.push((await t.anon.get(api)).statusCode);
      expect(codes).toEqual([200, 200, 200, 429]);
      const limited = await t.anon.get(api);
      expect(limited.headers['retry-after']).toBeDefined();
      expect(limited.json().type).toContain('too-many-requests');
    } finally {
      await t.close();
      ({ t, defaultVersion } = main);
    }
  });
});
