import '../../../../test/support/no-network.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AliyunSmsFake } from '../../../../test/fakes/aliyun-sms.js';
import { GenericSmsFake } from '../../../../test/fakes/generic-sms.js';
import { TwilioFake } from '../../../../test/fakes/twilio.js';
import { DEFAULT_TEMPLATES } from '../message-templates/defaults.js';
import { MESSAGE_PURPOSES, sampleVars } from '../message-templates/purposes.js';
import { renderContent } from '../message-templates/render.js';
import { MESSAGE_LANGS, SAMPLE_VARS } from '../message-templates/variables.js';
import type { ResolvedChannelConfig, SmsMessage } from './adapter.js';
import { aliyunSettingsErrors } from './aliyun-rules.js';
import { aliyunCommonParams, aliyunSignature, aliyunStringToSign } from './aliyun-signature.js';
import { aliyunSettings, genericHttpSettings, twilioSettings } from './providers.js';
import { parseAliyunReport, parseTwilioStatusCallback, verifyTwilioSignature } from './receipts.js';
import { createAliyunSmsAdapter, queryAliyunSend } from './sms-aliyun.adapter.js';
import { createGenericSmsAdapter } from './sms-generic.adapter.js';
import { createTwilioAdapter } from './sms-twilio.adapter.js';

