import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { templateFactory } from '../../../test/support/factories.js';
import {
  DEFAULT_TEMPLATE_FORM,
  defaultTemplateVersionId,
  type InvitationOptions,
  invitationFactory,
} from '../../../test/support/invitations.js';
import { PAGE_SCRIPT_CSP_HASH, PAGE_STYLE_CSP_HASH } from '../../common/rating-page/csp.js';
import { eventsAfter } from '../modules/events/events.service.js';
import { findInvitation } from '../modules/invitations/invitations.service.js';
import { EVERY_TYPE_DIMENSIONS, INVALID_ANSWER_CASES } from '../modules/ratings/test-fixtures.js';

let t: TestApp;
let defaultVersion: string;
let everyTypeVersion: string;
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

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...headers } });
const head = (url: string) => t.app.inject({ method: 'HEAD', url });
const postForm = (url: string, body: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url,
    payload: body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
const formTokenOf = (html: string) => /name="_form_token" value="([^"]+)"/.exec(html)![1]!;
const ratingsOf = async (invitationId: string) =>
  (
    await t.ctx.database.sql.query<{ id: string; idempotency_key: string; contact_requested: boolean }>(
      'select id, idempotency_key, contact_requested from ratings where invitation_id = $1',
      [invitationId],
    )
  ).rows;
const lastSeq = async () => (await eventsAfter(t.ctx.db, 0, 1_000_000)).at(-1)?.seq ?? 0;

