import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { expect } from 'vitest';
import type { InvitationContact } from '../../src/server/db/schema/invitations.js';
import { type DeliverPayload, runDelivery } from '../../src/server/modules/delivery/engine.js';
import { createInvitation } from '../../src/server/modules/invitations/invitations.service.js';
import type { AliyunSmsFake } from '../fakes/aliyun-sms.js';
import type { SmtpFake } from '../fakes/smtp.js';
import type { TwilioFake } from '../fakes/twilio.js';
import type { WebhookReceiverFake } from '../fakes/webhook-receiver.js';
import type { TestApp } from './app.js';
import { defaultTemplateVersionId } from './invitations.js';

type Admin = Awaited<ReturnType<TestApp['loginAs']>>;

/** Disables every channel configuration, so the next one created is the one the delivery job picks. */
export async function disableAllConfigs(t: TestApp) {
  await t.ctx.db.execute(sql`update channel_configs set enabled = false`);
}

async function createConfig(admin: Admin, body: object): Promise<string> {
  const res = await admin.post('/api/v1/channel-configs', { name: `cfg ${randomUUID().slice(0, 6)}`, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

/** An SMTP configuration for the fake, with the production timeouts unless `settings` says otherwise. */
export const smtpConfig = (admin: Admin, smtp: SmtpFake, settings: Record<string, unknown> = {}) =>
  createConfig(admin, {
    provider: 'smtp',
    settings: { host: '127.0.0.1', port: smtp.port, from: 'Service <service@example.com>', ...settings },
    secrets: {},
  });

export const twilioConfig = (admin: Admin, twilio: TwilioFake, statusCallbackUrl?: string) =>
  createConfig(admin, {
    provider: 'twilio',
    settings: {
      baseUrl: twilio.url,
      accountSid: twilio.accountSid,
      from: '+15550001111',
      timeoutMs: 2000,
      ...(statusCallbackUrl ? { statusCallbackUrl } : {}),
    },
    secrets: { authToken: twilio.authToken },
  });

export const aliyunConfig = (
  admin: Admin,
  aliyun: AliyunSmsFake,
  opts: { timeoutMs?: number; reportSecret?: string } = {},
) =>
  createConfig(admin, {
    provider: 'aliyun',
    settings: {
      endpoint: aliyun.url,
      accessKeyId: aliyun.accessKeyId,
      signName: '安居售后',
      templates: { invitation: { templateCode: 'SMS_123456789' } },
      timeoutMs: opts.timeoutMs ?? 2000,
    },
    secrets: { accessKeySecret: aliyun.accessKeySecret, ...(opts.reportSecret && { reportSecret: opts.reportSecret }) },
  });

export const genericSmsConfig = (admin: Admin, url: string, token: string) =>
  createConfig(admin, {
    provider: 'generic_http',
    settings: { url: `${url}/send`, timeoutMs: 2000 },
    secrets: { authValue: `Bearer ${token}` },
  });

export const webhookConfig = (admin: Admin, hook: WebhookReceiverFake) =>
  createConfig(admin, {
    provider: 'webhook',
    // The receiver fake listens on loopback, which the SSRF guard refuses unless private networks are allowed.
    settings: { url: `${hook.url}/hook`, allowPrivateNetwork: true },
    secrets: { signingSecret: hook.secret },
  });

export async function newInvitation(
  t: TestApp,
  opts: {
    channels: string[];
    contact?: InvitationContact;
    policy?: 'priority_chain' | 'all';
    source?: 'rule' | 'manual';
    workOrderId?: string;
  },
) {
  const { invitation } = await createInvitation(
    t.ctx.db,
    { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl },
    {
      workOrderId: opts.workOrderId ?? randomUUID(),
      templateVersionId: await defaultTemplateVersionId(t.ctx.db),
      source: opts.source ?? 'rule',
      contact: opts.contact ?? { name: 'Li Lei', email: `c${randomUUID().slice(0, 8)}@example.com`, locale: 'en' },
      channels: opts.channels,
      deliveryPolicy: opts.policy ?? 'priority_chain',
    },
  );
  return invitation;
}

export interface Requeued {
  payload: DeliverPayload;
  key: string;
  startAfter: Date;
}

/** One step of the delivery job run in-process; what it re-enqueued is returned instead of sent to pg-boss. */
export async function step(
  t: TestApp,
  payload: DeliverPayload,
  opts: { now?: Date; jobId?: string; afterProviderAnswer?: () => void } = {},
): Promise<Requeued[]> {
  const queued: Requeued[] = [];
  await runDelivery(
    {
      db: t.ctx.db,
      log: pino({ level: 'silent' }),
      links: { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl },
      jobId: opts.jobId ?? randomUUID(),
      jobs: t.ctx.jobs,
      requeue: async (p, o) => {
        queued.push({ payload: p, ...o });
      },
      ...(opts.now ? { now: () => opts.now! } : {}),
      afterProviderAnswer: opts.afterProviderAnswer,
    },
    payload,
  );
  return queued;
}

/** Runs steps, jumping the clock to each re-enqueued job's start, until nothing is re-enqueued. */
export async function runToEnd(t: TestApp, payload: DeliverPayload, start?: Date): Promise<Requeued[]> {
  const all: Requeued[] = [];
  let next: Requeued[] = await step(t, payload, start ? { now: start } : {});
  for (let i = 0; next.length && i < 20; i++) {
    all.push(...next);
    const r = next[0]!;
    next = await step(t, r.payload, { now: new Date(r.startAfter.getTime() + 1) });
  }
  return all;
}
