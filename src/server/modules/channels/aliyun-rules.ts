import { MESSAGE_PURPOSES, type MessagePurpose } from '../../../common/message-purposes.js';
import type { FieldError } from '../../http/problem.js';
import type { AliyunSettings, AliyunTemplate } from './providers.js';

/**
 * Aliyun SMS content rules (issue #11), each with its source:
 * - A template variable may not carry a URL: Aliyun answers `isv.PARAM_NOT_SUPPORT_URL` ("变量中不允许透传URL"); links
 *   are fixed in the approved template text. https://developer.aliyun.com/ask/643204
 * - A notification template's variable is 1–35 characters (templates approved since 2018-01-10), else
 *   `isv.PARAM_LENGTH_LIMIT`. https://help.aliyun.com/document_detail/463270.htm (通知短信模板规范 · 变量规范)
 * - Each kind of message needs its own approved template (TemplateCode), so settings map a template per purpose.
 */
export const ALIYUN_MAX_VARIABLE_LENGTH = 35;

/** Our variables whose value is a URL: never mappable to an Aliyun template parameter. */
export const URL_VARIABLES: readonly string[] = ['URL', 'ShortURL', 'UnsubscribeURL'];

const URL_LIKE = /https?:\/\/|www\.|\b[a-z0-9-]+\.(com|cn|net|org|io|me|cc|top|xyz|info|biz|co|vip|site|link|ly)\b/i;
export const looksLikeUrl = (value: string) => URL_LIKE.test(value);

export const ALIYUN_VARIABLE_RULE = `Aliyun: a variable may not contain a URL and must be ≤ ${ALIYUN_MAX_VARIABLE_LENGTH} characters`;

/** Why a value cannot be sent as an Aliyun template parameter, or null. */
export function aliyunValueProblem(value: string): string | null {
  if (looksLikeUrl(value)) return 'contains a URL';
  if ([...value].length > ALIYUN_MAX_VARIABLE_LENGTH) return `is ${[...value].length} characters long`;
  return null;
}

/**
 * The template for a purpose. A reminder without its own template uses the invitation's (same wording family, and
 * the link code works the same); other purposes need their own. Old settings (one `templateCode`) were moved to
 * the invitation purpose when they were read (see providers.ts).
 */
export function aliyunTemplateFor(s: AliyunSettings, purpose: MessagePurpose): AliyunTemplate | null {
  return s.templates[purpose] ?? (purpose === 'reminder' ? (s.templates.invitation ?? null) : null);
}

/**
 * Configuration checks that need more than the schema: a parameter mapped to a URL-valued variable is refused with
 * the field error `aliyun_variable` (when the configuration is saved, and before a test message is sent).
 */
export function aliyunSettingsErrors(s: AliyunSettings): FieldError[] {
  const errors: FieldError[] = [];
  for (const purpose of MESSAGE_PURPOSES) {
    const t = s.templates[purpose];
    if (!t) continue;
    for (const [name, variable] of Object.entries(t.templateParams)) {
      if (!URL_VARIABLES.includes(variable)) continue;
      errors.push({
        path: `settings.templates.${purpose}.templateParams`,
        code: 'aliyun_variable',
        message: `${ALIYUN_VARIABLE_RULE}: ${name} maps to #${variable}# (use #LinkCode# and fix the domain in the template)`,
        params: { name, variable, max: ALIYUN_MAX_VARIABLE_LENGTH },
      });
    }
  }
  return errors;
}
