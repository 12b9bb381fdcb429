import '../../../../test/support/no-network.js';
import { eq } from 'drizzle-orm';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AliyunSmsFake } from '../../../../test/fakes/aliyun-sms.js';
import { WechatFake } from '../../../../test/fakes/wechat.js';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { defaultTemplateVersionId, invitationFactory } from '../../../../test/support/invitations.js';
import { channelConfigs } from '../../db/schema/channels.js';
import type { ResolvedChannelConfig, SmsMessage, WechatMessage } from './adapter.js';
import { type WechatSettings, wechatSettings } from './providers.js';
import { sendWithConfig } from './runtime.js';
import { createWechatAdapter } from './wechat.adapter.js';

let t: TestApp;
let admin: Awaited<ReturnType<TestApp['loginAs']>>;
const wechat = new WechatFake();
const aliyun = new AliyunSmsFake();
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
  await wechat.start();
  await aliyun.start();
});
afterAll(async () => {
  await wechat.close();
  await aliyun.close();
  await t?.close();
});

const wechatMessage = (over: Partial<WechatMessage> = {}): WechatMessage => ({
  channel: 'wechat',
  idempotencyKey: '3f1c2a9e-0000-4000-8000-000000000001:wechat:1',
  to: 'oFollower_OPENID_0001',
  templateId: 'TPL_rating_invite_01',
  url: 'https://rate.example.com/r/abc',
  data: { character_string1: 'WO-1', thing2: '空调不制冷维修' },
  ...over,
});

