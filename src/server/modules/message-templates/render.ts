import type { EmailContent, SmsContent, TemplateContent, WechatContent } from './content.js';
import { ALL_VARIABLES, type MessagePurpose, type MessageVars, WECHAT_LINK_VARIABLE } from './purposes.js';
import { type MessageChannel, VARIABLE_PATTERN } from './variables.js';
import { fitWechatValue, normaliseWechatValue, wechatFieldType } from './wechat-fields.js';

const KNOWN = ALL_VARIABLES;

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * Replaces `#Name#` variables; a known variable without a value becomes empty, anything else that merely looks like
 * one stays as written (saved templates have none; an unsaved preview shows it).
 */
export function fill(text: string, vars: MessageVars, encode: (s: string) => string = (s) => s): string {
  return text.replace(VARIABLE_PATTERN, (whole, name: string) =>
    KNOWN.has(name) ? encode(vars[name as keyof MessageVars] ?? '') : whole,
  );
}

export interface RenderedSms {
  channel: 'sms';
  text: string;
}
export interface RenderedEmail {
  channel: 'email';
  subject: string;
  html: string;
  text: string;
}
export interface RenderedWechat {
  channel: 'wechat';
  templateId: string;
  url: string;
  data: Record<string, string>;
}
export type RenderedMessage = RenderedSms | RenderedEmail | RenderedWechat;

/** Subject lines are one line: a value with line breaks must not inject headers or break the layout. */
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');

/**
 * Renders a template. Values are HTML-escaped in the e-mail's HTML only; text parts carry them verbatim. WeChat
 * fields are normalised to one line and cut with an ellipsis where their type allows (`fitWechatValue`); a value
 * that still breaks its type's rule is left for the adapter to refuse (it never reaches WeChat).
 */
export function renderContent(
  channel: MessageChannel,
  content: TemplateContent,
  vars: MessageVars,
  purpose: MessagePurpose = 'invitation',
): RenderedMessage {
  if (channel === 'sms') return { channel, text: fill((content as SmsContent).text, vars) };
  if (channel === 'email') {
    const c = content as EmailContent;
    return {
      channel,
      subject: oneLine(fill(c.subject, vars)),
      html: fill(c.html, vars, escapeHtml),
      text: fill(c.text, vars),
    };
  }
  const c = content as WechatContent;
  const link = WECHAT_LINK_VARIABLE[purpose];
  return {
    channel,
    templateId: c.templateId,
    url: link ? (vars[link] ?? '') : '',
    data: Object.fromEntries(
      c.fields.map(({ key, text }) => {
        const type = wechatFieldType(key);
        const value = fill(text, vars);
        return [key, type ? fitWechatValue(type, value) : normaliseWechatValue(value)];
      }),
    ),
  };
}
