import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WechatFake } from '../../../../test/fakes/wechat.js';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { step } from '../../../../test/support/delivery.js';
import { workOrderFactory } from '../../../../test/support/factories.js';
import { FormBrowser } from '../../../../test/support/form-browser.js';
import { defaultTemplateVersionId, invitationFactory } from '../../../../test/support/invitations.js';
import { contactWechatIds, workOrders } from '../../db/schema/work-orders.js';
import { SYSTEM_ACTOR } from '../../http/principal.js';
import { createSandboxConfig, listSandboxMessages } from '../../modules/channels/sandbox.service.js';
import { codeFor } from '../../modules/portal/codes.js';
import { PORTAL_COOKIE } from '../../modules/portal/sessions.js';
import { updateOrganisationProfile } from '../../modules/settings/settings.service.js';
import { contactOf } from '../../modules/workflows/rating-resolution.js';
import { maskEmail } from './portal.routes.js';

/**
 * The portal's other ways in (issue 20): an e-mailed code with its one-click link, WeChat web authorisation against
 * a fake of WeChat's OAuth endpoints (the openid it yields is recorded on the contact and then used by a WeChat
 * invitation), and the organisation setting that makes a rating link ask for sign-in first.
 */
let t: TestApp;
let admin: Awaited<ReturnType<TestApp['loginAs']>>;
const wechat = new WechatFake();
const FOLLOWER = 'oFollower_OPENID_0001';