async function wechatConfig(): Promise<ResolvedChannelConfig<WechatSettings>> {
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

describe('WeChat template messages', () => {
  it('sends the template message; N sends fetch the token once', async () => {
    const config = await wechatConfig();
    const adapter = createWechatAdapter({ db: t.ctx.db });
    const before = wechat.tokenFetches;
    for (let i = 0; i < 5; i++) expect(await adapter.send(wechatMessage(), config)).toMatchObject({ ok: true });
    expect(wechat.tokenFetches - before).toBe(1);
    expect(wechat.sent.at(-1)).toEqual({
      touser: 'oFollower_OPENID_0001',
      template_id: 'TPL_rating_invite_01',
      url: 'https://rate.example.com/r/abc',
      data: { character_string1: { value: 'WO-1' }, thing2: { value: '空调不制冷维修' } },
      client_msg_id: '3f1c2a9e-0000-4000-8000-000000000001:wechat:1',
    });
  });

  it('shares the token between processes through the database', async () => {
    const config = await wechatConfig();
    const before = wechat.tokenFetches;
    const one = createWechatAdapter({ db: t.ctx.db });
    const two = createWechatAdapter({ db: t.ctx.db });
    expect(await one.send(wechatMessage(), config)).toMatchObject({ ok: true });
    expect(await two.send(wechatMessage(), config)).toMatchObject({ ok: true });
    expect(wechat.tokenFetches - before).toBe(1);
  });

  it('refreshes 5 minutes before expiry, and at once on 40001 (retrying the send once)', async () => {
    const config = await wechatConfig();
    let now = Date.now();
    const adapter = createWechatAdapter({ db: t.ctx.db, now: () => new Date(now) });
    const before = wechat.tokenFetches;
    await adapter.send(wechatMessage(), config);
    now += (7200 - 6 * 60) * 1000; // 6 minutes before expiry: still fresh
    await adapter.send(wechatMessage(), config);
    expect(wechat.tokenFetches - before).toBe(1);
    now += 2 * 60 * 1000; // 4 minutes before expiry: refresh
    await adapter.send(wechatMessage(), config);
    expect(wechat.tokenFetches - before).toBe(2);

    wechat.invalidateTokens();
    expect(await adapter.send(wechatMessage(), config)).toMatchObject({ ok: true });
    expect(wechat.tokenFetches - before).toBe(3);
  });

  it('classifies 43004 not followed and 40003 invalid openid as permanent, 45009 as quota, -1 as transient', async () => {
    const config = await wechatConfig();
    const adapter = createWechatAdapter({ db: t.ctx.db });
    expect(await adapter.send(wechatMessage({ to: 'oUnfollowed_OPENID_02' }), config)).toMatchObject({
      ok: false,
      kind: 'permanent',
      code: '43004',
    });
    expect(await adapter.send(wechatMessage({ to: 'oNobody' }), config)).toMatchObject({
      kind: 'permanent',
      code: '40003',
    });
    wechat.failNext(1, 45009);
    expect(await adapter.send(wechatMessage(), config)).toMatchObject({ kind: 'quota', code: '45009' });
    wechat.failNext(1, -1);
    expect(await adapter.send(wechatMessage(), config)).toMatchObject({ kind: 'transient', code: '-1' });
    expect(await adapter.send(wechatMessage({ templateId: '' }), config)).toMatchObject({
      kind: 'permanent',
      code: 'template_not_configured',
    });
    const badSecret = { ...config, id: config.id, secrets: { appSecret: 'wrong' } };
    expect(await createWechatAdapter({ db: t.ctx.db }).send(wechatMessage(), badSecret)).toMatchObject({
      kind: 'permanent',
      code: '40125',
    });
  });
});

describe('provider configurations', () => {
  const aliyunBody = () => ({
    provider: 'aliyun',
    name: 'Aliyun SMS',
    settings: {
      endpoint: aliyun.url,
      accessKeyId: aliyun.accessKeyId,
      signName: '安居售后',
      templateCode: 'SMS_123456789',
      monthlyLimit: 2,
    },
    secrets: { accessKeySecret: aliyun.accessKeySecret },
  });

  it('encrypts secrets at rest and only ever shows masks', async () => {
    const res = await admin.post('/api/v1/channel-configs', aliyunBody());
    expect(res.statusCode).toBe(201);
    const view = res.json();
    expect(view.secrets).toEqual({ accessKeySecret: { hasSecret: true, mask: '••••-xyz' } });
    expect(res.body).not.toContain(aliyun.accessKeySecret);
    const [row] = await t.ctx.db.select().from(channelConfigs).where(eq(channelConfigs.id, view.id));
    expect(JSON.stringify(row)).not.toContain(aliyun.accessKeySecret);
    expect(row!.secrets).toMatchObject({ v: 1, iv: expect.any(String), tag: expect.any(String) });
    const list = await admin.get('/api/v1/channel-configs');
    expect(list.body).not.toContain(aliyun.accessKeySecret);
    const audit = await admin.get(`/api/v1/audit-events?entityId=${view.id}`);
    expect(audit.body).not.toContain(aliyun.accessKeySecret);
    expect(audit.json().items[0]).toMatchObject({ action: 'channel_config.created' });
  });

  it('PATCH keeps an omitted secret and replaces a sent one', async () => {
    const { id } = (await admin.post('/api/v1/channel-configs', aliyunBody())).json();
    const renamed = await admin.patch(`/api/v1/channel-configs/${id}`, { name: 'Renamed', secrets: {} });
    expect(renamed.json().secrets.accessKeySecret.mask).toBe('••••-xyz');
    expect((await admin.post(`/api/v1/channel-configs/${id}/test`, { to: '+8613800138000' })).json()).toMatchObject({
      ok: true,
    });
    const replaced = await admin.patch(`/api/v1/channel-configs/${id}`, {
      secrets: { accessKeySecret: 'new-wrong-secret-9876' },
    });
    expect(replaced.json().secrets.accessKeySecret.mask).toBe('••••9876');
    expect((await admin.post(`/api/v1/channel-configs/${id}/test`, { to: '+8613800138000' })).json()).toMatchObject({
      ok: false,
      kind: 'permanent',
      code: 'SignatureDoesNotMatch',
    });
  });

  it('validates settings per provider, naming the field', async () => {
    const res = await admin.post('/api/v1/channel-configs', {
      provider: 'smtp',
      name: 'Mail',
      settings: { port: 99999, from: 'x@y.z' },
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['settings.host', 'settings.port']);
    const noSecret = await admin.post('/api/v1/channel-configs', { ...aliyunBody(), secrets: {} });
    expect(noSecret.json().errors[0].path).toBe('secrets.accessKeySecret');
  });

  it('#11: an Aliyun parameter mapped to a link is refused on save and before a test message, naming the field', async () => {
    const body = aliyunBody();
    const urlMapped = {
      ...body,
      settings: {
        ...body.settings,
        templateCode: undefined,
        templates: {
          invitation: {
            templateCode: 'SMS_123456789',
            templateParams: { url: 'URL', workOrderNumber: 'WorkOrderNumber' },
          },
        },
      },
    };
    const refused = await admin.post('/api/v1/channel-configs', urlMapped);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([
      expect.objectContaining({
        path: 'settings.templates.invitation.templateParams',
        code: 'aliyun_variable',
        message: expect.stringContaining('Aliyun: a variable may not contain a URL and must be ≤ 35 characters'),
      }),
    ]);
    // An old configuration (one templateCode, the old default mapping url → #URL#) is read as the invitation
    // template, and its test message is refused with the same field error instead of reaching Aliyun.
    const created = await admin.post('/api/v1/channel-configs', aliyunBody());
    expect(created.json().settings.templates.invitation).toEqual({
      templateCode: 'SMS_123456789',
      templateParams: { code: 'LinkCode', workOrderNumber: 'WorkOrderNumber' },
    });
    const { id } = created.json();
    await t.ctx.db
      .update(channelConfigs)
      .set({
        settings: {
          endpoint: aliyun.url,
          accessKeyId: aliyun.accessKeyId,
          signName: '安居售后',
          templateCode: 'SMS_123456789',
          templateParams: { url: 'URL', workOrderNumber: 'WorkOrderNumber', subject: 'Subject' },
        },
      })
      .where(eq(channelConfigs.id, id));
    const calls = aliyun.requests.length;
    const test = await admin.post(`/api/v1/channel-configs/${id}/test`, { to: '+8613800138000' });
    expect(test.statusCode).toBe(400);
    expect(test.json().errors[0]).toMatchObject({ code: 'aliyun_variable' });
    expect(aliyun.requests.length).toBe(calls);
  });

  it('local monthly quota: at the limit the send fails with local_quota_exhausted without calling the provider', async () => {
    const { id } = (await admin.post('/api/v1/channel-configs', aliyunBody())).json();
    const message: SmsMessage = {
      channel: 'sms',
      idempotencyKey: 'k:sms:1',
      to: '+8613800138000',
      text: 'x',
      params: { URL: 'https://r/x', LinkCode: 'Xc9kQ2mZpL7vT4nB8sW1', WorkOrderNumber: 'WO-1', Subject: 's' },
    };
    aliyun.failNext(1, 'isv.AMOUNT_NOT_ENOUGH');
    expect(await sendWithConfig(t.ctx, id, message)).toMatchObject({ ok: false, kind: 'quota' }); // not counted
    expect(await sendWithConfig(t.ctx, id, message)).toMatchObject({ ok: true, configId: id, provider: 'aliyun' });
    expect(await sendWithConfig(t.ctx, id, message)).toMatchObject({ ok: true });
    const calls = aliyun.requests.length;
    expect(await sendWithConfig(t.ctx, id, message)).toMatchObject({
      ok: false,
      kind: 'quota',
      code: 'local_quota_exhausted',
    });
    expect(aliyun.requests.length).toBe(calls);
    expect((await admin.get(`/api/v1/channel-configs/${id}`)).json().usage).toMatchObject({ sent: 2, monthlyLimit: 2 });
    await admin.patch(`/api/v1/channel-configs/${id}`, { enabled: false });
    expect(await sendWithConfig(t.ctx, id, message)).toMatchObject({
      ok: false,
      kind: 'permanent',
      code: 'config_disabled',
    });
  });

  it('is for admins only, and deletes', async () => {
    const engineer = await t.loginAs(['engineer']);
    expect((await engineer.get('/api/v1/channel-configs')).statusCode).toBe(403);
    const { id } = (await admin.post('/api/v1/channel-configs', aliyunBody())).json();
    expect((await admin.delete(`/api/v1/channel-configs/${id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/channel-configs/${id}`)).statusCode).toBe(404);
  });
});

describe('QR codes and the printable card', () => {
  it('serves PNG and SVG encoding the invitation link, and a card', async () => {
    const links = { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl };
    const { invitation, token } = await invitationFactory(t.ctx.db, links, {
      templateVersionId: await defaultTemplateVersionId(t.ctx.db),
    });
    const url = `${t.ctx.config.publicBaseUrl}/r/${token}`;
    const png = await admin.get(`/api/v1/invitations/${invitation.id}/qr.png?size=300`);
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

    // Decode the modules back from the pixels and compare with the QR matrix of the URL.
    const image = PNG.sync.read(png.rawPayload);
    const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
    const n = qr.modules.size;
    const scale = image.width / (n + 8);
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        const px = Math.floor((x + 4 + 0.5) * scale);
        const py = Math.floor((y + 4 + 0.5) * scale);
        const dark = image.data[(py * image.width + px) * 4]! < 128;
        expect(dark).toBe(Boolean(qr.modules.get(y, x)));
      }
    }

    const svg = await admin.get(`/api/v1/invitations/${invitation.id}/qr.svg`);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);

    const card = await admin.get(`/api/v1/invitations/${invitation.id}/card`);
    expect(card.statusCode).toBe(200);
    expect(card.body).toContain('<svg');
    expect(card.body).toContain(url);
    expect(card.body).toContain('@page { size: A6');
    expect(card.body).toContain('Scan the code');

    expect((await admin.get('/api/v1/invitations/00000000-0000-4000-8000-000000000000/qr.png')).statusCode).toBe(404);
  });
});