const sms = (over: Partial<SmsMessage> = {}): SmsMessage => ({
  channel: 'sms',
  idempotencyKey: '3f1c2a9e-0000-4000-8000-000000000001:sms:1',
  to: '+8613800138000',
  text: '尊敬的客户：您的工单【WO-1 空调维修】已处理完毕。请评价：https://r.example/r/abc',
  params: {
    URL: 'https://r.example/r/abc',
    LinkCode: 'Xc9kQ2mZpL7vT4nB8sW1',
    ShortURL: 'https://r.example/s/Xc9kQ2mZpL7vT4nB8sW1',
    WorkOrderNumber: 'WO-1',
    Subject: '空调维修',
  },
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

  it('maps real Twilio errors: 20429 transient, 21211/21614/20003 permanent, 20005/10001 quota, 21611 long back-off', async () => {
    fake.failNext(1, 'rate_limit');
    expect(await adapter.send(sms(), config)).toMatchObject({ kind: 'transient', code: '20429', retryAfterSeconds: 7 });
    fake.failNext(1, 'server_error');
    expect(await adapter.send(sms(), config)).toMatchObject({ kind: 'transient', code: '20500' });
    expect(await adapter.send(sms({ to: '12345' }), config)).toMatchObject({ kind: 'permanent', code: '21211' });
    fake.failNext(1, 'not_mobile');
    expect(await adapter.send(sms(), config)).toMatchObject({ kind: 'permanent', code: '21614' });
    // #11 finding 6: a suspended or empty account is 20005/10001 (HTTP 401/403), not wording or HTTP 402.
    fake.failNext(1, 'account_not_active');
    expect(await adapter.send(sms(), config)).toMatchObject({ kind: 'quota', code: '20005' });
    fake.failNext(1, 'account_suspended');
    expect(await adapter.send(sms(), config)).toMatchObject({ kind: 'quota', code: '10001' });
    // 21611: more than 10 hours queued on the sender — come back in an hour, not in seconds.
    fake.failNext(1, 'queue_full');
    expect(await adapter.send(sms(), config)).toMatchObject({
      kind: 'transient',
      code: '21611',
      retryAfterSeconds: 3600,
    });
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

  it('#11 finding 7: a callback signed over the URL with its port (:443) verifies against the configured URL', async () => {
    const sent = await adapter.send(sms(), config);
    const sid = sent.ok ? sent.providerMessageId! : '';
    const captured = await capture(() => fake.sendStatusCallback(sid, 'delivered', undefined, { signWithPort: true }));
    expect(captured.url).not.toContain(':443');
    expect(verifyTwilioSignature(fake.authToken, captured.url, captured.params, captured.signature)).toBe(true);
    // …and the other way round: configured with :443, signed without.
    const plain = await capture(() => fake.sendStatusCallback(sid, 'delivered'));
    const withPort = plain.url.replace('rateloop.example/', 'rateloop.example:443/');
    expect(verifyTwilioSignature(fake.authToken, withPort, plain.params, plain.signature)).toBe(true);
    expect(verifyTwilioSignature(fake.authToken, withPort, plain.params, 'forged')).toBe(false);
  });

  it('#11 finding 6: canceled is a failed receipt, partially_delivered delivered with a note (never pending for ever)', () => {
    const base = { MessageSid: 'SM1', AccountSid: fake.accountSid };
    expect(parseTwilioStatusCallback({ ...base, MessageStatus: 'canceled' })).toMatchObject({
      status: 'failed',
      errorCode: 'canceled',
    });
    expect(parseTwilioStatusCallback({ ...base, MessageStatus: 'partially_delivered' })).toMatchObject({
      status: 'delivered',
      errorCode: 'partially_delivered',
    });
    expect(parseTwilioStatusCallback({ ...base, MessageStatus: 'sent' })).toMatchObject({ status: 'pending' });
  });

  it('contract: the default SMS templates in both languages go through the fake as they are', async () => {
    for (const purpose of MESSAGE_PURPOSES) {
      for (const lang of MESSAGE_LANGS) {
        const vars = sampleVars(lang, 'sms');
        const r = renderContent('sms', DEFAULT_TEMPLATES[purpose].sms[lang], vars);
        if (r.channel !== 'sms') throw new Error('unreachable');
        const result = await adapter.send(sms({ text: r.text, params: { ...SAMPLE_VARS[lang] } }), config);
        expect(result).toMatchObject({ ok: true });
        expect(fake.messages.at(-1)!.body).toBe(r.text);
      }
    }
  });
});

/** Runs `send` with fetch captured: the URL, form params and X-Twilio-Signature of the one request it makes. */
async function capture(send: () => Promise<unknown>) {
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
    await send();
  } finally {
    globalThis.fetch = realFetch;
  }
  return captured!;
}

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
        templates: { invitation: { templateCode: 'SMS_123456789' } },
      }),
      { accessKeySecret: fake.accessKeySecret },
    );
  });
  afterAll(() => fake.close());

  /** A SendSms straight to the fake (no adapter checks), signed like the adapter. */
  const rawSend = async (templateParam: Record<string, string>) => {
    const p: Record<string, string> = {
      ...aliyunCommonParams(fake.accessKeyId),
      Action: 'SendSms',
      RegionId: 'cn-hangzhou',
      PhoneNumbers: '13800138000',
      SignName: '安居售后',
      TemplateCode: 'SMS_123456789',
      TemplateParam: JSON.stringify(templateParam),
    };
    p.Signature = aliyunSignature('POST', p, fake.accessKeySecret);
    const res = await fetch(`${fake.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(p).toString(),
    });
    return (await res.json()) as { Code: string };
  };

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

  it('sends SendSms with a signature the fake recomputes; the default params carry the link code, not the URL', async () => {
    const result = await adapter.send(sms(), config);
    expect(result).toMatchObject({ ok: true, providerMessageId: expect.stringMatching(/\^0$/) });
    expect(fake.messages.at(-1)).toMatchObject({
      phoneNumbers: '13800138000',
      signName: '安居售后',
      templateCode: 'SMS_123456789',
      templateParam: { code: 'Xc9kQ2mZpL7vT4nB8sW1', workOrderNumber: 'WO-1' },
      outId: sms().idempotencyKey,
    });
  });

  it('the fake enforces Aliyun’s variable rules with the real codes', async () => {
    expect(await rawSend({ code: 'https://r.example/r/abc', workOrderNumber: 'WO-1' })).toMatchObject({
      Code: 'isv.PARAM_NOT_SUPPORT_URL',
    });
    expect(await rawSend({ code: 'x'.repeat(36), workOrderNumber: 'WO-1' })).toMatchObject({
      Code: 'isv.PARAM_LENGTH_LIMIT',
    });
    expect(await rawSend({ code: 'x'.repeat(35), workOrderNumber: 'WO-1' })).toMatchObject({ Code: 'OK' });
  });

  it('#11 finding 1: a URL or an over-35-character value is refused before Aliyun is called, with the reason', async () => {
    const before = fake.requests.length;
    const urlMapped = {
      ...config,
      settings: {
        ...config.settings,
        templates: {
          invitation: {
            templateCode: 'SMS_123456789',
            templateParams: { code: 'URL', workOrderNumber: 'WorkOrderNumber' },
          },
        },
      },
    };
    expect(await adapter.send(sms(), urlMapped)).toMatchObject({
      ok: false,
      kind: 'permanent',
      code: 'aliyun_variable',
      detail: expect.stringContaining('may not contain a URL and must be ≤ 35 characters'),
    });
    const long = sms({ params: { ...sms().params, WorkOrderNumber: 'W'.repeat(36) } });
    expect(await adapter.send(long, config)).toMatchObject({
      code: 'aliyun_variable',
      detail: expect.stringContaining('36 characters'),
    });
    expect(fake.requests.length).toBe(before);
    // Saving such a mapping is refused with the field named.
    expect(aliyunSettingsErrors(urlMapped.settings)).toEqual([
      expect.objectContaining({ path: 'settings.templates.invitation.templateParams', code: 'aliyun_variable' }),
    ]);
  });

  it('old settings (one templateCode) are read as the invitation template', () => {
    const old = aliyunSettings.parse({
      accessKeyId: 'k',
      signName: 's',
      templateCode: 'SMS_1',
      templateParams: { url: 'URL' },
    });
    expect(old.templates).toEqual({ invitation: { templateCode: 'SMS_1', templateParams: { url: 'URL' } } });
    expect(aliyunSettingsErrors(old)).toHaveLength(1);
  });

  it('per purpose: a reminder uses its own template (else the invitation’s); an alert without one is refused', async () => {
    expect(await adapter.send(sms({ purpose: 'reminder' }), config)).toMatchObject({ ok: true });
    expect(fake.messages.at(-1)!.templateCode).toBe('SMS_123456789');
    const withReminder = {
      ...config,
      settings: {
        ...config.settings,
        templates: {
          ...config.settings.templates,
          reminder: {
            templateCode: 'SMS_223456789',
            templateParams: { code: 'LinkCode', workOrderNumber: 'WorkOrderNumber' },
          },
        },
      },
    };
    expect(await adapter.send(sms({ purpose: 'reminder' }), withReminder)).toMatchObject({ ok: true });
    expect(fake.messages.at(-1)!.templateCode).toBe('SMS_223456789');
    expect(await adapter.send(sms({ purpose: 'alert' }), config)).toMatchObject({
      kind: 'permanent',
      code: 'no_template',
    });
  });

  it('#11 finding 4: Aliyun is not idempotent — the same OutId twice is two messages; QuerySendDetails finds it', async () => {
    const message = sms({ idempotencyKey: '3f1c2a9e-0000-4000-8000-000000000099:sms:1' });
    await adapter.send(message, config);
    await adapter.send(message, config);
    expect(fake.messages.filter((m) => m.outId === message.idempotencyKey)).toHaveLength(2);
    expect(
      await queryAliyunSend(config, { to: message.to, outId: message.idempotencyKey, sentAt: new Date() }),
    ).toMatchObject({ status: 'accepted' });
    expect(await queryAliyunSend(config, { to: message.to, outId: 'never-sent:sms:1', sentAt: new Date() })).toEqual({
      status: 'not_found',
    });
    const down = { ...config, settings: { ...config.settings, endpoint: 'http://127.0.0.1:1' } };
    expect(await queryAliyunSend(down, { to: message.to, outId: 'x', sentAt: new Date() })).toMatchObject({
      status: 'unknown',
    });
  });

  it('maps Aliyun codes: AMOUNT_NOT_ENOUGH quota, BUSINESS_LIMIT_CONTROL transient, illegal number and missing parameters permanent', async () => {
    fake.failNext(1, 'isv.AMOUNT_NOT_ENOUGH');
    expect(await adapter.send(sms(), config)).toMatchObject({ kind: 'quota', code: 'isv.AMOUNT_NOT_ENOUGH' });
    fake.failNext(1, 'isp.SYSTEM_ERROR');
    expect(await adapter.send(sms(), config)).toMatchObject({ kind: 'transient', code: 'isp.SYSTEM_ERROR' });
    fake.failNext(1, 'isp.RAM_PERMISSION_DENY');
    expect(await adapter.send(sms(), config)).toMatchObject({ kind: 'permanent' });
    expect(await adapter.send(sms({ to: '+86123' }), config)).toMatchObject({
      kind: 'permanent',
      code: 'isv.MOBILE_NUMBER_ILLEGAL',
    });
    expect(await adapter.send(sms({ params: { LinkCode: 'x' } }), config)).toMatchObject({
      kind: 'permanent',
      code: 'isv.TEMPLATE_MISSING_PARAMETERS',
    });
  });

  it('#11 finding 6: the rolling 24-hour per-number limit defers for hours; the monthly cap is a quota', async () => {
    fake.failNext(1, 'isv.BUSINESS_LIMIT_CONTROL', '触发天级流控Permits:50');
    expect(await adapter.send(sms(), config)).toMatchObject({ kind: 'transient', retryAfterSeconds: 6 * 3600 });
    fake.failNext(1, 'isv.BUSINESS_LIMIT_CONTROL', '触发分钟级流控Permits:1');
    expect(await adapter.send(sms(), config)).toMatchObject({ kind: 'transient', retryAfterSeconds: 60 });
    fake.failNext(1, 'isv.MONTH_LIMIT_CONTROL', '触发月发送限额');
    expect(await adapter.send(sms(), config)).toMatchObject({ kind: 'quota', code: 'isv.MONTH_LIMIT_CONTROL' });
  });

  it('contract: the default templates in both languages (sample values) are accepted by the fake', async () => {
    for (const lang of MESSAGE_LANGS) {
      const result = await adapter.send(sms({ params: { ...SAMPLE_VARS[lang] } }), config);
      expect(result).toMatchObject({ ok: true });
      expect(fake.messages.at(-1)!.templateParam).toEqual({
        code: SAMPLE_VARS[lang].LinkCode,
        workOrderNumber: SAMPLE_VARS[lang].WorkOrderNumber,
      });
    }
  });

  it('delivery reports: Aliyun’s unsigned SmsReport batch parses', async () => {
    await adapter.send(sms(), config);
    const bizId = fake.messages.at(-1)!.bizId;
    let body = '';
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (_url: string, init: RequestInit) => {
      body = String(init.body);
      expect(Object.keys(init.headers as Record<string, string>)).toEqual(['content-type']);
      return new Response('{"code":0,"msg":"成功"}', { status: 200 });
    }) as typeof fetch;
    try {
      await fake.sendReport('http://127.0.0.1/callback', [{ bizId, success: false, errCode: 'MK:0001' }]);
    } finally {
      globalThis.fetch = realFetch;
    }
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