describe('GET /r/:token', () => {
  it('renders the frozen template with strict, private headers', async () => {
    const { path } = await invite({ locale: 'en' });
    const res = await get(path);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src ${PAGE_SCRIPT_CSP_HASH}`);
    expect(csp).toContain(`style-src ${PAGE_STYLE_CSP_HASH}`);
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.body).toContain('Response speed');
    expect(res.body).toContain(`action="${path}"`);
    expect(res.body).not.toMatch(/https?:\/\/(?!rateloop\.dev)/); // no third-party resource
  });

  it('compresses the page when the browser accepts it', async () => {
    const { path } = await invite();
    const plain = await get(path);
    const gz = await get(path, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(gunzipSync(gz.rawPayload).toString()).toContain('<form');
    expect((await get(path, { 'accept-encoding': 'gzip, deflate, br' })).headers['content-encoding']).toBe('br');
  });

  it('picks the language: contact locale, else Accept-Language, else zh-CN', async () => {
    const zh = await invite({ locale: 'zh-CN' });
    const none = await invite();
    expect((await get(zh.path, { 'accept-language': 'en' })).body).toContain('<html lang="zh-CN"');
    expect((await get(none.path, { 'accept-language': 'en-US,en;q=0.9' })).body).toContain('<html lang="en"');
    expect((await get(none.path, { 'accept-language': 'de' })).body).toContain('<html lang="zh-CN"');
  });

  it('records "opened" once, and nothing else', async () => {
    const { path, invitation } = await invite();
    const before = await lastSeq();
    await get(path);
    await get(path);
    const events = await eventsAfter(t.ctx.db, before);
    expect(events.map((e) => e.type)).toEqual(['invitation.opened']);
    const row = await findInvitation(t.ctx.db, invitation.id);
    expect(row).toMatchObject({ status: 'opened', submissionCount: 0 });
    expect(row!.openedAt).toBeInstanceOf(Date);
    expect(await ratingsOf(invitation.id)).toEqual([]);
  });

  it('is safe for e-mail scanners: HEAD and prefetch record nothing, no GET ever rates', async () => {
    const { path, invitation } = await invite();
    const before = await lastSeq();
    expect((await head(path)).statusCode).toBe(200);
    await get(path, { 'sec-purpose': 'prefetch' });
    await get(path, { purpose: 'prefetch' });
    await get(path, { 'x-moz': 'prefetch' });
    expect(await eventsAfter(t.ctx.db, before)).toEqual([]);
    expect((await findInvitation(t.ctx.db, invitation.id))!.openedAt).toBeNull();
    await get(`${path}?preselect=response_speed:5`);
    await get(`${path}/thanks`);
    expect(await ratingsOf(invitation.id)).toEqual([]);
    expect((await findInvitation(t.ctx.db, invitation.id))!.submissionCount).toBe(0);
  });

  it('pre-selects a one-click answer and asks to confirm', async () => {
    const { path, invitation } = await invite({ locale: 'en' });
    const res = await get(`${path}?preselect=response_speed:4&preselect=nope:1`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/id="q-response_speed-3" value="4" checked/);
    expect(res.body).toContain('Submit');
    expect(await ratingsOf(invitation.id)).toEqual([]);
  });

  it('shows clear pages for used (409), expired (410), revoked (410), unknown and forged (404) links', async () => {
    const used = await invite({ locale: 'en' });
    const page = await get(used.path);
    await postForm(used.path, `${DEFAULT_TEMPLATE_FORM}&_form_token=${formTokenOf(page.body)}`);
    const usedPage = await get(used.path);
    expect(usedPage.statusCode).toBe(409);
    expect(usedPage.body).toContain('already rated');

    const expired = await invite({ locale: 'en', linkExpiryDays: -1 });
    const expiredPage = await get(expired.path);
    expect(expiredPage.statusCode).toBe(410);
    expect(expiredPage.body).toContain('expired');

    const revoked = await invite({ locale: 'en' });
    await t.ctx.database.sql.query(`update invitations set revoked_at = now() where id = $1`, [revoked.invitation.id]);
    expect((await get(revoked.path)).statusCode).toBe(410);

    const unknown = await get('/r/nothing-here', { 'accept-language': 'en' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('find');
    const forged = `/r/${used.token.slice(0, -1)}${used.token.endsWith('A') ? 'B' : 'A'}`;
    expect((await get(forged)).statusCode).toBe(404);
    for (const res of [usedPage, expiredPage, unknown]) expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('POST /r/:token (the no-JS form)', () => {
  it('stores the rating and redirects to the thank-you page (PRG)', async () => {
    const { path, invitation } = await invite({ locale: 'en' });
    const formToken = formTokenOf((await get(path)).body);
    const res = await postForm(path, `${DEFAULT_TEMPLATE_FORM}&suggestions=Great&_form_token=${formToken}`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${path}/thanks?k=${formToken}`);
    const thanks = await get(res.headers.location!);
    expect(thanks.statusCode).toBe(200);
    expect(thanks.body).toContain('Thank you');
    expect(thanks.body).not.toContain('contact me');
    const [rating] = await ratingsOf(invitation.id);
    expect(rating!.idempotency_key).toBe(formToken);
  });

  it('one form, one rating: the same form posted again answers "already submitted" (409), racing twins too', async () => {
    const { path, invitation } = await invite({ source: 'qr', submissionLimit: 5, locale: 'en' });
    const formToken = formTokenOf((await get(path)).body);
    const body = `${DEFAULT_TEMPLATE_FORM}&_form_token=${formToken}`;
    const [a, b] = await Promise.all([postForm(path, body), postForm(path, body)]);
    const c = await postForm(path, body);
    expect([a, b].map((r) => r.statusCode).sort()).toEqual([303, 409]);
    expect(c.statusCode).toBe(409);
    expect(c.headers['cache-control']).toBe('no-store');
    expect(c.body).toContain('Already submitted, thank you!');
    expect(c.body).toContain('I am another customer'); // a multi-use QR invitation with submissions left
    expect(await ratingsOf(invitation.id)).toHaveLength(1);
    expect((await findInvitation(t.ctx.db, invitation.id))!.submissionCount).toBe(1);
  });

  it('refuses a form token it did not issue for this link: answers kept on a fresh form, nothing stored', async () => {
    const { path, invitation } = await invite({ locale: 'en' });
    const other = await invite();
    const foreign = formTokenOf((await get(other.path)).body);
    const genuine = formTokenOf((await get(path)).body);
    const tampered = `${genuine.slice(0, -2)}${genuine.endsWith('AA') ? 'BA' : 'AA'}`;
    for (const token of ['tok-1', foreign, tampered, '']) {
      const res = await postForm(path, `${DEFAULT_TEMPLATE_FORM}&suggestions=Kept&_form_token=${token}`);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('This form is no longer valid');
      expect(res.body).toContain('Kept</textarea>');
      const fresh = formTokenOf(res.body);
      expect(fresh).not.toBe(token);
      expect(fresh).toMatch(/^[\w-]{16}\.[0-9a-z]+\.[\w-]{22}$/);
    }
    expect(await ratingsOf(invitation.id)).toEqual([]);
  });

  it('a second form on a used one-use link gets the "already rated" page', async () => {
    const { path } = await invite();
    const first = formTokenOf((await get(path)).body);
    const second = formTokenOf((await get(path)).body);
    expect((await postForm(path, `${DEFAULT_TEMPLATE_FORM}&_form_token=${first}`)).statusCode).toBe(303);
    expect((await postForm(path, `${DEFAULT_TEMPLATE_FORM}&_form_token=${second}`)).statusCode).toBe(409);
  });
});

