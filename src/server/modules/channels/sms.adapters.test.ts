import '../../../../test/support/no-network.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AliyunSmsFake } from '../../../../test/fakes/aliyun-sms.js';
import { GenericSmsFake } from '../../../../test/fakes/generic-sms.js';
import { TwilioFake } from '../../../../test/fakes/twilio.js';
import type { ResolvedChannelConfig, SmsMessage } from './adapter.js';
import { aliyunSignature, aliyunStringToSign } from './aliyun-signature.js';
import { aliyunSettings, genericHttpSettings, twilioSettings } from './providers.js';
import { parseAliyunReport, parseTwilioStatusCallback, verifyAliyunReport, verifyTwilioSignature } from './receipts.js';
import { createAliyunSmsAdapter } from './sms-aliyun.adapter.js';
import { createGenericSmsAdapter } from './sms-generic.adapter.js';
import { createTwilioAdapter } from './sms-twilio.adapter.js';

const sms = (over: Partial<SmsMessage> = {}): SmsMessage => ({
  channel: 'sms',
  idempotencyKey: '3f1c2a9e-0000-4000-8000-000000000001:sms:1',
  to: '+8613800138000',
  text: '尊敬的客户：您的工单【WO-1 空调维修】已处理完毕。请评价：https://r.example/r/abc',
  params: { URL: 'https://r.example/r/abc', WorkOrderNumber: 'WO-1', Subject: '空调维修' },
  ...over,
});

function cfg<S>(provider: ResolvedChannelConfig['provider'], settings: S, secrets: Record<string, string>) {
  return { id: '00000000-0000-4000-8000-0000000000aa', provider, channel: 'sms' as const, settings, secrets };
}

describe('generic HTTP SMS adapter', () => {
  const fake = new GenericSmsFake();
  const adapter = createGenericSmsAdapter();
  let config: ResolvedChannelConfig<ReturnType<typeof genericHttpSettings.parse>>;
  beforeAll(async () => {
    await fake.start();
    config = cfg(
      'generic_http',
      genericHttpSettings.parse({ url: `${fake.url}/send`, messageIdPath: 'id', timeoutMs: 300 }),
      {
        authValue: `Bearer ${fake.token}`,
      },
    );
  });
  afterAll(() => fake.close());

  it('sends the JSON body with escaped values, the auth header and the ref; the gateway dedupes on the ref', async () => {
    const message = sms({ text: 'quote " and \\ and newline\n#' });
    const first = await adapter.send(message, config);
    expect(first).toMatchObject({ ok: true, providerMessageId: 'gw-1' });
    const again = await adapter.send(message, config);
    expect(again).toMatchObject({ ok: true, providerMessageId: 'gw-1' });
    expect(fake.messages).toEqual([
      { to: '+8613800138000', text: 'quote " and \\ and newline\n#', ref: message.idempotencyKey },
    ]);
    expect(fake.requests.at(-1)!.headers['idempotency-key']).toBe(message.idempotencyKey);
  });

  it('classifies by status: 429 transient with Retry-After, 5xx transient, 402 quota, 4xx permanent, timeout', async () => {
    fake.answerNext(1, { status: 429, body: { error: 'slow down' }, headers: { 'retry-after': '30' } });
    expect(await adapter.send(sms(), config)).toMatchObject({
      ok: false,
      kind: 'transient',
      code: 'http_429',
      retryAfterSeconds: 30,
    });
    fake.answerNext(1, { status: 503, body: 'unavailable' });
    expect(await adapter.send(sms(), config)).toMatchObject({ ok: false, kind: 'transient', code: 'http_503' });
    fake.answerNext(1, { status: 402, body: { error: 'balance insufficient' } });
    expect(await adapter.send(sms(), config)).toMatchObject({ ok: false, kind: 'quota', code: 'http_402' });
    expect(await adapter.send(sms({ to: 'not-a-number' }), config)).toMatchObject({
      ok: false,
      kind: 'permanent',
      code: 'http_422',
    });
    expect(await adapter.send(sms(), { ...config, secrets: { authValue: 'Bearer wrong' } })).toMatchObject({
      kind: 'permanent',
      code: 'http_401',
    });
    fake.answerNext(1, { status: 200, body: { id: 'late' }, delayMs: 1000 });
    expect(await adapter.send(sms(), config)).toMatchObject({ ok: false, kind: 'transient', code: 'timeout' });
  });

  it('answers a transient failure when the gateway is unreachable', async () => {
    const down = { ...config, settings: { ...config.settings, url: 'http://127.0.0.1:1/send' } };
    expect(await adapter.send(sms(), down)).toMatchObject({ ok: false, kind: 'transient' });
  });
});

