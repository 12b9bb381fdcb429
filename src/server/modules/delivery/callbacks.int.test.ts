import '../../../../test/support/no-network.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AliyunSmsFake } from '../../../../test/fakes/aliyun-sms.js';
import { TwilioFake } from '../../../../test/fakes/twilio.js';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  aliyunConfig,
  disableAllConfigs,
  newInvitation,
  step,
  twilioConfig,
} from '../../../../test/support/delivery.js';
import { workOrderFactory } from '../../../../test/support/factories.js';
import { twilioSignature } from '../channels/receipts.js';
import { attemptsOf } from './attempts.js';

let t: TestApp;
let admin: Awaited<ReturnType<TestApp['loginAs']>>;
const twilio = new TwilioFake();
const aliyun = new AliyunSmsFake();

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
  await Promise.all([twilio.start(), aliyun.start()]);
});
afterAll(async () => {
  await t?.close();
  await Promise.all([twilio.close(), aliyun.close()]);
});

describe('provider delivery receipts', () => {
  it('Twilio: a signed status callback updates the attempt; a bad signature is 403', async () => {
    await disableAllConfigs(t);
    const configId = await twilioConfig(admin, twilio, 'https://rate.example.com/twilio-status');
    const inv = await newInvitation(t, {
      channels: ['sms'],
      contact: { name: 'A', phone: '+15550002222', locale: 'en' },
    });
    await step(t, { invitationId: inv.id });
    const message = twilio.messages.at(-1)!;
    const [attempt] = await attemptsOf(t.ctx.db, inv.id);
    expect(attempt).toMatchObject({ status: 'succeeded', providerMessageId: message.sid, receiptStatus: 'pending' });

    const params = {
      AccountSid: twilio.accountSid,
      MessageSid: message.sid,
      MessageStatus: 'undelivered',
      ErrorCode: '30003',
    };
    const body = new URLSearchParams(params).toString();
    const query = new URL(message.statusCallback!).search;
    const url = `/api/v1/channel-callbacks/twilio/${configId}${query}`;
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const bad = await t.anon.request({
      method: 'POST',
      url,
      headers: { ...headers, 'x-twilio-signature': 'AAAA' },
      payload: body,
    });
    expect(bad.statusCode).toBe(403);
    const good = await t.anon.request({
      method: 'POST',
      url,
      headers: { ...headers, 'x-twilio-signature': twilioSignature(twilio.authToken, message.statusCallback!, params) },
      payload: body,
    });
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json()).toEqual({ updated: 1 });
    const [after] = await attemptsOf(t.ctx.db, inv.id);
    expect(after).toMatchObject({ receiptStatus: 'failed', receiptErrorCode: '30003' });
  });

  it('#11 finding 7: Twilio signs with :443 in the URL — still verified; canceled becomes a failed receipt', async () => {
    await disableAllConfigs(t);
    await twilioConfig(admin, twilio, 'https://rate.example.com/twilio-status');
    const inv = await newInvitation(t, {
      channels: ['sms'],
      contact: { name: 'A', phone: '+15550003333', locale: 'en' },
    });
    await step(t, { invitationId: inv.id });
    const message = twilio.messages.at(-1)!;
    // Deliver the fake's callback into the app (its URL is the public one; the app is served in-process).
    const realFetch = globalThis.fetch;
    let res: { statusCode: number; body: string } | undefined;
    globalThis.fetch = (async (url: string, init: RequestInit) => {
      const u = new URL(url);
      const configId = (await t.ctx.db.query.channelConfigs.findFirst({ where: (c, { eq }) => eq(c.enabled, true) }))!
        .id;
      res = await t.anon.request({
        method: 'POST',
        url: `/api/v1/channel-callbacks/twilio/${configId}${u.search}`,
        headers: init.headers as Record<string, string>,
        payload: String(init.body),
      });
      return new Response(null, { status: res.statusCode });
    }) as typeof fetch;
    try {
      await twilio.sendStatusCallback(message.sid, 'canceled', undefined, { signWithPort: true });
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(res!.statusCode, res!.body).toBe(200);
    const [after] = await attemptsOf(t.ctx.db, inv.id);
    expect(after).toMatchObject({ receiptStatus: 'failed', receiptErrorCode: 'canceled' });
  });

  it('#11 finding 7: Aliyun pushes unsigned to the secret path and gets HTTP 200 {"code":0,"msg":"成功"}', async () => {
    await disableAllConfigs(t);
    const configId = await aliyunConfig(admin, aliyun, { reportSecret: 'report-secret-1234567890' });
    const wo = await workOrderFactory(t.ctx);
    const inv = await newInvitation(t, {
      channels: ['sms'],
      workOrderId: wo.id,
      contact: { name: 'B', phone: '13800138000', locale: 'zh-CN' },
    });
    await step(t, { invitationId: inv.id });
    const sent = await attemptsOf(t.ctx.db, inv.id);
    expect(sent[0], JSON.stringify(sent[0])).toMatchObject({ status: 'succeeded' });
    const sms = aliyun.messages.at(-1)!;
    expect(sms.outId).toBe(`${inv.id}:sms:1`);
    expect(sms.templateParam.code).toMatch(/^[0-9A-Za-z]{20}$/);

    // The fake posts like Aliyun (no signature); route it into the app.
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (url: string, init: RequestInit) => {
      const r = await t.anon.request({
        method: 'POST',
        url: new URL(url).pathname,
        headers: init.headers as Record<string, string>,
        payload: String(init.body),
      });
      return new Response(r.body, { status: r.statusCode, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    try {
      const wrong = await aliyun.sendReport(
        `https://rate.example.com/api/v1/channel-callbacks/aliyun/${configId}/not-the-secret`,
        [{ bizId: sms.bizId, success: true }],
      );
      expect(wrong.status).toBe(403);
      const good = await aliyun.sendReport(
        `https://rate.example.com/api/v1/channel-callbacks/aliyun/${configId}/report-secret-1234567890`,
        [{ bizId: sms.bizId, success: true }],
      );
      expect(good).toEqual({ status: 200, body: { code: 0, msg: '成功' } });
      const [after] = await attemptsOf(t.ctx.db, inv.id);
      expect(after).toMatchObject({ receiptStatus: 'delivered', providerMessageId: sms.bizId });

      // Without the secret path, a report applies only where BizId AND OutId both match.
      const forged = await aliyun.sendReport(`https://rate.example.com/api/v1/channel-callbacks/aliyun/${configId}`, [
        { bizId: 'someone-elses-biz-id', success: false },
      ]);
      expect(forged).toEqual({ status: 200, body: { code: 0, msg: '成功' } });
      const [still] = await attemptsOf(t.ctx.db, inv.id);
      expect(still).toMatchObject({ receiptStatus: 'delivered' });
      const matching = await aliyun.sendReport(`https://rate.example.com/api/v1/channel-callbacks/aliyun/${configId}`, [
        { bizId: sms.bizId, success: false, errCode: 'MK:0001' },
      ]);
      expect(matching.status).toBe(200);
      const [last] = await attemptsOf(t.ctx.db, inv.id);
      expect(last).toMatchObject({ receiptStatus: 'failed', receiptErrorCode: 'MK:0001' });
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
