/** The variables a message template may use, written `#Name#`. */
export const TEMPLATE_VARIABLES = [
  'URL',
  'WorkOrderNumber',
  'Subject',
  'CustomerName',
  'EngineerName',
  'CompletedAt',
  'CompanyName',
  // The invitation's short link (issue #11): the code alone, for providers whose approved template fixes the domain
  // (Aliyun: no URL in a variable, ≤ 35 characters), and PUBLIC_BASE_URL/s/<code> for the others (fewer segments).
  'LinkCode',
  'ShortURL',
] as const;
/** E-mail only: the one-click unsubscribe link. */
export const EMAIL_ONLY_VARIABLES = ['UnsubscribeURL'] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number] | (typeof EMAIL_ONLY_VARIABLES)[number];
export type TemplateVars = Partial<Record<TemplateVariable, string>>;

export const MESSAGE_CHANNELS = ['sms', 'email', 'wechat'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];
export const MESSAGE_LANGS = ['zh-CN', 'en'] as const;
export type MessageLang = (typeof MESSAGE_LANGS)[number];

/** `#Name#` tokens; a `#` not followed by letters and a closing `#` is plain text (e.g. "No. #3"). */
export const VARIABLE_PATTERN = /#([A-Za-z]+)#/g;

export function variablesIn(text: string): string[] {
  return [...text.matchAll(VARIABLE_PATTERN)].map((m) => m[1]!);
}

export function allowedVariables(channel: MessageChannel): readonly string[] {
  return channel === 'email' ? [...TEMPLATE_VARIABLES, ...EMAIL_ONLY_VARIABLES] : TEMPLATE_VARIABLES;
}

/** Sample values for the console's live preview. */
export const SAMPLE_VARS: Record<MessageLang, Required<TemplateVars>> = {
  'zh-CN': {
    URL: 'https://rate.example.com/r/Xc9kQ2mZpL7vT4nB8sW1yD3fH6jR0aE5gU2iO9kM4qA',
    WorkOrderNumber: 'WO-20250315-0042',
    Subject: '空调不制冷维修',
    CustomerName: '王先生',
    EngineerName: '李工',
    CompletedAt: '2025-03-15 14:30',
    CompanyName: '安居家电售后服务',
    LinkCode: 'Xc9kQ2mZpL7vT4nB8sW1',
    ShortURL: 'https://rate.example.com/s/Xc9kQ2mZpL7vT4nB8sW1',
    UnsubscribeURL: 'https://rate.example.com/u/Xc9kQ2mZpL7vT4nB8sW1yD3fH6jR0aE5gU2iO9kM4qA',
  },
  en: {
    URL: 'https://rate.example.com/r/Xc9kQ2mZpL7vT4nB8sW1yD3fH6jR0aE5gU2iO9kM4qA',
    WorkOrderNumber: 'WO-20250315-0042',
    Subject: 'Air conditioner not cooling',
    CustomerName: 'Mr Wang',
    EngineerName: 'Li Wei',
    CompletedAt: '15 Mar 2025, 14:30',
    CompanyName: 'Anju Appliance Service',
    LinkCode: 'Xc9kQ2mZpL7vT4nB8sW1',
    ShortURL: 'https://rate.example.com/s/Xc9kQ2mZpL7vT4nB8sW1',
    UnsubscribeURL: 'https://rate.example.com/u/Xc9kQ2mZpL7vT4nB8sW1yD3fH6jR0aE5gU2iO9kM4qA',
  },
};

/** `CompletedAt` as the customer reads it, in the organisation's time zone. */
export function formatCompletedAt(at: Date, lang: MessageLang, timeZone: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone,
    year: 'numeric',
    month: lang === 'en' ? 'short' : '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(at);
}

/** The contact's locale → a template language (`en…` → en, anything else → zh-CN unless `fallback` says otherwise). */
export function messageLangOf(locale: string | null | undefined, fallback: MessageLang = 'zh-CN'): MessageLang {
  if (!locale) return fallback;
  if (/^en\b/i.test(locale)) return 'en';
  if (/^zh\b/i.test(locale)) return 'zh-CN';
  return fallback;
}
