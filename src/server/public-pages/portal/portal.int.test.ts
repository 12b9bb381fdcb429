import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { workOrderFactory } from '../../../../test/support/factories.js';
import { FormBrowser } from '../../../../test/support/form-browser.js';
import { defaultTemplateVersionId, invitationFactory } from '../../../../test/support/invitations.js';
import { SYSTEM_ACTOR } from '../../http/principal.js';
import { createSandboxConfig, listSandboxMessages } from '../../modules/channels/sandbox.service.js';
import { isOptedOut } from '../../modules/delivery/opt-outs.js';
import {
  CODE_VALID_MINUTES,
  codeFor,
  MAX_CODES_PER_HOUR,
  MAX_GUESSES,
  requestSignInCode,
  verifySignInCode,
} from '../../modules/portal/codes.js';
import { sendSignInCodeJob } from '../../modules/portal/portal.jobs.js';
import { PORTAL_COOKIE } from '../../modules/portal/sessions.js';
import { CODES_PER_IP_PER_HOUR, maskPhone } from './portal.routes.js';

let t: TestApp;
beforeAll(async () => {
  // Workers run: the code's message goes out through the sandbox SMS channel as it would in production.
  t = await createTestApp({ work: true, publicRateLimits: { perIpPerMinute: 100_000, perTokenPerMinute: 100_000 } });
  await createSandboxConfig(t.ctx.db, t.ctx.appSecret, SYSTEM_ACTOR, { channel: 'sms' });
});
afterAll(async () => {
  await t?.close();
});

let ipSeq = 0;
/** Each test signs in from its own client address, so the per-address limit is tested only where meant. */
const newIp = () => `10.9.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;

/** A browser on the portal from its own client address. */
class Browser extends FormBrowser {
  constructor(ip = newIp()) {
    super(t.app, ip);
  }
}

let phoneSeq = 0;
/** A fresh mainland mobile number per test (the per-number limits stay out of each other's way). */
const newPhone = () => `1390000${String(++phoneSeq).padStart(4, '0')}`;

/** The sign-in code texted to `phone`, read from the sandbox SMS inbox the worker sent it to. */
async function textedCode(phone: string): Promise<string> {
  const to = `+86${phone}`;
  for (let i = 0; i < 100; i++) {
    const page = await listSandboxMessages(t.ctx.db, { channel: 'sms', limit: 100 });
    const message = page.items.find((m) => m.recipient === to);
    if (message) return /(\d{6})/.exec(message.text ?? '')![1]!;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no SMS reached ${to}`);
}

async function signIn(browser: Browser, phone: string) {
  const asked = await browser.post('/c/sign-in', { phone, lang: 'zh-CN' });
  expect(asked.statusCode).toBe(303);
  const code = await textedCode(phone);
  const signedIn = await browser.post('/c/code', { code, lang: 'zh-CN' });
  expect(signedIn.statusCode).toBe(303);
  return code;
}