describe('Twilio adapter', () => {
  const fake = new TwilioFake();
  const adapter = createTwilioAdapter();
  let config: ResolvedChannelConfig<ReturnType<typeof twilioSettings.parse>>;
  beforeAll(async () => {
    await fake.start();
    config = cfg(
      'twilio',
      twilioSettings.parse({
        baseUrl: fake.url,
        accountSid: fake.accountSid,
        from: '+15005550006',
        statusCallbackUrl: 'https://rateloop.example/api/v1/channel-callbacks/twilio',
      }),
      { authToken: fake.authToken },
    );
  });
  afterAll(() => fake.close());

  it('creates the message with Basic auth and form fields; the status callback carries the idempotency key', async () => {
    const result = await adapter.send(sms(), config);
    expect(result).toMatchObject({ ok: true, providerMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/) });
    const m = fake.messages.at(-1)!;
    expect(m).toMatchObject({ to: '+8613800138000', from: '+15005550006', body: sms().text });
    expect(new URL(m.statusCallback!).searchParams.get('ref')).toBe(sms().idempotencyKey);
  });

  it('maps real Twilio errors: 20429 transient, 21211/21614/20003 permanent, insufficient funds quota', async () => {
    fake.failNext(1, 'rate_limit');
    expect(await adapter.send(sms(), config)).toMatchObject({ kind: 'transient', code: '20429', retryAfterSeconds: 7 });
    fake.failNext(1, 'server_error');
    expect(await adapter.send(sms(), config)).toMatchObject({ kind: 'transient', code: '20500' });
    expect(await adapter.send(sms({ to: '12345' }), config)).toMatchObject({ kind: 'permanent', code: '21211' });
    fake.failNext(1, 'not_mobile');
    expect(await adapter.send(sms(), config)).toMatchObject({ kind: 'permanent', code: '21614' });
    fake.failNext(1, 'balance');
    expect(await adapter.send(sms(), config)).toMatchObject({ kind: 'quota' });
    expect(await adapter.send(sms(), { ...config, secrets: { authToken: 'wrong' } })).toMatchObject({
      kind: 'permanent',
      code: '20003',
    });
  });

  it('delivery receipts: verifyTwilioSignature accepts the fake’s signed callback and refuses a tampered one', async () => {
    const sent = await adapter.send(sms(), config);
    const sid = sent.ok ? sent.providerMessageId! : '';
    let captured: { url: string; params: Record<string, string>; signature: string } | undefined;
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (url: string, init: RequestInit) => {
      captured = {
        url,
        params: Object.fromEntries(new URLSearchParams(String(init.body))),
        signature: (init.headers as Record<string, string>)['x-twilio-signature']!,
      };
      return new Response(null, { status: 204 });
    }) as typeof fetch;
    try {
      await fake.sendStatusCallback(sid, 'delivered');
    } finally {
      globalThis.fetch = realFetch;
    }
    const { url, params, signature } = captured!;
    expect(verifyTwilioSignature(fake.authToken, url, params, signature)).toBe(true);
    expect(verifyTwilioSignature(fake.authToken, url, { ...params, MessageStatus: 'failed' }, signature)).toBe(false);
    expect(verifyTwilioSignature('other-token', url, params, signature)).toBe(false);
    expect(parseTwilioStatusCallback(params, new URL(url).searchParams.get('ref'))).toEqual({
      providerMessageId: sid,
      idempotencyKey: sms().idempotencyKey,
      status: 'delivered',
      errorCode: null,
      at: null,
    });
  });
});

