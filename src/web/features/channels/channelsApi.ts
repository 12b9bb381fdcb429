import { CHANNEL_PROVIDERS as PROVIDERS } from '../../../common/channels';
import { MESSAGE_PURPOSES } from '../../../common/message-purposes';
import { type Answer, allOf, type ItemOf } from '../../api/client';

/** Shapes of `/api/v1/channel-configs`, derived from the generated schema (server: modules/channels). */
export type ChannelConfig = ItemOf<'/channel-configs'>;
export type ChannelProvider = ChannelConfig['provider'];
export type DeliveryChannel = ChannelConfig['channel'];
export type SendResult = Answer<'/channel-configs/{id}/test', 'post'>;

/** The server's list (src/common), checked against the API's enum both ways. */
export const CHANNEL_PROVIDERS = allOf<ChannelProvider>()(PROVIDERS);

/** Every query key of the feature. */
export const channelKeys = {
  configs: ['channel-configs'] as const,
  deliverySettings: ['delivery-settings'] as const,
};

/** `purposeTemplates`: an approved template (code + parameter mapping) per message purpose (Aliyun). */
export type FieldKind = 'text' | 'number' | 'switch' | 'method' | 'textarea' | 'json' | 'purposeTemplates';

/** Aliyun's default parameters: the link CODE (its domain is fixed in the approved template), never a URL. */
export const ALIYUN_DEFAULT_PARAMS = { code: 'LinkCode', workOrderNumber: 'WorkOrderNumber' };
export { MESSAGE_PURPOSES };

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
      // No initial value: unset, the server derives it from the port (465 → implicit TLS).
      { key: 'secure', kind: 'switch' },
      { key: 'requireTLS', kind: 'switch', initial: false },
      { key: 'caCertificate', kind: 'textarea', placeholder: '-----BEGIN CERTIFICATE-----' },
      { key: 'username', kind: 'text' },
      { key: 'from', kind: 'text', required: true, placeholder: 'ACME Service <service@acme.example>' },
      { key: 'replyTo', kind: 'text' },
      { key: 'maxConnections', kind: 'number', initial: 5, min: 1, max: 50 },
      { key: 'connectionTimeoutMs', kind: 'number', min: 1000, max: 300_000, placeholder: '120000' },
      { key: 'greetingTimeoutMs', kind: 'number', min: 1000, max: 300_000, placeholder: '30000' },
      { key: 'socketTimeoutMs', kind: 'number', min: 1000, max: 600_000, placeholder: '600000' },
      { key: 'sendTimeoutMs', kind: 'number', min: 5000, max: 600_000, placeholder: '300000' },
      { key: 'monthlyLimit', kind: 'number', min: 0 },
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
      {
        key: 'templates',
        kind: 'purposeTemplates',
        initial: { invitation: { templateCode: '', templateParams: ALIYUN_DEFAULT_PARAMS } },
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
      { key: 'allowPrivateNetwork', kind: 'switch', initial: false },
      { key: 'monthlyLimit', kind: 'number', min: 0 },
      // Standard Webhooks: 15–30 s.
      { key: 'timeoutMs', kind: 'number', min: 15_000, max: 30_000, placeholder: '15000' },
    ],
    secrets: [{ key: 'signingSecret', required: true, placeholder: 'whsec_…' }],
  },
  // Kept in the sandbox inbox (Settings → Sandbox inbox), never sent.
  sandbox_sms: { channel: 'sms', settings: [{ key: 'monthlyLimit', kind: 'number', min: 0 }], secrets: [] },
  sandbox_email: { channel: 'email', settings: [{ key: 'monthlyLimit', kind: 'number', min: 0 }], secrets: [] },
  sandbox_wechat: { channel: 'wechat', settings: [{ key: 'monthlyLimit', kind: 'number', min: 0 }], secrets: [] },
};

/** Initial settings of a new configuration of `provider`. */
export function initialSettings(provider: ChannelProvider): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of PROVIDER_SPECS[provider].settings) {
    if (field.initial === undefined) continue;
    out[field.key] =
      field.kind === 'json'
        ? JSON.stringify(field.initial, null, 2)
        : field.kind === 'purposeTemplates'
          ? templatesToForm(field.initial)
          : field.initial;
  }
  return out;
}

/** Stored settings → form values (JSON fields as text). */
export function settingsToForm(provider: ChannelProvider, settings: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of PROVIDER_SPECS[provider].settings) {
    const value = settings[field.key];
    if (value === undefined || value === null) continue;
    out[field.key] =
      field.kind === 'json'
        ? JSON.stringify(value, null, 2)
        : field.kind === 'purposeTemplates'
          ? templatesToForm(value)
          : value;
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
    if (field.kind === 'purposeTemplates') {
      out[field.key] = formToTemplates(field.key, value);
      continue;
    }
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

type TemplateForm = Partial<Record<string, { templateCode?: string; templateParams?: string }>>;

/** `{ purpose: { templateCode, templateParams } }` → form values (parameters as JSON text). */
function templatesToForm(value: unknown): TemplateForm {
  const out: TemplateForm = {};
  for (const [purpose, t] of Object.entries(
    (value ?? {}) as Record<string, { templateCode?: string; templateParams?: unknown }>,
  )) {
    out[purpose] = {
      templateCode: t.templateCode ?? '',
      templateParams: JSON.stringify(t.templateParams ?? ALIYUN_DEFAULT_PARAMS, null, 2),
    };
  }
  return out;
}

/** Form values → templates: a purpose without a template code is left out (optional purposes). */
function formToTemplates(key: string, value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const purpose of MESSAGE_PURPOSES) {
    const t = (value as TemplateForm | undefined)?.[purpose];
    const code = t?.templateCode?.trim();
    if (!code) continue;
    let params: unknown;
    if (t?.templateParams?.trim()) {
      try {
        params = JSON.parse(t.templateParams);
      } catch {
        throw new JsonFieldError(`${key}.${purpose}.templateParams`);
      }
    }
    out[purpose] = { templateCode: code, ...(params !== undefined && { templateParams: params }) };
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
