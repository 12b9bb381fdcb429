import '../../../../test/support/no-network.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WechatFake } from '../../../../test/fakes/wechat.js';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { renderMessage } from '../message-templates/message-templates.service.js';
import { MESSAGE_PURPOSES, sampleVars } from '../message-templates/purposes.js';
import { MESSAGE_LANGS } from '../message-templates/variables.js';
import type { ResolvedChannelConfig, WechatMessage } from './adapter.js';
import { type WechatSettings, wechatSettings } from './providers.js';
import { createWechatAdapter, WECHAT_RECIPIENT_BACKOFF_SECONDS } from './wechat.adapter.js';

/** One template per purpose in the fake account, with the keys of Rateloop's defaults. */
const TEMPLATES = new Map<string, readonly string[]>([
  ['TPL_rating_invite_01', ['character_string1', 'thing2', 'time3', 'thing4']],
  ['TPL_reminder_01', ['character_string1', 'thing2', 'time3', 'thing4']],
  ['TPL_alert_01', ['character_string1', 'thing2', 'thing3', 'thing4', 'time5']],
  ['TPL_report_01', ['thing1', 'thing2']],
  ['TPL_code_01', ['character_string1', 'number2']],
  ['TPL_legacy_01', ['first', 'keyword1', 'keyword2', 'remark']],
]);
const TEMPLATE_OF = {
  invitation: 'TPL_rating_invite_01',
  reminder: 'TPL_reminder_01',
  alert: 'TPL_alert_01',
  report: 'TPL_report_01',
  sign_in_code: 'TPL_code_01',
} as const;

let t: TestApp;
let admin: Awaited<ReturnType<TestApp['loginAs']>>;
const wechat = new WechatFake(undefined, undefined, undefined, TEMPLATES);
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
  await wechat.start();
});
afterAll(async () => {
  await wechat.close();
  await t?.close();
});

const message = (over: Partial<WechatMessage> = {}): WechatMessage => ({
  channel: 'wechat',
  idempotencyKey: '3f1c2a9e-0000-4000-8000-000000000002:wechat:1',
  to: 'oFollower_OPENID_0001',
  templateId: 'TPL_rating_invite_01',
  url: 'https://rate.example.com/r/abc',
  data: { character_string1: 'WO-20250315-0042', thing2: '空调不制冷维修', time3: '2025-03-15 14:30', thing4: '李工' },
  ...over,
});

async function config(): Promise<ResolvedChannelConfig<WechatSettings>> {
  const res = await admin.post('/api/v1/channel-configs', {
    provider: 'wechat_mp',
    name: `WeChat ${Math.random()}`,
    settings: { appId: wechat.appId, baseUrl: wechat.url, timeoutMs: 1000 },
    secrets: { appSecret: wechat.appSecret },
  });
  expect(res.statusCode).toBe(201);
  return {
    id: res.json().id,
    provider: 'wechat_mp',
    channel: 'wechat',
    settings: wechatSettings.parse({ appId: wechat.appId, baseUrl: wechat.url, timeoutMs: 1000 }),
    secrets: { appSecret: wechat.appSecret },
  };
}

/** A send straight to the fake (bypassing the adapter's own checks), with a valid stable token. */
async function rawSend(data: Record<string, string>, templateId = 'TPL_rating_invite_01') {
  const token = await fetch(`${wechat.url}/cgi-bin/stable_token`, {
    method: 'POST',
    body: JSON.stringify({ grant_type: 'client_credential', appid: wechat.appId, secret: wechat.appSecret }),
  }).then((r) => r.json() as Promise<{ access_token: string }>);
  const res = await fetch(`${wechat.url}/cgi-bin/message/template/send?access_token=${token.access_token}`, {
    method: 'POST',
    body: JSON.stringify({
      touser: 'oFollower_OPENID_0001',
      template_id: templateId,
      data: Object.fromEntries(Object.entries(data).map(([k, value]) => [k, { value }])),
    }),
  });
  return (await res.json()) as { errcode: number; errmsg: string };
}

describe('WeChat access token from /cgi-bin/stable_token (#11 finding 3)', () => {
  it('asks the stable-token endpoint with POST JSON in normal mode', async () => {
    const adapter = createWechatAdapter({ db: t.ctx.db });
    const from = wechat.requests.length;
    expect(await adapter.send(message(), await config())).toMatchObject({ ok: true });
    const tokenRequests = wechat.requests.slice(from).filter((r) => r.path.includes('token'));
    expect(tokenRequests).toHaveLength(1);
    expect(tokenRequests[0]).toMatchObject({ method: 'POST', path: '/cgi-bin/stable_token' });
    expect(JSON.parse(tokenRequests[0]!.body)).toEqual({
      grant_type: 'client_credential',
      appid: wechat.appId,
      secret: wechat.appSecret,
      force_refresh: false,
    });
  });

  it('keeps working when another system on the AppID fetches a token from /cgi-bin/token', async () => {
    const cfg = await config();
    const adapter = createWechatAdapter({ db: t.ctx.db });
    expect(await adapter.send(message(), cfg)).toMatchObject({ ok: true });
    const before = wechat.tokenFetches;
    wechat.otherSystemFetchesToken();
    const from = wechat.requests.length;
    expect(await adapter.send(message(), cfg)).toMatchObject({ ok: true });
    // Our token was not retired: no 40001, no second fetch.
    expect(wechat.tokenFetches).toBe(before);
    expect(wechat.requests.slice(from).map((r) => r.path)).toEqual(['/cgi-bin/message/template/send']);
  });

  it('on 40001 (another system force-refreshed) fetches once in normal mode and sends again', async () => {
    const cfg = await config();
    const adapter = createWechatAdapter({ db: t.ctx.db });
    expect(await adapter.send(message(), cfg)).toMatchObject({ ok: true });
    wechat.otherSystemForcesStableRefresh();
    const forced = wechat.forcedRefreshes;
    const sent = wechat.sent.length;
    expect(await adapter.send(message(), cfg)).toMatchObject({ ok: true });
    expect(wechat.sent.length).toBe(sent + 1);
    expect(wechat.forcedRefreshes).toBe(forced); // normal mode already answers the new token
  });

  it('43117 (too many messages to this follower) is transient with a back-off of hours', async () => {
    const adapter = createWechatAdapter({ db: t.ctx.db });
    wechat.throttle('oFollower_OPENID_0001');
    const r = await adapter.send(message(), await config());
    expect(r).toMatchObject({ ok: false, kind: 'transient', code: '43117' });
    if (r.ok) throw new Error('expected a failure');
    expect(r.detail).toMatch(/^Sending messages to this openid too frequently/);
    expect(r.retryAfterSeconds).toBe(WECHAT_RECIPIENT_BACKOFF_SECONDS);
    expect(WECHAT_RECIPIENT_BACKOFF_SECONDS).toBeGreaterThanOrEqual(3600);
  });
});

