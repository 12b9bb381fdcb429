import '../../../../test/support/no-network.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpFake, selfSignedCert } from '../../../../test/fakes/smtp.js';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { SAMPLE_VARS } from '../message-templates/variables.js';
import { sendSlotsOf } from './send-slots.js';

/** Contract: the default e-mail templates, in both languages, through a real SMTP server speaking STARTTLS. */

let t: TestApp;
let admin: Awaited<ReturnType<TestApp['loginAs']>>;
const cert = selfSignedCert();
const smtp = new SmtpFake({ auth: { user: 'mailer', pass: 'smtp-password-1234' }, tls: cert });
let configId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
  await smtp.start();
  const res = await admin.post('/api/v1/channel-configs', {
    provider: 'smtp',
    name: 'Mail relay',
    settings: {
      host: '127.0.0.1',
      port: smtp.port,
      requireTLS: true,
      caCertificate: cert.cert,
      username: 'mailer',
      from: '安居家电售后 <service@anju.example>',
    },
    secrets: { password: 'smtp-password-1234' },
  });
  expect(res.statusCode, res.body).toBe(201);
  configId = res.json().id;
  // The production timeouts are stored with the configuration and shown back.
  expect(res.json().settings).toMatchObject({
    connectionTimeoutMs: 120_000,
    greetingTimeoutMs: 30_000,
    socketTimeoutMs: 600_000,
    sendTimeoutMs: 300_000,
  });
});
afterAll(async () => {
  await t?.close();
  await smtp.stop();
});

describe('default e-mail templates through SMTP (STARTTLS + AUTH)', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    it(`${lang}: subject, HTML link, text link and one-click unsubscribe arrive intact`, async () => {
      const to = `contract-${lang}@example.com`;
      const res = await admin.post(`/api/v1/channel-configs/${configId}/test`, { to, lang });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ ok: true, provider: 'smtp' });
      const [mail] = smtp.mailsTo(to);
      expect(mail).toBeDefined();
      const vars = SAMPLE_VARS[lang];
      expect(mail!.secure).toBe(true);
      expect(mail!.envelope.from).toBe('service@anju.example');
      expect(mail!.parsed.from?.value[0]).toMatchObject({ name: '安居家电售后', address: 'service@anju.example' });
      expect(mail!.parsed.subject).toContain(vars.WorkOrderNumber);
      expect(mail!.parsed.subject).toContain(vars.Subject);
      expect(mail!.parsed.html).toContain(`href="${vars.URL}"`);
      expect(mail!.parsed.html).toContain(vars.CustomerName);
      expect(mail!.parsed.text).toContain(vars.URL);
      expect(mail!.parsed.text).not.toMatch(/#[A-Za-z]+#/);
      expect(mail!.parsed.html).not.toMatch(/#[A-Za-z]+#/);
      const raw = mail!.raw.replace(/\r?\n[ \t]+/g, ' ');
      expect(raw).toContain(`List-Unsubscribe: <${vars.UnsubscribeURL}>`);
      expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    });
  }
});

describe('the console test send', () => {
  it("takes one of the pool's send slots like every other sender, so it never queues unclaimed inside the pool", async () => {
    const to = 'slot-test@example.com';
    const slots = sendSlotsOf(t.ctx.db);
    // The production default pool is 5 connections: hold all five as five sends in flight would.
    const held = await slots.take(configId, 5, 5);
    expect(held).toBe(5);
    let answered = false;
    const sending = admin.post(`/api/v1/channel-configs/${configId}/test`, { to, lang: 'en' }).then((res) => {
      answered = true;
      return res;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(answered).toBe(false);
    expect(smtp.mailsTo(to)).toHaveLength(0);
    slots.release(configId, 5);
    const res = await sending;
    expect(res.statusCode, res.body).toBe(200);
    expect(smtp.mailsTo(to)).toHaveLength(1);
    // It gave its slot back: the whole pool is free again.
    expect(await slots.take(configId, 5, 5)).toBe(5);
    slots.release(configId, 5);
  });
});
