import '../../../../test/support/no-network.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AliyunSmsFake } from '../../../../test/fakes/aliyun-sms.js';
import { TwilioFake } from '../../../../test/fakes/twilio.js';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { disableAllConfigs, newInvitation, step, twilioConfig } from '../../../../test/support/delivery.js';
import { workOrderFactory } from '../../../../test/support/factories.js';
import { aliyunReportSignature, twilioSignature } from '../channels/receipts.js';
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

  it('Aliyun: a signed SmsReport batch updates the attempt; a bad signature is 403', async () => {
    await disableAllConfigs(t);
    const res = await admin.post('/api/v1/channel-configs', {
      provider: 'aliyun',
      name: 'Aliyun',
      settings: {
        endpoint: aliyun.url,
        accessKeyId: aliyun.accessKeyId,
        signName: '安居售后',
        templateCode: 'SMS_123456789',
        timeoutMs: 2000,
      },
      secrets: { accessKeySecret: aliyun.accessKeySecret, reportSecret: 'report-secret-123' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const configId = res.json().id as string;
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
    const body = JSON.stringify([
      {
        phone_number: sms.phoneNumbers,
        success: true,
        biz_id: sms.bizId,
        out_id: sms.outId,
        report_time: '2026-03-15 14:30:05',
      },
    ]);
    const url = `/api/v1/channel-callbacks/aliyun/${configId}`;
    const bad = await t.anon.request({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', 'x-rateloop-signature': 'sha256=00' },
      payload: body,
    });
    expect(bad.statusCode).toBe(403);
    const good = await t.anon.request({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/json',
        'x-rateloop-signature': aliyunReportSignature('report-secret-123', body),
      },
      payload: body,
    });
    expect(good.statusCode, good.body).toBe(200);
    const [after] = await attemptsOf(t.ctx.db, inv.id);
    expect(after).toMatchObject({ receiptStatus: 'delivered', providerMessageId: sms.bizId });
  });
});