describe('a browser that has rated (the rl_rated cookie)', () => {
  const ratedCookieOf = (res: { cookies: { name: string; value: string; path?: string }[] }) =>
    res.cookies.find((c) => c.name === 'rl_rated');

  async function rate(path: string, cookie?: string) {
    const page = await get(path, cookie ? { cookie } : {});
    const res = await postForm(path, `${DEFAULT_TEMPLATE_FORM}&_form_token=${formTokenOf(page.body)}`, {
      ...(cookie ? { cookie } : {}),
    });
    expect(res.statusCode).toBe(303);
    return res;
  }

  it('is told "you already rated, thank you" when it comes back; another browser still gets the form', async () => {
    const { path, invitation } = await invite({ source: 'qr', submissionLimit: 5, locale: 'en' });
    const posted = await rate(path);
    const cookie = ratedCookieOf(posted)!;
    expect(cookie).toMatchObject({ path: '/r/', httpOnly: true, sameSite: 'Lax' });
    const back = await get(path, { cookie: `rl_rated=${cookie.value}` });
    expect(back.statusCode).toBe(200);
    expect(back.headers['cache-control']).toBe('no-store');
    expect(back.body).toContain('You have already rated this service');
    expect(back.body).not.toContain('<form');
    expect((await get(path)).body).toContain('<form'); // no cookie: the next customer
    // A forged or copied-in cookie entry counts for nothing.
    expect((await get(path, { cookie: `rl_rated=${cookie.value.slice(0, -3)}abc` })).body).toContain('<form');
    expect(await ratingsOf(invitation.id)).toHaveLength(1);
  });

  it('"I am another customer" on a multi-use QR invitation gives a fresh form and a second rating; Back to it does not', async () => {
    const { path, invitation } = await invite({ source: 'qr', submissionLimit: 5, locale: 'zh-CN' });
    const jar = `rl_rated=${ratedCookieOf(await rate(path))!.value}`;
    const rated = await get(path, { cookie: jar });
    expect(rated.body).toContain('我是另一位客户');
    const another = /<a class="btn" href="([^"]+)"/.exec(rated.body)![1]!.replaceAll('&amp;', '&');
    expect(another.startsWith(`${path}?f=`)).toBe(true);
    const form = await get(another, { cookie: jar });
    expect(form.statusCode).toBe(200);
    const token = formTokenOf(form.body);
    expect(another).toBe(`${path}?f=${encodeURIComponent(token)}`);
    const second = await postForm(path, `${DEFAULT_TEMPLATE_FORM}&_form_token=${token}`, { cookie: jar });
    expect(second.statusCode).toBe(303);
    expect(await ratingsOf(invitation.id)).toHaveLength(2);
    // Back to the "another customer" form: that form was used, so "already rated" (with a new "another" link).
    const backAgain = await get(another, { cookie: jar });
    expect(backAgain.statusCode).toBe(200);
    expect(backAgain.body).toContain('您已评价过本次服务');
    expect(backAgain.body).not.toContain(`value="${token}"`);
    expect((await postForm(path, `${DEFAULT_TEMPLATE_FORM}&_form_token=${token}`, { cookie: jar })).statusCode).toBe(
      409,
    );
    expect(await ratingsOf(invitation.id)).toHaveLength(2);
  });

  it('never offers "I am another customer" on a single-use invitation', async () => {
    const { path, invitation } = await invite({ locale: 'en' });
    const jar = `rl_rated=${ratedCookieOf(await rate(path))!.value}`;
    const back = await get(path, { cookie: jar });
    expect(back.statusCode).toBe(200);
    expect(back.body).toContain('You have already rated this service');
    expect(back.body).not.toContain('another customer');
    expect(back.body).not.toContain('?f=');
    expect(await ratingsOf(invitation.id)).toHaveLength(1);
  });

  it('keeps the entries of other invitations', async () => {
    const a = await invite();
    const b = await invite();
    const first = `rl_rated=${ratedCookieOf(await rate(a.path))!.value}`;
    const both = `rl_rated=${ratedCookieOf(await rate(b.path, first))!.value}`;
    expect((await get(a.path, { cookie: both })).statusCode).toBe(200);
    expect((await get(b.path, { cookie: both })).statusCode).toBe(200);
    expect((await get(a.path, { cookie: both })).body).not.toContain('<form');
  });
});

