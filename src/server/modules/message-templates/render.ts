import type { EmailContent, SmsContent, TemplateContent, WechatContent } from './content.js';
import {
  EMAIL_ONLY_VARIABLES,
  type MessageChannel,
  TEMPLATE_VARIABLES,
  type TemplateVars,
  VARIABLE_PATTERN,
} from './variables.js';

const KNOWN = new Set<string>([...TEMPLATE_VARIABLES, ...EMAIL_ONLY_VARIABLES]);

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * Replaces `#Name#` variables; a known variable without a value becomes empty, anything else that merely looks like
 * one stays as written (saved templates have none; an unsaved preview shows it).
 */
export function fill(text: string, vars: TemplateVars, encode: (s: string) => string = (s) => s): string {
  return text.replace(VARIABLE_PATTERN, (whole, name: string) =>
    KNOWN.has(name) ? encode(vars[name as keyof TemplateVars] ?? '') : whole,
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

/** Renders a template. Values are HTML-escaped in the e-mail's HTML only; text parts carry them verbatim. */
export function renderContent(channel: MessageChannel, content: TemplateContent, vars: TemplateVars): RenderedMessage {
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
  return {
    channel,
    templateId: c.templateId,
    url: vars.URL ?? '',
    data: Object.fromEntries(Object.entries(c.fields).map(([k, v]) => [k, fill(v, vars)])),
  };
}