describe('Aliyun SMS adapter', () => {
  const fake = new AliyunSmsFake();
  const adapter = createAliyunSmsAdapter();
  let config: ResolvedChannelConfig<ReturnType<typeof aliyunSettings.parse>>;
  beforeAll(async () => {
    await fake.start();
    config = cfg(
      'aliyun',
      aliyunSettings.parse({
        endpoint: fake.url,
        accessKeyId: fake.accessKeyId,
        signName: '安居售后',
        templateCode: 'SMS_123456789',
      }),
      { accessKeySecret: fake.accessKeySecret },
    );
  });
  afterAll(() => fake.close());

  it('signs exactly like Aliyun’s documented example (signature v1)', () => {
    const p = {
      AccessKeyId: 'testId',
      Action: 'SendSms',
      Format: 'XML',
      OutId: '123',
      PhoneNumbers: '15300000001',
      RegionId: 'cn-hangzhou',
      SignName: '阿里云短信测试专用',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
      SignatureVersion: '1.0',
      TemplateCode: 'SMS_71390007',
      TemplateParam: '{"customer":"test"}',
      Timestamp: '2017-07-12T02:42:19Z',
      Version: '2017-05-25',
    };
    expect(aliyunStringToSign('GET', p)).toContain(
      '%26TemplateParam%3D%257B%2522customer%2522%253A%2522test%2522%257D',
    );
    expect(aliyunSignature('GET', p, 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });

  it('sends SendSms with a signature the fake recomputes; template params and OutId carried', async () => {
    const result = await adapter.send(sms(), config);
    expect(result).toMatchObject({ ok: true, providerMessageId: expect.stringMatching(/\^0$/) });
    expect(fake.messages.at(-1)).toMatchObject({
      phoneNumbers: '13800138000',
      signName: '安居售后',
      templateCode: 'SMS_123456789',
      templateParam: { url: 'https://r.example/r/abc', workOrderNumber: 'WO-1', subject: '空调维修' },
      outId: sms().idempotencyKey,
    });
  });

  it('a wrong secret is refused by the fake with SignatureDoesNotMatch (permanent)', async () => {
    const result = await adapter.send(sms(), { ...config, secrets: { accessKeySecret: 'wrong' } });
    expect(result).toMatchObject({ ok: false, kind: 'permanent', code: 'SignatureDoesNotMatch' });
  });

  it('maps Aliyun codes: AMOUNT_NOT_ENOUGH quota, BUSINESS_LIMIT_CONTROL transient, illegal number and missing parameters permanent', async () => {
    fake.failNext(1, 'isv.AMOUNT_NOT_ENOUGH');
    expect(await adapter.send(sms(), config)).toMatchObject({ kind: 'quota', code: 'isv.AMOUNT_NOT_ENOUGH' });
    fake.failNext(1, 'isv.BUSINESS_LIMIT_CONTROL');
    expect(await adapter.send(sms(), config)).toMatchObject({ kind: 'transient', retryAfterSeconds: 60 });
    fake.failNext(1, 'isp.SYSTEM_ERROR');
    expect(await adapter.send(sms(), config)).toMatchObject({ kind: 'transient', code: 'isp.SYSTEM_ERROR' });
    fake.failNext(1, 'isp.RAM_PERMISSION_DENY');
    expect(await adapter.send(sms(), config)).toMatchObject({ kind: 'permanent' });
    expect(await adapter.send(sms({ to: '+86123' }), config)).toMatchObject({
      kind: 'permanent',
      code: 'isv.MOBILE_NUMBER_ILLEGAL',
    });
    expect(await adapter.send(sms({ params: { URL: 'x' } }), config)).toMatchObject({
      kind: 'permanent',
      code: 'isv.TEMPLATE_MISSING_PARAMETERS',
    });
  });

  it('delivery reports: the signed SmsReport batch verifies and parses', async () => {
    await adapter.send(sms(), config);
    const bizId = fake.messages.at(-1)!.bizId;
    let body = '';
    let header = '';
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (_url: string, init: RequestInit) => {
      body = String(init.body);
      header = (init.headers as Record<string, string>)['x-rateloop-signature']!;
      return new Response(null, { status: 200 });
    }) as typeof fetch;
    try {
      await fake.sendReport('http://127.0.0.1/callback', 'report-secret-1', [
        { bizId, success: false, errCode: 'MK:0001' },
      ]);
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(verifyAliyunReport('report-secret-1', body, header)).toBe(true);
    expect(verifyAliyunReport('another-secret', body, header)).toBe(false);
    expect(parseAliyunReport(JSON.parse(body))).toEqual([
      {
        providerMessageId: bizId,
        idempotencyKey: sms().idempotencyKey,
        status: 'failed',
        errorCode: 'MK:0001',
        at: new Date('2025-03-15T06:30:05Z'),
      },
    ]);
    expect(() => parseAliyunReport([{ nope: true }])).toThrow();
  });
});