describe('POST /r/:token validation', () => {
  it.each(INVALID_ANSWER_CASES)(
    're-renders %s with a field error (400), keeping the answers',
    async (_c, _j, form, path) => {
      const { path: url, invitation } = await invite({ templateVersionId: everyTypeVersion, locale: 'en' });
      const token = formTokenOf((await get(url)).body);
      const res = await postForm(url, `${form}&_form_token=${token}`);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.body).toContain('class="banner" role="alert"');
      const key = path.replace('answers.', '');
      if (EVERY_TYPE_DIMENSIONS.some((d) => d.key === key)) {
        expect(res.body).toMatch(new RegExp(`id="q-${key}"[^>]*`));
        expect(res.body).toMatch(new RegExp(`class="q t-[a-z0-9_]+ has-err" id="q-${key}"`));
      }
      expect(res.body).toContain(`value="${token}"`); // the same form token, so fixing and re-posting stays idempotent
      if (form.includes('stars=3')) expect(res.body).toMatch(/id="q-stars-2" value="3" checked/);
      expect(await ratingsOf(invitation.id)).toEqual([]);
    },
  );

  it('localises the "please answer" message', async () => {
    const { path } = await invite({ locale: 'zh-CN' });
    const res = await postForm(path, `response_speed=5&_form_token=${formTokenOf((await get(path)).body)}`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('请完成此项');
  });

  it('answers closed and unknown links with their pages', async () => {
    const expired = await invite({ linkExpiryDays: -1 });
    expect((await postForm(expired.path, DEFAULT_TEMPLATE_FORM)).statusCode).toBe(410);
    expect((await postForm('/r/unknown', DEFAULT_TEMPLATE_FORM)).statusCode).toBe(404);
  });
});

describe('thank-you page and "contact me about this"', () => {
  it('offers the toggle after a negative rating; the request is recorded once', async () => {
    const { path, invitation } = await invite({ locale: 'en' });
    const formToken = formTokenOf((await get(path)).body);
    const negative = 'response_speed=1&technical_ability=1&attitude=1&problem_resolved=no';
    const posted = await postForm(path, `${negative}&_form_token=${formToken}`);
    const thanks = await get(posted.headers.location!);
    expect(thanks.body).toContain('name="contact" value="yes"');
    expect(thanks.body).toContain(`action="${path}/contact"`);

    const before = await lastSeq();
    const contact = `contact=yes&_form_token=${formToken}`;
    const first = await postForm(`${path}/contact`, contact);
    await postForm(`${path}/contact`, contact);
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`${path}/thanks?k=${formToken}`);
    expect((await eventsAfter(t.ctx.db, before)).map((e) => e.type)).toEqual(['rating.contact_requested']);
    expect((await ratingsOf(invitation.id))[0]!.contact_requested).toBe(true);
    expect((await get(first.headers.location!)).body).toContain('we will contact you');
  });

  it('sends the thank-you page of a link without ratings back to the form', async () => {
    const { path } = await invite();
    const res = await get(`${path}/thanks`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(path);
  });
});

describe('rate limiting', () => {
  it('answers a flood on one link with the "try again shortly" page (429)', async () => {
    // An application of its own, built with lower limits.
    const main = { t, defaultVersion };
    t = await createTestApp({ publicRateLimits: { perTokenPerMinute: 2, perIpPerMinute: 100_000 } });
    defaultVersion = await defaultTemplateVersionId(t.ctx.db);
    try {
      const { path } = await invite({ locale: 'en' });
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await get(path)).statusCode);
      expect(codes).toEqual([200, 200, 429]);
      const limited = await get(path, { 'accept-language': 'en' });
      expect(limited.headers['retry-after']).toBeDefined();
      expect(limited.body).toContain('try again');
      // Counted per link and client address: whoever floods a link cannot lock its customer out.
      const customer = await t.app.inject({
        method: 'GET',
        url: path,
        remoteAddress: '198.51.100.9',
        headers: { accept: 'text/html' },
      });
      expect(customer.statusCode).toBe(200);
    } finally {
      await t.close();
      ({ t, defaultVersion } = main);
    }
  });

  it('limits one address across links', async () => {
    // An application of its own, built with lower limits.
    const main = { t, defaultVersion };
    t = await createTestApp({ publicRateLimits: { perIpPerMinute: 2 } });
    defaultVersion = await defaultTemplateVersionId(t.ctx.db);
    try {
      // The socket address (TRUST_PROXY is off: X-Forwarded-For is ignored).
      const from = (remoteAddress: string, url: string) =>
        t.app.inject({ method: 'GET', url, remoteAddress, headers: { accept: 'text/html' } });
      const a = await invite();
      const b = await invite();
      const c = await invite();
      const codes = [];
      for (const inv of [a, b, c]) codes.push((await from('192.0.2.77', inv.path)).statusCode);
      expect(codes).toEqual([200, 200, 429]);
      expect((await from('192.0.2.77', c.path)).statusCode).toBe(429);
      expect((await from('192.0.2.78', c.path)).statusCode).toBe(200);
    } finally {
      await t.close();
      ({ t, defaultVersion } = main);
    }
  });
});