beforeAll(async () => {
  t = await createTestApp({ work: true, publicRateLimits: { perIpPerMinute: 100_000, perTokenPerMinute: 100_000 } });
  admin = await t.loginAs(['admin']);
  await wechat.start();
  await createSandboxConfig(t.ctx.db, t.ctx.appSecret, SYSTEM_ACTOR, { channel: 'sms' });
  await createSandboxConfig(t.ctx.db, t.ctx.appSecret, SYSTEM_ACTOR, { channel: 'email' });
  const config = await admin.post('/api/v1/channel-configs', {
    name: '服务号',
    provider: 'wechat_mp',
    settings: { appId: wechat.appId, baseUrl: wechat.url, authorizeBaseUrl: wechat.url, timeoutMs: 2000 },
    secrets: { appSecret: wechat.appSecret },
  });
  expect(config.statusCode, config.body).toBe(201);
  for (const lang of ['zh-CN', 'en']) {
    const saved = await admin.request({
      method: 'PUT',
      url: `/api/v1/message-templates/invitation/wechat/${lang}`,
      payload: {
        content: {
          templateId: 'TPL_rating_invite_01',
          fields: [
            { key: 'character_string1', text: '#WorkOrderNumber#' },
            { key: 'thing2', text: '#Subject#' },
          ],
        },
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
  }
  wechat.authorisedDomains.add(new URL(t.ctx.config.publicBaseUrl).host);
});
afterAll(async () => {
  await t?.close();
  await wechat.close();
});
beforeEach(async () => {
  await updateOrganisationProfile(t.ctx.db, SYSTEM_ACTOR, { requireSignInToRate: false });
});

let seq = 0;
const newIp = () => `10.21.${Math.floor(++seq / 250)}.${(seq % 250) + 1}`;
const newPhone = () => `1370000${String(++seq).padStart(4, '0')}`;
const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN';

async function sandboxMessageTo(channel: 'sms' | 'email', recipient: string) {
  for (let i = 0; i < 100; i++) {
    const page = await listSandboxMessages(t.ctx.db, { channel, limit: 100 });
    const message = page.items.find((m) => m.recipient === recipient);
    if (message) return message;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${channel} message reached ${recipient}`);
}

/** The code of the latest sign-in code row for `address` (derived as the server does: nothing stores it). */
async function latestCode(address: string) {
  const { rows } = await t.database.sql.query<{ id: string }>(
    'select id from portal_sign_in_codes where address = $1 order by created_at desc limit 1',
    [address],
  );
  return codeFor(t.ctx.appSecret, rows[0]!.id);
}

describe('sign-in by e-mail', () => {
  it('e-mails a code and a one-click link; the link asks for a tap (a scanner GET spends nothing) and works once', async () => {
    const email = `Wang.Fang${++seq}@Example.com`;
    await workOrderFactory(t.ctx, { subject: '洗衣机上门检修', customer: { name: '王芳', email } });
    await workOrderFactory(t.ctx, { subject: '别人的工单', customer: { name: '赵六', email: `x${seq}@example.com` } });
    const browser = new FormBrowser(t.app, newIp());
    const asked = await browser.post('/c/sign-in-email', { email, lang: 'zh-CN' });
    expect(asked.statusCode).toBe(303);
    const codePage = await browser.get('/c/?lang=zh-CN');
    expect(codePage.body).toContain(`登录邮件已发送至 ${maskEmail(email.toLowerCase())}`);

    const mail = await sandboxMessageTo('email', email.toLowerCase());
    const code = /(\d{6})/.exec(mail.subject ?? '')![1]!;
    const link = /(https?:\/\/[^\s"<]+\/c\/link\/[A-Za-z0-9._-]+\?lang=zh-CN)/.exec(mail.text)![1]!;
    expect(mail.html).toContain(`href="${link}"`);
    expect(code).toBe(await latestCode(`email:${email.toLowerCase()}`));

    // Opened on another device (no pending cookie): a confirmation page; GET twice spends nothing.
    const phone = new FormBrowser(t.app, newIp());
    const path = new URL(link).pathname;
    expect((await phone.get(path)).statusCode).toBe(200);
    const page = await phone.get(`${path}?lang=zh-CN`);
    expect(page.body).toContain('确认登录');
    expect(phone.cookies.has(PORTAL_COOKIE)).toBe(false);
    const token = /name="token" value="([^"]+)"/.exec(page.body)![1]!;
    const signedIn = await phone.post('/c/link', { token, lang: 'zh-CN' });
    expect(signedIn.statusCode).toBe(303);
    expect(phone.cookies.has(PORTAL_COOKIE)).toBe(true);
    const home = await phone.get('/c/?lang=zh-CN');
    expect(home.body).toContain('洗衣机上门检修');
    expect(home.body).not.toContain('别人的工单');
    expect(home.body).toContain('服务完成后，我们会通过邮件邀请您评价。');

    // Spent: the link again, and the code from the same e-mail, sign nobody in.
    const again = new FormBrowser(t.app, newIp());
    const replay = await again.post('/c/link', { token, lang: 'en' });
    expect(replay.statusCode).toBe(410);
    expect(replay.body).toContain('This sign-in link was already used.');
    expect((await again.get(path)).statusCode).toBe(410);
    const typed = await browser.post('/c/code', { code, lang: 'en' });
    expect(typed.statusCode).toBe(422);
    expect(typed.body).toContain('That code was already used.');
  });

  it('refuses a forged or malformed link and an invalid address', async () => {
    const browser = new FormBrowser(t.app, newIp());
    const forged = await browser.post('/c/link', {
      token: '00000000-0000-4000-8000-000000000000.AAAAAAAAAAAAAAAAAAAAAA',
      lang: 'en',
    });
    expect(forged.statusCode).toBe(410);
    expect(forged.body).toContain('This sign-in link is not valid.');
    expect((await browser.get('/c/link/nonsense')).statusCode).toBe(410);
    const bad = await browser.post('/c/sign-in-email', { email: 'not an address', lang: 'en' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Enter a valid e-mail address.');
    expect(bad.body).toContain('value="not an address"');
  });
});

describe('require sign-in to rate', () => {
  it('sends a guest to sign in and back to the form; another customer is refused; a shared QR takes anyone signed in', async () => {
    const phone = newPhone();
    const version = await defaultTemplateVersionId(t.ctx.db);
    const links = { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl };
    const wo = await workOrderFactory(t.ctx, { subject: '冰箱维修', customer: { name: '孙丽', phone } });
    const personal = await invitationFactory(t.ctx.db, links, {
      templateVersionId: version,
      workOrderId: wo.id,
      contact: { name: '孙丽', phone, locale: 'zh-CN' },
      channels: ['sms'],
    });
    const qr = await invitationFactory(t.ctx.db, links, {
      templateVersionId: version,
      source: 'qr',
      channels: ['qr'],
      submissionLimit: 20,
    });

    // Off (the default): the link opens its form for anyone.
    const guest = new FormBrowser(t.app, newIp());
    expect((await guest.get(personal.path)).statusCode).toBe(200);

    await updateOrganisationProfile(t.ctx.db, SYSTEM_ACTOR, { requireSignInToRate: true });
    // Customer pages read the profile through a cache of a few seconds (ratings/page-context.ts).
    await expect.poll(async () => (await guest.get(personal.path)).statusCode, { timeout: 10_000 }).toBe(303);
    const asked = await guest.get(personal.path);
    expect(asked.headers.location).toBe(`/c/sign-in?lang=zh-CN&note=rate&next=${encodeURIComponent(personal.path)}`);
    // A post without sign-in (a stale form) stores nothing and is sent to sign in as well.
    const posted = await guest.post(personal.path, { response_speed: '5', _form_token: 'x' });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toContain('/c/sign-in?');

    const signInPage = await guest.get(String(asked.headers.location));
    expect(signInPage.body).toContain('请先登录再评价');
    expect((await guest.post('/c/sign-in', { phone, lang: 'zh-CN' })).statusCode).toBe(303);
    const back = await guest.post('/c/code', { code: await latestCode(`phone:+86${phone}`), lang: 'zh-CN' });
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe(personal.path);
    const form = await guest.get(personal.path);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="_form_token"');

    // Signed in as someone else: this personal link is not theirs — but the shared QR code is open to them.
    const other = new FormBrowser(t.app, newIp());
    const otherPhone = newPhone();
    await other.post('/c/sign-in', { phone: otherPhone, lang: 'en' });
    await other.post('/c/code', { code: await latestCode(`phone:+86${otherPhone}`), lang: 'en' });
    const refused = await other.get(personal.path);
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toContain('note=not-yours');
    expect((await other.get(String(refused.headers.location))).body).toContain('该评价链接属于另一位客户的工单');
    expect((await other.get(qr.path)).statusCode).toBe(200);
  });
});

describe('sign-in with WeChat (snsapi_base)', () => {
  /** The in-app browser's round trip: /c/ → WeChat's authorize page → back to /c/wechat with a code. */
  async function throughWechat(browser: FormBrowser) {
    const start = await browser.get('/c/?lang=zh-CN');
    expect(start.statusCode).toBe(302);
    const authorize = new URL(String(start.headers.location));
    expect(authorize.hash).toBe('#wechat_redirect');
    expect(authorize.pathname).toBe('/connect/oauth2/authorize');
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      appid: wechat.appId,
      redirect_uri: `${t.ctx.config.publicBaseUrl}/c/wechat`,
      response_type: 'code',
      scope: 'snsapi_base',
    });
    const atWechat = await fetch(authorize.toString().replace(/#.*$/, ''), { redirect: 'manual' });
    expect(atWechat.status).toBe(302);
    const callback = new URL(atWechat.headers.get('location')!);
    expect(callback.searchParams.get('state')).toBe(authorize.searchParams.get('state'));
    return {
      callback: `${callback.pathname}${callback.search}`,
      answer: await browser.get(`${callback.pathname}${callback.search}`),
    };
  }

  it('records the openid on the contact once the customer proves their number, then signs in silently and delivers by WeChat', async () => {
    const phone = newPhone();
    wechat.webAuthUser = FOLLOWER;
    const version = await defaultTemplateVersionId(t.ctx.db);
    const links = { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl };
    const before = await workOrderFactory(t.ctx, {
      subject: '燃气灶维修',
      customer: { name: '周强', phone },
    });
    // An invitation waiting for delivery, made before anything knew the customer's openid.
    const waiting = await invitationFactory(t.ctx.db, links, {
      templateVersionId: version,
      workOrderId: before.id,
      contact: { name: '周强', phone, locale: 'zh-CN' },
      channels: ['wechat', 'sms'],
    });

    const browser = new FormBrowser(t.app, newIp(), { 'user-agent': WECHAT_UA });
    const first = await throughWechat(browser);
    // A new openid: the customer confirms their number once.
    expect(first.answer.statusCode).toBe(303);
    expect(first.answer.headers.location).toBe('/c/sign-in?lang=zh-CN');
    const signInPage = await browser.get('/c/sign-in?lang=zh-CN');
    expect(signInPage.body).toContain('首次在微信中使用');
    expect((await browser.post('/c/sign-in', { phone, lang: 'zh-CN' })).statusCode).toBe(303);
    const code = await latestCode(`phone:+86${phone}`);
    expect((await browser.post('/c/code', { code, lang: 'zh-CN' })).statusCode).toBe(303);

    const [stored] = await t.ctx.db
      .select()
      .from(contactWechatIds)
      .where(eq(contactWechatIds.contactKey, `phone:+86${phone}`));
    expect(stored).toMatchObject({ openId: FOLLOWER, appId: wechat.appId });
    const [row] = await t.ctx.db.select().from(workOrders).where(eq(workOrders.id, before.id));
    expect(row!.customerWechatOpenId).toBe(FOLLOWER);

    // The waiting invitation now reaches the customer on WeChat first.
    const sentBefore = wechat.sent.length;
    await step(t, { invitationId: waiting.invitation.id });
    expect(wechat.sent.slice(sentBefore).map((m) => m.touser)).toEqual([FOLLOWER]);

    // A work order created later for the same number carries the openid, and its invitation goes out on WeChat.
    const later = await workOrderFactory(t.ctx, {
      subject: '油烟机清洗',
      customer: { name: '周强', phone: `+86 ${phone}` },
    });
    const [laterRow] = await t.ctx.db.select().from(workOrders).where(eq(workOrders.id, later.id));
    expect(laterRow!.customerWechatOpenId).toBe(FOLLOWER);
    const invitation = await invitationFactory(t.ctx.db, links, {
      templateVersionId: version,
      workOrderId: later.id,
      contact: contactOf(laterRow!),
      channels: ['wechat'],
    });
    await step(t, { invitationId: invitation.invitation.id });
    expect(wechat.sent.at(-1)).toMatchObject({ touser: FOLLOWER, template_id: 'TPL_rating_invite_01' });
    expect(wechat.sent.at(-1)!.url).toContain('/r/');

    // Next time in WeChat: no code, WeChat signs the customer in.
    const next = new FormBrowser(t.app, newIp(), { 'user-agent': WECHAT_UA });
    const silent = await throughWechat(next);
    expect(silent.answer.statusCode).toBe(303);
    expect(silent.answer.headers.location).toBe('/c/?lang=zh-CN');
    expect(next.cookies.has(PORTAL_COOKIE)).toBe(true);
    const home = await next.get('/c/?lang=zh-CN');
    expect(home.body).toContain('燃气灶维修');
    expect(home.body).toContain('油烟机清洗');

    // WeChat's code works once: the same callback again fails over to the number sign-in.
    const replay = new FormBrowser(t.app, newIp(), { 'user-agent': WECHAT_UA });
    replay.cookies.set('rl_portal_wxs', next.cookies.get('rl_portal_wxs') ?? '');
    const replayed = await replay.get(silent.callback);
    expect(replayed.headers.location).toBe('/c/sign-in?lang=zh-CN&note=wechat-failed');
    expect(replay.cookies.has(PORTAL_COOKIE)).toBe(false);
  });

  it('refuses a callback whose state this browser was not given, and a code WeChat already spent', async () => {
    wechat.webAuthUser = 'oUnfollowed_OPENID_02';
    const victim = new FormBrowser(t.app, newIp(), { 'user-agent': WECHAT_UA });
    const start = await victim.get('/c/?lang=en');
    const authorize = new URL(String(start.headers.location));
    const atWechat = await fetch(authorize.toString().replace(/#.*$/, ''), { redirect: 'manual' });
    const callback = new URL(atWechat.headers.get('location')!);
    // An attacker's browser replays the callback (login CSRF): no state cookie, nothing happens.
    const attacker = new FormBrowser(t.app, newIp(), { 'user-agent': WECHAT_UA });
    const forged = await attacker.get(`${callback.pathname}${callback.search}`);
    expect(forged.headers.location).toBe('/c/sign-in?lang=en&note=wechat-failed');
    expect(attacker.cookies.has('rl_portal_wx')).toBe(false);
    const page = await attacker.get(String(forged.headers.location));
    expect(page.body).toContain('WeChat sign-in did not work.');

    // Outside WeChat the portal never leaves for WeChat's page.
    const plain = new FormBrowser(t.app, newIp());
    expect((await plain.get('/c/?lang=en')).statusCode).toBe(200);
    // WeChat itself refuses a redirect URI outside the account's authorised domains.
    const foreign = new URL(authorize);
    foreign.searchParams.set('redirect_uri', 'https://evil.example/c/wechat');
    const refused = await fetch(foreign.toString().replace(/#.*$/, ''), { redirect: 'manual' });
    expect(await refused.text()).toContain('10003');
  });
});
