import { z } from 'zod';
import { type FieldError, issue } from '../../http/problem.js';
import { allowedVariables, type MessageChannel, variablesIn } from './variables.js';

export const smsContent = z.object({
  text: z.string().trim().min(1).max(500).describe('The SMS text with #Variables#; must contain #URL#.'),
});
export const emailContent = z.object({
  subject: z.string().trim().min(1).max(200).describe('Subject line (plain text; variables allowed).'),
  html: z.string().min(1).max(100_000).describe('HTML body; variable values are HTML-escaped; must contain #URL#.'),
  text: z.string().min(1).max(20_000).describe('Plain-text body; must contain #URL#.'),
});
export const wechatContent = z.object({
  templateId: z.string().trim().min(1).max(100).describe('The template id approved in the Official Account console.'),
  fields: z
    .record(
      z.string().regex(/^[a-z][a-z_]*\d*$/, 'is not a template field key (first, keyword1, remark, thing1, …)'),
      z.string().max(200),
    )
    .refine((f) => Object.keys(f).length >= 1 && Object.keys(f).length <= 20, 'needs 1–20 fields')
    .describe(
      'Template field → text with #Variables#, e.g. {first, keyword1, keyword2, remark}. The link is sent separately.',
    ),
});

export type SmsContent = z.infer<typeof smsContent>;
export type EmailContent = z.infer<typeof emailContent>;
export type WechatContent = z.infer<typeof wechatContent>;
export type TemplateContent = SmsContent | EmailContent | WechatContent;

export const CONTENT_SCHEMAS = { sms: smsContent, email: emailContent, wechat: wechatContent } as const;

/** Every text part of a content with its field path (for error messages). */
function parts(channel: MessageChannel, content: TemplateContent): [path: string, text: string][] {
  if (channel === 'wechat') {
    return Object.entries((content as WechatContent).fields).map(([k, v]) => [`fields.${k}`, v]);
  }
  return Object.entries(content).filter(
    (e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'templateId',
  );
}

/** Where the link must appear: every part a customer reads as the whole message, except WeChat (url is separate). */
const MUST_HAVE_URL: Record<MessageChannel, string[]> = { sms: ['text'], email: ['html', 'text'], wechat: [] };

/** Unknown variables and a missing #URL#, as field errors naming the part (and the variable). */
export function checkTemplateContent(channel: MessageChannel, content: TemplateContent, prefix = ''): FieldError[] {
  const allowed = new Set(allowedVariables(channel));
  const errors: FieldError[] = [];
  for (const [path, text] of parts(channel, content)) {
    for (const name of new Set(variablesIn(text))) {
      if (!allowed.has(name))
        errors.push(issue(`${prefix}${path}`, 'unknown_variable', `unknown variable #${name}#`, { name: `#${name}#` }));
    }
  }
  for (const path of MUST_HAVE_URL[channel]) {
    const text = (content as Record<string, unknown>)[path];
    if (typeof text === 'string' && !variablesIn(text).includes('URL')) {
      errors.push(issue(`${prefix}${path}`, 'missing_link_variable', 'must contain the link variable #URL#'));
    }
  }
  return errors;
}
