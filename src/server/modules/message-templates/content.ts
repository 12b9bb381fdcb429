import { z } from 'zod';
import { type FieldError, issue } from '../../http/problem.js';
import { type MessagePurpose, purposeVariables, REQUIRED_VARIABLE, sampleVars } from './purposes.js';
import { fill } from './render.js';
import type { MessageChannel, MessageLang } from './variables.js';
import { variablesIn } from './variables.js';
import { checkWechatValue, fitWechatValue, OBSOLETE_WECHAT_FIELDS, wechatFieldType } from './wechat-fields.js';

export const smsContent = z.object({
  text: z.string().trim().min(1).max(500).describe('The SMS text with #Variables#; must contain #URL#.'),
});
export const emailContent = z.object({
  subject: z.string().trim().min(1).max(200).describe('Subject line (plain text; variables allowed).'),
  html: z.string().min(1).max(100_000).describe('HTML body; variable values are HTML-escaped; must contain #URL#.'),
  text: z.string().min(1).max(20_000).describe('Plain-text body; must contain #URL#.'),
});

/**
 * Saved WeChat contents before #11 mapped `{first, keyword1…, remark}` → text. They are upgraded when read (no data
 * migration): the record becomes the field list, and `first`/`remark` — which WeChat stopped showing on 2023-05-04 —
 * are dropped; `keywordN` fields stay (historical templates still take them, folding past 20 characters).
 */
export function upgradeWechatContent(raw: unknown, dropObsolete: boolean): unknown {
  if (!raw || typeof raw !== 'object') return raw;
  const content = raw as { fields?: unknown };
  if (!content.fields || typeof content.fields !== 'object' || Array.isArray(content.fields)) return raw;
  const fields = Object.entries(content.fields as Record<string, unknown>)
    .filter(([key]) => !dropObsolete || !(OBSOLETE_WECHAT_FIELDS as readonly string[]).includes(key))
    .map(([key, text]) => ({ key, text }));
  return { ...content, fields };
}

export const wechatField = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-z][a-z_]*\d*$/, 'is not a template field key (thing2, character_string1, time3, …)')
    .max(40)
    .describe('The field key as the template shows it without `.DATA`: its type and number, e.g. `thing2`.'),
  text: z.string().max(200).describe('The value: text with #Variables#.'),
});
export const wechatContent = z.preprocess(
  (raw) => upgradeWechatContent(raw, false),
  z.object({
    templateId: z.string().trim().min(1).max(100).describe('The template id approved in the Official Account console.'),
    fields: z
      .array(wechatField)
      .min(1)
      .max(20)
      .describe(
        'Category-template fields in order: the key (its type from the prefix: thing ≤ 20 characters, character_string ≤ 32 without Chinese, phrase ≤ 5 Chinese characters, time, …) → text with #Variables#. The link is sent separately.',
      ),
  }),
);

export type SmsContent = z.infer<typeof smsContent>;
export type EmailContent = z.infer<typeof emailContent>;
export type WechatField = z.infer<typeof wechatField>;
export type WechatContent = z.infer<typeof wechatContent>;
export type TemplateContent = SmsContent | EmailContent | WechatContent;

export const CONTENT_SCHEMAS = { sms: smsContent, email: emailContent, wechat: wechatContent } as const;

/** Every text part of a content with its field path (for error messages). */
function parts(channel: MessageChannel, content: TemplateContent): [path: string, text: string][] {
  if (channel === 'wechat') {
    return (content as WechatContent).fields.map((f, i) => [`fields.${i}.text`, f.text]);
  }
  return Object.entries(content).filter(
    (e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'templateId',
  );
}

/** Where the purpose's variable must appear: every part a reader sees as the whole message; not WeChat (url). */
const MUST_HAVE: Record<MessageChannel, string[]> = { sms: ['text'], email: ['html', 'text'], wechat: [] };

/** Each WeChat field's key and, filled with the sample values, its value against the field type's rule. */
function checkWechatFields(content: WechatContent, lang: MessageLang, purpose: MessagePurpose, prefix: string) {
  const errors: FieldError[] = [];
  const vars = sampleVars(lang, 'wechat');
  const seen = new Set<string>();
  content.fields.forEach((field, i) => {
    if (seen.has(field.key))
      errors.push(issue(`${prefix}fields.${i}.key`, 'duplicate', `${field.key} is listed twice`));
    seen.add(field.key);
    if ((OBSOLETE_WECHAT_FIELDS as readonly string[]).includes(field.key)) {
      errors.push(
        issue(`${prefix}fields.${i}.key`, 'wechat_field_obsolete', `${field.key} is no longer shown by WeChat`),
      );
      return;
    }
    const type = wechatFieldType(field.key);
    if (!type) {
      errors.push(
        issue(`${prefix}fields.${i}.key`, 'wechat_unknown_field_type', `${field.key} is not a WeChat field type`, {
          key: field.key,
        }),
      );
      return;
    }
    const value = fitWechatValue(type, fill(field.text, vars));
    const problem = checkWechatValue(type, value);
    if (!problem) return;
    const path = `${prefix}fields.${i}.text`;
    if (problem.code === 'wechat_field_empty') errors.push(issue(path, problem.code, 'is empty'));
    else if (problem.code === 'wechat_field_too_long')
      errors.push(
        issue(path, problem.code, `with sample values, exceeds ${problem.max} characters for ${type}`, {
          max: problem.max,
          type,
        }),
      );
    else
      errors.push(
        issue(path, problem.code, `with sample values ("${value}"), is not a valid ${type} value`, {
          type,
          purpose,
        }),
      );
  });
  return errors;
}

/**
 * Unknown variables (for the purpose and channel), a missing required variable (#URL# for invitations and
 * reminders), and WeChat fields against their types, as field errors naming the part (and the variable).
 */
export function checkTemplateContent(
  channel: MessageChannel,
  content: TemplateContent,
  prefix = '',
  purpose: MessagePurpose = 'invitation',
  lang: MessageLang = 'zh-CN',
): FieldError[] {
  const allowed = new Set(purposeVariables(purpose, channel));
  const errors: FieldError[] = [];
  for (const [path, text] of parts(channel, content)) {
    for (const name of new Set(variablesIn(text))) {
      if (!allowed.has(name))
        errors.push(issue(`${prefix}${path}`, 'unknown_variable', `unknown variable #${name}#`, { name: `#${name}#` }));
    }
  }
  const required = REQUIRED_VARIABLE[purpose];
  // The short link (`#ShortURL#`, fewer SMS segments) opens the same rating page as `#URL#`.
  const accepted = required === 'URL' ? ['URL', 'ShortURL'] : [required];
  for (const path of MUST_HAVE[channel]) {
    const text = (content as Record<string, unknown>)[path];
    if (typeof text === 'string' && !variablesIn(text).some((name) => accepted.includes(name))) {
      errors.push(
        required === 'URL'
          ? issue(`${prefix}${path}`, 'missing_link_variable', 'must contain the link variable #URL# or #ShortURL#')
          : issue(`${prefix}${path}`, 'missing_required_variable', `must contain the variable #${required}#`, {
              name: `#${required}#`,
            }),
      );
    }
  }
  if (channel === 'wechat' && errors.length === 0) {
    errors.push(...checkWechatFields(content as WechatContent, lang, purpose, prefix));
  }
  return errors;
}
