import { MESSAGE_PURPOSES, type MessagePurpose } from '../../../common/message-purposes';
import { type Answer, allOf } from '../../api/client';

/** Shapes of `/api/v1/message-templates`, derived from the generated schema (server: modules/message-templates). */
export type MessageTemplateList = Answer<'/message-templates'>;
export type MessageTemplate = MessageTemplateList['items'][number];
export type MessageChannel = MessageTemplate['channel'];
export type MessageLang = MessageTemplate['lang'];
export type PurposeInfo = MessageTemplateList['purposes'][number];
export type WechatFieldTypeInfo = MessageTemplateList['wechatFieldTypes'][number];
export type RenderedMessage = Answer<'/message-templates/preview', 'post'>;

export { MESSAGE_PURPOSES, type MessagePurpose };
/** Exactly the API's enums (the server keeps them in modules/message-templates/variables.ts), in display order. */
export const MESSAGE_CHANNELS = allOf<MessageChannel>()(['sms', 'email', 'wechat']);
export const MESSAGE_LANGS = allOf<MessageLang>()(['zh-CN', 'en']);

/** Every query key of the feature. */
export const messageTemplateKeys = {
  all: ['message-templates'] as const,
  preview: (purpose: string, channel: string, lang: string, content: unknown) =>
    ['message-template-preview', purpose, channel, lang, content] as const,
};

/** The editor's view of a template's `content` per channel (the API documents it as an object per channel). */
export interface SmsContent {
  text: string;
}
export interface EmailContent {
  subject: string;
  html: string;
  text: string;
}
/** A WeChat category-template field: its key (type + number, e.g. `thing2`) and the text with #Variables#. */
export interface WechatField {
  key: string;
  text: string;
}
export interface WechatContent {
  templateId: string;
  fields: WechatField[];
}
export type TemplateContent = SmsContent | EmailContent | WechatContent;

/** The type of a WeChat field key (`character_string1` → character_string), when it is one WeChat knows. */
export function wechatTypeOf(key: string, types: WechatFieldTypeInfo[]): WechatFieldTypeInfo | undefined {
  const type = key.trim().replace(/\d+$/, '');
  return types.find((t) => t.type === type);
}