describe('WeChat category-template fields (#11 finding 2)', () => {
  it('the fake refuses first/remark, unknown keys and values against their type with 47003', async () => {
    const ok = await rawSend({
      character_string1: 'WO-1',
      thing2: '空调维修',
      time3: '2025年3月15日 14:30',
      thing4: '李工',
    });
    expect(ok.errcode).toBe(0);
    const cases: [Record<string, string>, string][] = [
      [{ first: '您的工单已处理完毕', character_string1: 'WO-1' }, 'first'],
      [{ character_string1: 'WO-1', remark: '点击评价' }, 'remark'],
      [{ keyword1: 'WO-1' }, 'keyword1'],
      [{ thing2: '空调不制冷维修，室外机异响，需要更换压缩机' }, 'thing2'],
      [{ character_string1: '工单-42' }, 'character_string1'],
      [{ character_string1: 'WO-'.padEnd(33, '0') }, 'character_string1'],
      [{ time3: '15 Mar 2025, 14:30' }, 'time3'],
      [{ thing4: '' }, 'thing4'],
    ];
    for (const [data, field] of cases) {
      const res = await rawSend(data);
      expect(res.errcode, JSON.stringify(data)).toBe(47003);
      expect(res.errmsg).toMatch(new RegExp(`^argument invalid! data\\.${field}\\.value invalid rid: `));
    }
    expect((await rawSend({ phrase1: '配送中' }, 'TPL_phrase')).errcode).toBe(40037);
  });

  it('the adapter refuses a value WeChat would refuse, naming the field, without calling WeChat', async () => {
    const adapter = createWechatAdapter({ db: t.ctx.db });
    const cfg = await config();
    await adapter.send(message(), cfg); // token cached
    const from = wechat.requests.length;
    expect(
      await adapter.send(message({ data: { ...message().data, character_string1: '工单42' } }), cfg),
    ).toMatchObject({ ok: false, kind: 'permanent', code: 'wechat_field_format' });
    expect(await adapter.send(message({ data: { ...message().data, thing2: 'x'.repeat(21) } }), cfg)).toMatchObject({
      ok: false,
      kind: 'permanent',
      code: 'wechat_field_too_long',
    });
    expect(wechat.requests.length).toBe(from);
    // A 47003 that gets through (the account's template has other fields) stays permanent.
    expect(await adapter.send(message({ data: { first: 'hi' } }), cfg)).toMatchObject({
      kind: 'permanent',
      code: '47003',
    });
  });

  it('long thing values are cut with an ellipsis when rendered, and WeChat accepts them', async () => {
    const r = await renderMessage(t.ctx.db, {
      channel: 'wechat',
      lang: 'zh-CN',
      vars: { ...sampleVars('zh-CN', 'wechat'), Subject: '空调不制冷维修，室外机异响，\n需要更换压缩机和冷凝器' },
    });
    if (r.channel !== 'wechat') throw new Error('expected wechat');
    expect(r.data.thing2).toBe('空调不制冷维修，室外机异响， 需要更换…');
    expect([...r.data.thing2!]).toHaveLength(20);
    const adapter = createWechatAdapter({ db: t.ctx.db });
    expect(
      await adapter.send(message({ templateId: 'TPL_rating_invite_01', data: r.data, url: r.url }), await config()),
    ).toMatchObject({ ok: true });
    expect(wechat.sent.at(-1)!.data.thing2).toEqual({ value: '空调不制冷维修，室外机异响， 需要更换…' });
  });
});

describe('contract: the default WeChat templates of every purpose and language pass the fake', () => {
  it.each(MESSAGE_PURPOSES.flatMap((purpose) => MESSAGE_LANGS.map((lang) => [purpose, lang] as const)))(
    '%s in %s',
    async (purpose, lang) => {
      const r = await renderMessage(t.ctx.db, { purpose, channel: 'wechat', lang, vars: sampleVars(lang, 'wechat') });
      if (r.channel !== 'wechat') throw new Error('expected wechat');
      expect(Object.keys(r.data)).not.toContain('first');
      expect(Object.keys(r.data)).not.toContain('remark');
      const adapter = createWechatAdapter({ db: t.ctx.db });
      const sent = await adapter.send(
        message({ templateId: TEMPLATE_OF[purpose], url: r.url, data: r.data }),
        await config(),
      );
      expect(sent, JSON.stringify(r.data)).toMatchObject({ ok: true });
      expect(wechat.sent.at(-1)!.template_id).toBe(TEMPLATE_OF[purpose]);
    },
  );
});
