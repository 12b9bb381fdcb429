import type { Answer } from '../../api/client';

/** Shapes of `/api/v1/message-templates`, derived from the generated schema (server: modules/message-templates). */
export type MessageTemplateList = Answer<'/message-templates'>;
export type MessageTemplate = MessageTemplateList['items'][number];
export type MessageChannel = MessageTemplate['channel'];
export type MessageLang = MessageTemplate['lang'];
export type RenderedMessage = Answer<'/message-templates/preview', 'post'>;

export const MESSAGE_CHANNELS = ['sms', 'email', 'wechat'] as const satisfies readonly MessageChannel[];
export const MESSAGE_LANGS = ['zh-CN', 'en'] as const satisfies readonly MessageLang[];

export const MESSAGE_TEMPLATES_KEY = ['message-templates'] as const;

/** The editor's view of a template's `content` per channel (the API documents it as an object per channel). */
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

/** The variables a channel may use (`UnsubscribeURL` only in e-mail). */
export function variablesFor(channel: MessageChannel, all: string[]): string[] {
  return channel === 'email' ? all : all.filter((name) => name !== 'UnsubscribeURL');
}
