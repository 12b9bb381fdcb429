import { z } from 'zod';
import type { ChannelProvider } from '../../db/schema/channels.js';
import { type DeliveryChannel, SMTP_MAX_SEND_MS } from './adapter.js';
import { clampWebhookTimeout } from './standard-webhooks.js';

/**
 * What each provider needs. `settings` are shown back in the console; `secrets` are encrypted at rest and only
 * ever shown masked. The schemas are applied by the service so a bad field is answered as `settings.<field>`.
 */
const common = {
  timeoutMs: z.number().int().min(100).max(60_000).optional().describe('Per-call timeout (default 10 000 ms).'),
  monthlyLimit: z
    .number()
    .int()
    .min(0)
    .nullable()
    .optional()
    .describe('Local quota: sends per calendar month (UTC); when reached, sends fail with `local_quota_exhausted`.'),
};

const httpUrl = z.url({ protocol: /^https?$/ }).max(2000);

export const smtpSettings = z.object({
  host: z.string().trim().min(1).max(255).describe('SMTP server host name.'),
  port: z.number().int().min(1).max(65535).describe('587 (STARTTLS), 465 (implicit TLS) or 25.'),
  // RFC 8314 §3.3: port 465 is SMTP submission over implicit TLS; elsewhere TLS comes by STARTTLS (RFC 3207).
  secure: z
    .boolean()
    .optional()
    .describe('Implicit TLS from the first byte. Unset: derived from the port (465 → implicit TLS; always on 465).'),
  requireTLS: z.boolean().default(false).describe('Refuse to send unless the server upgrades with STARTTLS.'),
  caCertificate: z
    .string()
    .max(20_000)
    .regex(/-----BEGIN CERTIFICATE-----/, 'must be a PEM certificate')
    .optional()
    .describe('PEM certificate of a private CA (or the self-signed server certificate) to trust for TLS.'),
  // nodemailer's SMTP timeouts and their defaults (https://nodemailer.com/smtp.html, "Connection options"):
  // connectionTimeout 2 min, greetingTimeout 30 s, socketTimeout 10 min (inactivity).
  connectionTimeoutMs: z
    .number()
    .int()
    .min(1000)
    .max(300_000)
    .default(120_000)
    .describe('How long to wait for the TCP connection (default 120 000 ms, as nodemailer).'),
  greetingTimeoutMs: z
    .number()
    .int()
    .min(1000)
    .max(300_000)
    .default(30_000)
    .describe('How long to wait for the server greeting once connected (default 30 000 ms, as nodemailer).'),
  socketTimeoutMs: z
    .number()
    .int()
    .min(1000)
    .max(600_000)
    .default(600_000)
    .describe('Inactivity allowed on the connection, e.g. waiting for the 250 after DATA (default 600 000 ms).'),
  sendTimeoutMs: z
    .number()
    .int()
    .min(5000)
    .max(SMTP_MAX_SEND_MS)
    .default(300_000)
    .describe('Overall deadline of one send, connection to acknowledgement (default 300 000 ms, at most 600 000).'),
  username: z.string().max(255).optional().describe('Login name, when the server requires authentication.'),
  from: z.string().trim().min(3).max(320).describe('Sender, e.g. "ACME Service <service@acme.example>".'),
  replyTo: z.string().max(320).optional(),
  maxConnections: z.number().int().min(1).max(50).default(5).describe('Pooled connections to the server.'),
  // No `timeoutMs`: SMTP has the four timeouts above (a stored `timeoutMs` of older configurations is ignored).
  monthlyLimit: common.monthlyLimit,
});
export const smtpSecrets = z.object({ password: z.string().min(1).max(1000).optional() });

export const genericHttpSettings = z.object({
  url: httpUrl.describe('The provider endpoint receiving the message.'),
  method: z.enum(['POST', 'PUT']).default('POST'),
  bodyTemplate: z
    .string()
    .min(2)
    .max(10_000)
    .default('{"to":"{{to}}","text":"{{text}}","ref":"{{ref}}"}')
    .describe('JSON body with `{{to}}`, `{{text}}`, `{{ref}}` (the idempotency key); values are JSON-escaped.'),
  authHeader: z.string().max(100).default('Authorization').describe('Header carrying the secret `authValue`.'),
  messageIdPath: z.string().max(200).optional().describe('Dotted path of the message id in the JSON answer.'),
  ...common,
});
export const genericHttpSecrets = z.object({ authValue: z.string().min(1).max(2000).optional() });

export const twilioSettings = z
  .object({
    baseUrl: httpUrl.default('https://api.twilio.com'),
    accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'is not a Twilio Account SID (AC + 32 hex)'),
    from: z.string().max(50).optional().describe('Sending number (E.164) or alphanumeric sender id.'),
    messagingServiceSid: z
      .string()
      .regex(/^MG[0-9a-fA-F]{32}$/, 'is not a Messaging Service SID')
      .optional(),
    statusCallbackUrl: httpUrl.optional().describe('Where Twilio posts delivery receipts.'),
    ...common,
  })
  .refine((s) => s.from || s.messagingServiceSid, {
    message: 'either from or messagingServiceSid is required',
    path: ['from'],
  });
export const twilioSecrets = z.object({ authToken: z.string().min(1).max(200) });