describe('customer portal sign-in', () => {
  it('texts a code, signs in with it, and shows the customer their own work orders only', async () => {
    const phone = newPhone();
    const mine = await workOrderFactory(t.ctx, {
      subject: '空调维修（本人）',
      customer: { name: '李女士', phone: `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` },
    });
    await workOrderFactory(t.ctx, {
      subject: '热水器安装（本人）',
      customer: { name: '李女士', phone: `+86${phone}` },
    });
    await workOrderFactory(t.ctx, { subject: '别人的工单', customer: { name: '王先生', phone: newPhone() } });
    const browser = new Browser();

    const first = await browser.get('/c/');
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-security-policy']).toContain("script-src 'none'");
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.body).toContain('登录客户中心');
    expect(first.body).not.toContain('<script');

    const asked = await browser.post('/c/sign-in', { phone, lang: 'zh-CN' });
    expect(asked.statusCode).toBe(303);
    // The number is in a signed cookie, never in the URL.
    expect(String(asked.headers.location)).toBe('/c/?lang=zh-CN');
    const codePage = await browser.get('/c/?lang=zh-CN');
    expect(codePage.body).toContain(maskPhone(`+86${phone}`));
    expect(codePage.body).toContain('输入验证码');

    const code = await textedCode(phone);
    const [row] = (
      await t.database.sql.query<{ id: string; sent_at: Date | null }>(
        'select id, sent_at from portal_sign_in_codes where address = $1',
        [`phone:+86${phone}`],
      )
    ).rows;
    // Derived from the row and the secret: the database holds no code.
    expect(code).toBe(codeFor(t.ctx.appSecret, row!.id));
    expect(row!.sent_at).not.toBeNull();

    const wrong = await browser.post('/c/code', { code: code === '000000' ? '111111' : '000000', lang: 'zh-CN' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('验证码不正确');

    const right = await browser.post('/c/code', { code, lang: 'zh-CN' });
    expect(right.statusCode).toBe(303);
    expect(browser.cookies.has(PORTAL_COOKIE)).toBe(true);
    const home = await browser.get('/c/?lang=zh-CN');
    expect(home.body).toContain('空调维修（本人）');
    expect(home.body).toContain('热水器安装（本人）');
    expect(home.body).not.toContain('别人的工单');
    expect(home.body).toContain(mine.number);

    // Signing out ends the session on the server: the old cookie reaches nothing.
    const cookie = browser.cookies.get(PORTAL_COOKIE)!;
    expect((await browser.post('/c/sign-out', { lang: 'zh-CN' })).statusCode).toBe(303);
    const stale = new Browser(browser.ip);
    stale.cookies.set(PORTAL_COOKIE, cookie);
    const after = await stale.get('/c/');
    expect(after.body).toContain('登录客户中心');
    expect(after.body).not.toContain('空调维修（本人）');
  });

  it('refuses a replayed code and signs in exactly one of four racing requests', async () => {
    const phone = newPhone();
    const browser = new Browser();
    const code = await signIn(browser, phone);
    // The same code again, from another browser that asked for nothing since: spent.
    const replay = await verifySignInCode(t.ctx.db, t.ctx.appSecret, {
      address: `phone:+86${phone}`,
      code,
      now: new Date(),
    });
    expect(replay).toEqual({ ok: false, reason: 'used' });

    const racing = newPhone();
    const now = new Date();
    const asked = await requestSignInCode(
      t.ctx.db,
      t.ctx.jobs,
      { address: `phone:+86${racing}`, channel: 'sms', lang: 'en', now },
      sendSignInCodeJob,
    );
    if (!asked.ok) throw new Error('no code');
    const racingCode = codeFor(t.ctx.appSecret, asked.codeId);
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        verifySignInCode(t.ctx.db, t.ctx.appSecret, { address: `phone:+86${racing}`, code: racingCode, now }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual(['used', 'used', 'used']);
  });

  it('expires a code after its minutes and locks it after the allowed guesses, even for the right code', async () => {
    const address = `phone:+86${newPhone()}`;
    const start = new Date();
    const asked = await requestSignInCode(
      t.ctx.db,
      t.ctx.jobs,
      { address, channel: 'sms', lang: 'zh-CN', now: start },
      sendSignInCodeJob,
    );
    if (!asked.ok) throw new Error('no code');
    const code = codeFor(t.ctx.appSecret, asked.codeId);
    const late = new Date(start.getTime() + CODE_VALID_MINUTES * 60_000 + 1);
    expect(await verifySignInCode(t.ctx.db, t.ctx.appSecret, { address, code, now: late })).toEqual({
      ok: false,
      reason: 'expired',
    });

    const other = `phone:+86${newPhone()}`;
    const second = await requestSignInCode(
      t.ctx.db,
      t.ctx.jobs,
      { address: other, channel: 'sms', lang: 'zh-CN', now: start },
      sendSignInCodeJob,
    );
    if (!second.ok) throw new Error('no code');
    const rightCode = codeFor(t.ctx.appSecret, second.codeId);
    const wrongCode = rightCode === '123456' ? '654321' : '123456';
    const reasons: string[] = [];
    for (let i = 0; i < MAX_GUESSES; i++) {
      const r = await verifySignInCode(t.ctx.db, t.ctx.appSecret, { address: other, code: wrongCode, now: start });
      reasons.push(r.ok ? 'ok' : r.reason);
    }
    expect(reasons).toEqual([...Array(MAX_GUESSES - 1).fill('wrong'), 'locked']);
    expect(await verifySignInCode(t.ctx.db, t.ctx.appSecret, { address: other, code: rightCode, now: start })).toEqual({
      ok: false,
      reason: 'locked',
    });
  });

  it('limits codes per number (a minute apart, five an hour) and per client address', async () => {
    const address = `phone:+86${newPhone()}`;
    const start = Date.now();
    const ask = (minutes: number) =>
      requestSignInCode(
        t.ctx.db,
        t.ctx.jobs,
        { address, channel: 'sms', lang: 'zh-CN', now: new Date(start + minutes * 60_000) },
        sendSignInCodeJob,
      );
    expect((await ask(0)).ok).toBe(true);
    const tooSoon = await ask(0.5);
    expect(tooSoon).toMatchObject({ ok: false, reason: 'too_soon' });
    expect(!tooSoon.ok && tooSoon.retryAfterSeconds).toBe(30);
    for (let i = 1; i < MAX_CODES_PER_HOUR; i++) expect((await ask(i * 2)).ok).toBe(true);
    expect(await ask(MAX_CODES_PER_HOUR * 2)).toMatchObject({ ok: false, reason: 'too_many' });
    // An hour after the first, one may be asked for again.
    expect((await ask(61)).ok).toBe(true);

    // Through the page: the second request within the minute is told how long to wait.
    const browser = new Browser();
    const phone = newPhone();
    expect((await browser.post('/c/sign-in', { phone, lang: 'en' })).statusCode).toBe(303);
    const again = await browser.post('/c/sign-in', { phone, lang: 'en' });
    expect(again.statusCode).toBe(429);
    expect(again.body).toMatch(/Try again in \d+ seconds/);

    // One client address asking for many numbers is cut off.
    const scanner = new Browser();
    const statuses: number[] = [];
    for (let i = 0; i <= CODES_PER_IP_PER_HOUR; i++) {
      statuses.push((await scanner.post('/c/sign-in', { phone: newPhone(), lang: 'en' })).statusCode);
    }
    expect(statuses.slice(0, CODES_PER_IP_PER_HOUR).every((s) => s === 303)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('refuses an invalid number in the page language, keeping what was typed', async () => {
    const browser = new Browser();
    const res = await browser.post('/c/sign-in', { phone: '12345', lang: 'en' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Enter a valid mobile number.');
    expect(res.body).toContain('value="12345"');
    expect(res.body).toContain('<html lang="en"');
  });
});

describe('customer portal home', () => {
  it('links a pending rating and shows a given one', async () => {
    const phone = newPhone();
    const version = await defaultTemplateVersionId(t.ctx.db);
    const pending = await workOrderFactory(t.ctx, { subject: '待评价的维修', customer: { name: '赵女士', phone } });
    const invitation = await invitationFactory(
      t.ctx.db,
      { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl },
      { templateVersionId: version, workOrderId: pending.id },
    );
    const browser = new Browser();
    await signIn(browser, phone);
    const home = await browser.get('/c/?lang=zh-CN');
    expect(home.body).toContain(`href="${invitation.path}"`);
    expect(home.body).toContain('去评价');
    expect(home.body).toContain('1 项待评价');

    // Rated through its link: the portal shows the stars instead of the link.
    const rated = await t.app.inject({
      method: 'POST',
      url: invitation.path,
      payload: `response_speed=5&technical_ability=4&attitude=3&problem_resolved=yes&_form_token=${encodeURIComponent(
        /name="_form_token" value="([^"]+)"/.exec(
          (await t.app.inject({ method: 'GET', url: invitation.path })).body,
        )![1]!,
      )}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(rated.statusCode).toBe(303);
    const after = await browser.get('/c/?lang=zh-CN');
    expect(after.body).not.toContain(`href="${invitation.path}"`);
    expect(after.body).toContain('已评价');
    expect(after.body).toContain('★★★★');
  });

  it('on a number shared by several customers shows number and status until the name on the work order is typed', async () => {
    const phone = newPhone();
    const li = await workOrderFactory(t.ctx, { subject: '前台打印机维修', customer: { name: '李 雷', phone } });
    const han = await workOrderFactory(t.ctx, { subject: '会议室投影仪', customer: { name: '韩梅梅', phone } });
    const browser = new Browser();
    await signIn(browser, phone);
    const hidden = await browser.get('/c/?lang=zh-CN');
    expect(hidden.body).toContain(li.number);
    expect(hidden.body).toContain(han.number);
    expect(hidden.body).not.toContain('前台打印机维修');
    expect(hidden.body).not.toContain('会议室投影仪');
    expect(hidden.body).toContain('请输入工单上的客户姓名');

    const wrong = await browser.post('/c/confirm', { workOrder: li.id, name: '韩梅梅', lang: 'zh-CN' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('姓名与该工单不符');
    expect(wrong.body).not.toContain('会议室投影仪');

    // Spacing and case do not matter; only that name's work orders open.
    const right = await browser.post('/c/confirm', { workOrder: li.id, name: '  李  雷 ', lang: 'zh-CN' });
    expect(right.statusCode).toBe(303);
    const shown = await browser.get('/c/?lang=zh-CN');
    expect(shown.body).toContain('前台打印机维修');
    expect(shown.body).not.toContain('会议室投影仪');

    // A work order of another number cannot be confirmed from this session.
    const foreign = await workOrderFactory(t.ctx, {
      subject: '别家的工单',
      customer: { name: '李 雷', phone: newPhone() },
    });
    await browser.post('/c/confirm', { workOrder: foreign.id, name: '李 雷', lang: 'zh-CN' });
    expect((await browser.get('/c/?lang=zh-CN')).body).not.toContain('别家的工单');
  });

  it('stops taking names after the allowed wrong tries', async () => {
    const phone = newPhone();
    const a = await workOrderFactory(t.ctx, { subject: '甲公司工单', customer: { name: '甲', phone } });
    await workOrderFactory(t.ctx, { subject: '乙公司工单', customer: { name: '乙', phone } });
    const browser = new Browser();
    await signIn(browser, phone);
    for (let i = 0; i < 5; i++) await browser.post('/c/confirm', { workOrder: a.id, name: `猜${i}`, lang: 'zh-CN' });
    const locked = await browser.post('/c/confirm', { workOrder: a.id, name: '甲', lang: 'zh-CN' });
    expect(locked.statusCode).toBe(422);
    expect(locked.body).toContain('姓名输入错误次数过多');
    expect(locked.body).not.toContain('甲公司工单');
  });

  it('lets the customer stop rating invitations to their number, and resume them', async () => {
    const phone = newPhone();
    await workOrderFactory(t.ctx, { subject: '洗衣机维修', customer: { name: '孙先生', phone } });
    const browser = new Browser();
    await signIn(browser, phone);
    expect((await browser.get('/c/?lang=zh-CN')).body).toContain('不再接收评价邀请');
    expect((await browser.post('/c/invitations', { wanted: 'no', lang: 'zh-CN' })).statusCode).toBe(303);
    // The same record the unsubscribe link writes: delivery skips this number on every channel.
    expect(await isOptedOut(t.ctx.db, `phone:+86${phone}`, 'sms')).toBe(true);
    const out = await browser.get('/c/?lang=zh-CN');
    expect(out.body).toContain('您已退订评价邀请');
    await browser.post('/c/invitations', { wanted: 'yes', lang: 'zh-CN' });
    expect(await isOptedOut(t.ctx.db, `phone:+86${phone}`, 'sms')).toBe(false);
    // Signed out, the form does nothing.
    const stranger = new Browser();
    expect((await stranger.post('/c/invitations', { wanted: 'no', lang: 'zh-CN' })).statusCode).toBe(401);
  });
});
