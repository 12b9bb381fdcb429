import type { Answer, ItemOf } from '../../api/client';

/** Shapes of `/api/v1/channel-configs`, derived from the generated schema (server: modules/channels). */
export type ChannelConfig = ItemOf<'/channel-configs'>;
export type ChannelProvider = ChannelConfig['provider'];
export type DeliveryChannel = ChannelConfig['channel'];
export type SendResult = Answer<'/channel-configs/{id}/test', 'post'>;

export const CHANNEL_PROVIDERS = [
  'smtp',
  'twilio',
  'aliyun',
  'generic_http',
  'wechat_mp',
  'webhook',
] as const satisfies readonly ChannelProvider[];

export const CHANNEL_CONFIGS_KEY = ['channel-configs'] as const;

export type FieldKind = 'text' | 'number' | 'switch' | 'method' | 'textarea' | 'json';

/** One setting of a provider, as the form renders it. Labels/help come from `channels.fields.<key>` in i18n. */
export interface SettingField {
  key: string;
  kind: FieldKind;
  required?: boolean;
  /** Used for new configurations (the server applies the same defaults). */
  initial?: unknown;
  placeholder?: string;
  min?: number;
  max?: number;
}

export interface SecretField {
  key: string;
  required?: boolean;
  placeholder?: string;
}

export interface ProviderSpec {
  channel: DeliveryChannel;
  settings: SettingField[];
  secrets: SecretField[];
}

const COMMON: SettingField[] = [
  { key: 'monthlyLimit', kind: 'number', min: 0 },
  { key: 'timeoutMs', kind: 'number', min: 100, max: 60_000, placeholder: '10000' },
];

/** Mirrors `PROVIDERS` in src/server/modules/channels/providers.ts. */
export const PROVIDER_SPECS: Record<ChannelProvider, ProviderSpec> = {
  smtp: {
    channel: 'email',
    settings: [
      { key: 'host', kind: 'text', required: true, placeholder: 'smtp.example.com' },
      { key: 'port', kind: 'number', required: true, initial: 587, min: 1, max: 65535 },
      { key: 'secure', kind: 'switch', initial: false },
      { key: 'requireTLS', kind: 'switch', initial: false },
      { key: 'username', kind: 'text' },
      { key: 'from', kind: 'text', required: true, placeholder: 'ACME Service <service@acme.example>' },
      { key: 'replyTo', kind: 'text' },
      { key: 'maxConnections', kind: 'number', initial: 5, min: 1, max: 50 },
      ...COMMON,
    ],
    secrets: [{ key: 'password' }],
  },
  twilio: {
    channel: 'sms',
    settings: [
      { key: 'accountSid', kind: 'text', required: true, placeholder: 'AC…' },
      { key: 'from', kind: 'text', placeholder: '+15005550006' },
      { key: 'messagingServiceSid', kind: 'text', placeholder: 'MG…' },
      { key: 'statusCallbackUrl', kind: 'text', placeholder: 'https://rate.example.com/api/v1/…' },
      { key: 'baseUrl', kind: 'text', initial: 'https://api.twilio.com' },
      ...COMMON,
    ],
    secrets: [{ key: 'authToken', required: true }],
  },
  aliyun: {
    channel: 'sms',
    settings: [
      { key: 'accessKeyId', kind: 'text', required: true },
      { key: 'signName', kind: 'text', required: true },
      { key: 'templateCode', kind: 'text', required: true, placeholder: 'SMS_123456789' },
      {
        key: 'templateParams',
        kind: 'json',
        initial: { url: 'URL', workOrderNumber: 'WorkOrderNumber', subject: 'Subject' },
      },
      { key: 'regionId', kind: 'text', initial: 'cn-hangzhou' },
      { key: 'endpoint', kind: 'text', initial: 'https://dysmsapi.aliyuncs.com' },
      ...COMMON,
    ],
    secrets: [{ key: 'accessKeySecret', required: true }, { key: 'reportSecret' }],
  },
  generic_http: {
    channel: 'sms',
    settings: [
      { key: 'url', kind: 'text', required: true, placeholder: 'https://sms.example.com/send' },
      { key: 'method', kind: 'method', initial: 'POST' },
      { key: 'bodyTemplate', kind: 'textarea', initial: '{"to":"{{to}}","text":"{{text}}","ref":"{{ref}}"}' },
      { key: 'authHeader', kind: 'text', initial: 'Authorization' },
      { key: 'messageIdPath', kind: 'text', placeholder: 'data.id' },
      ...COMMON,
    ],
    secrets: [{ key: 'authValue' }],
  },
  wechat_mp: {
    channel: 'wechat',
    settings: [
      { key: 'appId', kind: 'text', required: true, placeholder: 'wx…' },
      { key: 'baseUrl', kind: 'text', initial: 'https://api.weixin.qq.com' },
      ...COMMON,
    ],
    secrets: [{ key: 'appSecret', required: true }],
  },
  webhook: {
    channel: 'webhook',
    settings: [
      { key: 'url', kind: 'text', required: true, placeholder: 'https://crm.example.com/hooks/rateloop' },
      ...COMMON,
    ],
    secrets: [{ key: 'signingSecret', required: true, placeholder: 'whsec_…' }],
  },
};

/** Initial settings of a new configuration of `provider`. */
export function initialSettings(provider: ChannelProvider): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of PROVIDER_SPECS[provider].settings) {
    if (field.initial === undefined) continue;
    out[field.key] = field.kind === 'json' ? JSON.stringify(field.initial, null, 2) : field.initial;
  }
  return out;
}

/** Stored settings → form values (JSON fields as text). */
export function settingsToForm(provider: ChannelProvider, settings: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of PROVIDER_SPECS[provider].settings) {
    const value = settings[field.key];
    if (value === undefined || value === null) continue;
    out[field.key] = field.kind === 'json' ? JSON.stringify(value, null, 2) : value;
  }
  return out;
}

/**
 * Form values → the settings body: blank text and empty numbers are left out (the server applies its defaults),
 * JSON fields are parsed. Throws `{ key }` when a JSON field does not parse.
 */
export function formToSettings(provider: ChannelProvider, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of PROVIDER_SPECS[provider].settings) {
    let value = values[field.key];
    if (typeof value === 'string') value = field.kind === 'textarea' || field.kind === 'json' ? value : value.trim();
    if (value === undefined || value === null || value === '') continue;
    if (field.kind === 'json') {
      try {
        value = JSON.parse(value as string);
      } catch {
        throw new JsonFieldError(field.key);
      }
    }
    out[field.key] = value;
  }
  return out;
}

export class JsonFieldError extends Error {
  constructor(readonly key: string) {
    super(`settings.${key}: not valid JSON`);
  }
}

/**
 * A secret in the form: `undefined` keeps the stored one, a string replaces it, `null` removes it.
 * Only the changes go to the server.
 */
export function formToSecrets(values: Record<string, string | null | undefined> | undefined, creating: boolean) {
  const out: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(values ?? {})) {
    if (value === null && !creating) out[key] = null;
    else if (typeof value === 'string' && value !== '') out[key] = value;
  }
  return out;
}
