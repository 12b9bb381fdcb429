import { z } from 'zod';
import type { ChannelProvider } from '../../db/schema/channels.js';
import type { DeliveryChannel } from './adapter.js';

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
  secure: z.boolean().default(false).describe('Implicit TLS from the first byte (port 465).'),
  requireTLS: z.boolean().default(false).describe('Refuse to send unless the server upgrades with STARTTLS.'),
  username: z.string().max(255).optional().describe('Login name, when the server requires authentication.'),
  from: z.string().trim().min(3).max(320).describe('Sender, e.g. "ACME Service <service@acme.example>".'),
  replyTo: z.string().max(320).optional(),
  maxConnections: z.number().int().min(1).max(50).default(5).describe('Pooled connections to the server.'),
  ...common,
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

export const aliyunSettings = z.object({
  endpoint: httpUrl.default('https://dysmsapi.aliyuncs.com'),
  accessKeyId: z.string().min(1).max(100),
  signName: z.string().min(1).max(50).describe('The approved SMS signature (签名).'),
  templateCode: z
    .string()
    .regex(/^SMS_\d+$/, 'is not an SMS template code')
    .describe('The approved template (模板), e.g. SMS_123456789.'),
  /** Aliyun template `${name}` → our variable name; defaults to lower-camel names of every variable. */
  templateParams: z
    .record(z.string().regex(/^\w+$/), z.string())
    .default({ url: 'URL', workOrderNumber: 'WorkOrderNumber', subject: 'Subject' })
    .describe('Aliyun template parameter → Rateloop variable (URL, WorkOrderNumber, Subject, CustomerName, …).'),
  regionId: z.string().max(50).default('cn-hangzhou'),
  ...common,
});
export const aliyunSecrets = z.object({
  accessKeySecret: z.string().min(1).max(200),
  /** Shared secret that authenticates delivery reports posted to us (see receipts.ts). */
  reportSecret: z.string().min(8).max(200).optional(),
});

export const wechatSettings = z.object({
  baseUrl: httpUrl.default('https://api.weixin.qq.com'),
  appId: z.string().regex(/^wx[0-9a-zA-Z]{8,32}$/, 'is not an Official Account AppID'),
  ...common,
});
export const wechatSecrets = z.object({ appSecret: z.string().min(1).max(200) });

export const webhookSettings = z.object({
  url: httpUrl.describe('The customer endpoint receiving signed invitation events.'),
  ...common,
});
export const webhookSecrets = z.object({
  signingSecret: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=]{32,}$/, 'must be a Standard Webhooks secret: whsec_ + base64 (24–64 bytes)'),
});

export const PROVIDERS = {
  smtp: { channel: 'email', settings: smtpSettings, secrets: smtpSecrets },
  generic_http: { channel: 'sms', settings: genericHttpSettings, secrets: genericHttpSecrets },
  twilio: { channel: 'sms', settings: twilioSettings, secrets: twilioSecrets },
  aliyun: { channel: 'sms', settings: aliyunSettings, secrets: aliyunSecrets },
  wechat_mp: { channel: 'wechat', settings: wechatSettings, secrets: wechatSecrets },
  webhook: { channel: 'webhook', settings: webhookSettings, secrets: webhookSecrets },
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