const aliyunTemplate = z.object({
  templateCode: z
    .string()
    .regex(/^SMS_\d+$/, 'is not an SMS template code')
    .describe('The approved template (模板) for this purpose, e.g. SMS_123456789.'),
  /**
   * Aliyun template `${name}` → our variable name. Aliyun refuses URLs in variables and values over 35 characters
   * (aliyun-rules.ts): the invitation link goes as #LinkCode#, its domain fixed in the approved template text.
   */
  templateParams: z
    .record(z.string().regex(/^\w+$/), z.string().regex(/^[A-Za-z]+$/))
    .default({ code: 'LinkCode', workOrderNumber: 'WorkOrderNumber' })
    .describe('Aliyun template parameter → Rateloop variable (LinkCode, WorkOrderNumber, CustomerName, …); no URL.'),
});
export type AliyunTemplate = z.infer<typeof aliyunTemplate>;

/** Settings saved before per-purpose templates had one `templateCode` (+ params): it is the invitation's template. */
const withPurposeTemplates = (raw: unknown) => {
  if (!raw || typeof raw !== 'object') return raw;
  const { templateCode, templateParams, ...rest } = raw as Record<string, unknown>;
  if (templateCode === undefined || (rest as { templates?: unknown }).templates !== undefined) return raw;
  return {
    ...rest,
    templates: { invitation: { templateCode, ...(templateParams !== undefined && { templateParams }) } },
  };
};

export const aliyunSettings = z.preprocess(
  withPurposeTemplates,
  z.object({
    endpoint: httpUrl.default('https://dysmsapi.aliyuncs.com'),
    accessKeyId: z.string().min(1).max(100),
    signName: z.string().min(1).max(50).describe('The approved SMS signature (签名).'),
    /** One approved template per message purpose (src/common/message-purposes.ts); the invitation's is required. */
    templates: z
      .object({
        invitation: aliyunTemplate,
        reminder: aliyunTemplate.optional(),
        alert: aliyunTemplate.optional(),
        report: aliyunTemplate.optional(),
        sign_in_code: aliyunTemplate.optional(),
      })
      .describe("Approved template per purpose: invitation (required), reminder (else the invitation's), alert, …"),
    regionId: z.string().max(50).default('cn-hangzhou'),
    ...common,
  }),
);
export const aliyunSecrets = z.object({
  accessKeySecret: z.string().min(1).max(200),
  /**
   * Authenticates Aliyun's (unsigned) status push: the callback URL configured at Aliyun ends in this secret
   * (`/channel-callbacks/aliyun/<configId>/<reportSecret>`, see receipts.ts). Unguessable: ≥ 16 characters.
   */
  reportSecret: z
    .string()
    .min(16)
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only')
    .optional(),
});

export const wechatSettings = z.object({
  baseUrl: httpUrl.default('https://api.weixin.qq.com'),
  /** Where WeChat's web authorisation page lives (the customer portal's WeChat sign-in sends customers there). */
  authorizeBaseUrl: httpUrl.default('https://open.weixin.qq.com'),
  appId: z.string().regex(/^wx[0-9a-zA-Z]{8,32}$/, 'is not an Official Account AppID'),
  ...common,
});
export const wechatSecrets = z.object({ appSecret: z.string().min(1).max(200) });

export const webhookSettings = z.object({
  url: httpUrl.describe('The customer endpoint receiving signed invitation events.'),
  // Standard Webhooks, "Request timeouts": 15–30 s. Older configurations saved a shorter value: clamped, not refused.
  timeoutMs: z
    .number()
    .int()
    .min(100)
    .max(60_000)
    .optional()
    .transform((v) => clampWebhookTimeout(v))
    .describe('Per-call timeout, kept within 15 000–30 000 ms (Standard Webhooks; default 15 000).'),
  allowPrivateNetwork: z
    .boolean()
    .default(false)
    .describe('Allow an endpoint on a loopback/private network address (otherwise refused: SSRF guard).'),
  monthlyLimit: common.monthlyLimit,
});
export const webhookSecrets = z.object({
  signingSecret: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=]{32,}$/, 'must be a Standard Webhooks secret: whsec_ + base64 (24–64 bytes)'),
});

/** The sandbox keeps messages in the console's inbox (sandbox.adapter.ts): nothing to configure but a local quota. */
export const sandboxSettings = z.object({ monthlyLimit: common.monthlyLimit });
export const sandboxSecrets = z.object({});

export const PROVIDERS = {
  smtp: { channel: 'email', settings: smtpSettings, secrets: smtpSecrets },
  generic_http: { channel: 'sms', settings: genericHttpSettings, secrets: genericHttpSecrets },
  twilio: { channel: 'sms', settings: twilioSettings, secrets: twilioSecrets },
  aliyun: { channel: 'sms', settings: aliyunSettings, secrets: aliyunSecrets },
  wechat_mp: { channel: 'wechat', settings: wechatSettings, secrets: wechatSecrets },
  webhook: { channel: 'webhook', settings: webhookSettings, secrets: webhookSecrets },
  sandbox_sms: { channel: 'sms', settings: sandboxSettings, secrets: sandboxSecrets },
  sandbox_email: { channel: 'email', settings: sandboxSettings, secrets: sandboxSecrets },
  sandbox_wechat: { channel: 'wechat', settings: sandboxSettings, secrets: sandboxSecrets },
} as const satisfies Record<
  ChannelProvider,
  { channel: DeliveryChannel; settings: z.ZodType; secrets: z.ZodType<Record<string, string | undefined>> }
>;

export type SmtpSettings = z.infer<typeof smtpSettings>;
export type GenericHttpSettings = z.infer<typeof genericHttpSettings>;
export type TwilioSettings = z.infer<typeof twilioSettings>;
export type AliyunSettings = z.infer<typeof aliyunSettings>;
export type WechatSettings = z.infer<typeof wechatSettings>;
export type WebhookSettings = z.infer<typeof webhookSettings>;

/** Common settings every provider accepts. */
export interface CommonSettings {
  timeoutMs?: number;
  monthlyLimit?: number | null;
}
