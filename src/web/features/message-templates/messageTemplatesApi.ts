/** Shapes of `/api/v1/message-templates` (server: modules/message-templates/message-templates.routes.ts). */

export const MESSAGE_CHANNELS = ['sms', 'email', 'wechat'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];
export const MESSAGE_LANGS = ['zh-CN', 'en'] as const;
export type MessageLang = (typeof MESSAGE_LANGS)[number];

export const MESSAGE_TEMPLATES_KEY = ['message-templates'] as const;

export interface SmsContent {
  text: string;
}
export interface EmailContent {
  subject: string;
  html: string;
  text: string;
}
export interface WechatContent {
  templateId: string;
  fields: Record<string, string>;
}
export type TemplateContent = SmsContent | EmailContent | WechatContent;

export interface MessageTemplate {
  channel: MessageChannel;
  lang: MessageLang;
  content: Record<string, unknown>;
  isDefault: boolean;
  updatedAt: string | null;
}

export interface MessageTemplateList {
  items: MessageTemplate[];
  variables: string[];
}

export interface RenderedMessage {
  channel: MessageChannel;
  text?: string;
  subject?: string;
  html?: string;
  templateId?: string;
  url?: string;
  data?: Record<string, string>;
}

/** The variables a channel may use (`UnsubscribeURL` only in e-mail). */
export function variablesFor(channel: MessageChannel, all: string[]): string[] {
  return channel === 'email' ? all : all.filter((name) => name !== 'UnsubscribeURL');
}
