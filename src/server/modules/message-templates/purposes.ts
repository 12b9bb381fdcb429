import { MESSAGE_PURPOSES, type MessagePurpose } from '../../../common/message-purposes.js';
import {
  EMAIL_ONLY_VARIABLES,
  type MessageChannel,
  type MessageLang,
  SAMPLE_VARS,
  TEMPLATE_VARIABLES,
  type TemplateVars,
} from './variables.js';

export { MESSAGE_PURPOSES, type MessagePurpose };

/** Variables of the purposes other than invitations and reminders (those use TEMPLATE_VARIABLES). */
export const ALERT_VARIABLES = [
  'WorkOrderNumber',
  'Subject',
  'Score',
  'CustomerName',
  'EngineerName',
  'Deadline',
  'ConsoleURL',
  'CompanyName',
] as const;
export const REPORT_VARIABLES = ['Period', 'ReportURL', 'CompanyName'] as const;
export const SIGN_IN_CODE_VARIABLES = ['Code', 'ValidMinutes', 'CompanyName', 'SignInURL'] as const;

export type PurposeVariable =
  | (typeof ALERT_VARIABLES)[number]
  | (typeof REPORT_VARIABLES)[number]
  | (typeof SIGN_IN_CODE_VARIABLES)[number];
/** Every value a message of any purpose may carry. */
export type MessageVars = TemplateVars & Partial<Record<PurposeVariable, string>>;

/** Every variable name any template may use (for rendering: a known name without a value becomes empty). */
export const ALL_VARIABLES: ReadonlySet<string> = new Set<string>([
  ...TEMPLATE_VARIABLES,
  ...EMAIL_ONLY_VARIABLES,
  ...ALERT_VARIABLES,
  ...REPORT_VARIABLES,
  ...SIGN_IN_CODE_VARIABLES,
]);

const BY_PURPOSE: Record<MessagePurpose, readonly string[]> = {
  invitation: TEMPLATE_VARIABLES,
  reminder: TEMPLATE_VARIABLES,
  alert: ALERT_VARIABLES,
  report: REPORT_VARIABLES,
  sign_in_code: SIGN_IN_CODE_VARIABLES,
};

/** The variables a purpose's template may use on a channel (`UnsubscribeURL` in customer e-mails only). */
export function purposeVariables(purpose: MessagePurpose, channel: MessageChannel): string[] {
  const customer = purpose === 'invitation' || purpose === 'reminder';
  if (channel === 'email')
    return customer ? [...BY_PURPOSE[purpose], ...EMAIL_ONLY_VARIABLES] : [...BY_PURPOSE[purpose]];
  // The sign-in link is e-mailed only: a texted code is typed on the page that asked for it.
  return BY_PURPOSE[purpose].filter((v) => v !== 'SignInURL');
}

/**
 * The variable the message is for, required in the SMS text and both e-mail bodies: the rating link, the console
 * link of an alert, the report link, the sign-in code. (WeChat sends the link as the message's `url`.)
 */
export const REQUIRED_VARIABLE: Record<MessagePurpose, string> = {
  invitation: 'URL',
  reminder: 'URL',
  alert: 'ConsoleURL',
  report: 'ReportURL',
  sign_in_code: 'Code',
};

/** What WeChat opens when the follower taps the message. */
export const WECHAT_LINK_VARIABLE: Record<MessagePurpose, keyof MessageVars | null> = {
  invitation: 'URL',
  reminder: 'URL',
  alert: 'ConsoleURL',
  report: 'ReportURL',
  sign_in_code: null,
};

const PURPOSE_SAMPLES: Record<MessageLang, Required<Record<PurposeVariable, string>>> = {
  'zh-CN': {
    ...SAMPLE_VARS['zh-CN'],
    Score: '2 / 5',
    Deadline: '2025-03-16 14:30',
    ConsoleURL: 'https://rate.example.com/work-orders/8d3f2c1a-5b7e-4c9d-a1f0-2e6b9c4d7a10',
    Period: '2025年3月',
    ReportURL: 'https://rate.example.com/reports/monthly/2025-03',
    Code: '482913',
    ValidMinutes: '10',
    SignInURL: 'https://rate.example.com/c/link/5f0c…',
  },
  en: {
    ...SAMPLE_VARS.en,
    Score: '2 / 5',
    Deadline: '16 Mar 2025, 14:30',
    ConsoleURL: 'https://rate.example.com/work-orders/8d3f2c1a-5b7e-4c9d-a1f0-2e6b9c4d7a10',
    Period: 'March 2025',
    ReportURL: 'https://rate.example.com/reports/monthly/2025-03',
    Code: '482913',
    ValidMinutes: '10',
    SignInURL: 'https://rate.example.com/c/link/5f0c…',
  },
};

/**
 * WeChat's `time` and `date` fields take numeric dates only: the dates a WeChat message carries are formatted so
 * (`formatWechatTime`) in both languages, and so are the samples.
 */
const WECHAT_SAMPLE_OVERRIDES: MessageVars = { CompletedAt: '2025-03-15 14:30', Deadline: '2025-03-16 14:30' };

/** Sample values for previews and save-time checks of a purpose's template. */
export function sampleVars(lang: MessageLang, channel: MessageChannel): MessageVars {
  const base: MessageVars = { ...SAMPLE_VARS[lang], ...PURPOSE_SAMPLES[lang] };
  return channel === 'wechat' ? { ...base, ...WECHAT_SAMPLE_OVERRIDES } : base;
}
