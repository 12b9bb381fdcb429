/**
 * WeChat template-message fields. Since 2023-05-04 an Official Account's new templates are *category templates*
 * (类目模板): fixed text with typed fields whose key is the type plus a number (`thing2`, `character_string1`,
 * `time3`); `first` and `remark` are no longer shown, and a value that breaks its type's rule is refused with errcode
 * 47003 (WeChat does not cut it for us). Older *historical* templates (`keyword1`…) fold anything past 20 characters.
 *
 * Sources (also in channels/README.md, section "WeChat"):
 * - field types and limits: https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html#类目模板消息
 *   (the same table as the subscription messages': https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html)
 * - first/remark dropped, historical fields ≤ 20 characters: 《关于规范公众号模板消息的再次公告》 https://mp.weixin.qq.com/s/hvLO4Vs75NXDA__SxuyKXw
 * - over-long category values are refused with 47003, not folded ("需要自行处理"):
 *   https://developers.weixin.qq.com/community/develop/doc/0002888d8801e897a561dfe6e61800
 */

export const WECHAT_FIELD_TYPES = [
  'thing',
  'number',
  'letter',
  'symbol',
  'character_string',
  'time',
  'date',
  'amount',
  'phone_number',
  'car_number',
  'name',
  'phrase',
  'keyword',
] as const;
export type WechatFieldType = (typeof WECHAT_FIELD_TYPES)[number];

/** Keys WeChat dropped on 2023-05-04: a value sent in them is never shown. */
export const OBSOLETE_WECHAT_FIELDS = ['first', 'remark'] as const;

export function wechatFieldType(key: string): WechatFieldType | null {
  const type = key.replace(/\d+$/, '');
  return (WECHAT_FIELD_TYPES as readonly string[]).includes(type) ? (type as WechatFieldType) : null;
}

const HAN = /\p{Script=Han}/u;
const chars = (s: string) => [...s].length;
const DATE = String.raw`(?:\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日|\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?|\d{1,2}[-/.]\d{1,2})`;
const CLOCK = String.raw`\d{1,2}:\d{2}(?::\d{2})?`;
/** One point in time or a period `a~b`. */
const period = (one: string) => new RegExp(`^${one}(?:\\s*~\\s*${one})?$`);
const TIME = period(`(?:${DATE}\\s*)?${CLOCK}`);
const DATE_ONLY = period(`${DATE}(?:\\s*${CLOCK})?`);

interface Rule {
  /** Characters allowed (when the limit depends on content, the larger one; see `name`). */
  max: number;
  /** The value's form, beyond its length. */
  valid: (v: string) => boolean;
  /** Over-long values may be cut with an ellipsis (the rest is still meaningful). */
  truncatable?: boolean;
}

/** Per type: "thing 20 个以内字符", "character_string 32 位以内数字、字母或符号", "phrase 5 个以内汉字", … */
const RULES: Record<WechatFieldType, Rule> = {
  thing: { max: 20, valid: () => true, truncatable: true },
  keyword: { max: 20, valid: () => true, truncatable: true },
  number: { max: 32, valid: (v) => /^-?\d+(\.\d+)?$/.test(v) },
  letter: { max: 32, valid: (v) => /^[A-Za-z]+$/.test(v) },
  symbol: { max: 5, valid: (v) => !/[\p{L}\p{N}]/u.test(v) },
  character_string: { max: 32, valid: (v) => /^[\x20-\x7E]+$/.test(v) },
  time: { max: 64, valid: (v) => TIME.test(v) },
  date: { max: 64, valid: (v) => DATE_ONLY.test(v) },
  amount: { max: 14, valid: (v) => /^[¥￥$€£]?\d{1,10}(\.\d{1,2})?元?$/.test(v) },
  phone_number: { max: 17, valid: (v) => /^[\d+\-() ]+$/.test(v) },
  car_number: { max: 8, valid: (v) => /^\p{Script=Han}?[A-Za-z0-9]+\p{Script=Han}?$/u.test(v) },
  // 10 Chinese characters, or 20 letters/symbols; a mixed name counts as Chinese.
  name: { max: 20, valid: (v) => !/\d/.test(v) },
  phrase: { max: 5, valid: (v) => /^\p{Script=Han}+$/u.test(v) },
};

const maxOf = (type: WechatFieldType, value: string) => (type === 'name' && HAN.test(value) ? 10 : RULES[type].max);

export type WechatFieldProblem =
  | { code: 'wechat_field_empty' }
  | { code: 'wechat_field_too_long'; max: number }
  | { code: 'wechat_field_format'; type: WechatFieldType };

/** Control characters (line breaks) are not allowed; runs of white space become one space. */
export const normaliseWechatValue = (value: string) => value.replace(/\s+/g, ' ').trim();

/** Why WeChat would refuse this (normalised) value for the type, or null. */
export function checkWechatValue(type: WechatFieldType, value: string): WechatFieldProblem | null {
  if (value.length === 0) return { code: 'wechat_field_empty' };
  const max = maxOf(type, value);
  if (!RULES[type].valid(value)) return { code: 'wechat_field_format', type };
  if (chars(value) > max) return { code: 'wechat_field_too_long', max };
  return null;
}

/**
 * The value to send: normalised, and cut to the limit with an ellipsis where the type allows it (`thing`, historical
 * `keyword`). Anything else is returned as is — `checkWechatValue` then says why it cannot be sent.
 */
export function fitWechatValue(type: WechatFieldType, raw: string): string {
  const value = normaliseWechatValue(raw);
  const max = maxOf(type, value);
  if (!RULES[type].truncatable || chars(value) <= max) return value;
  return `${[...value].slice(0, max - 1).join('')}…`;
}

export const isTruncatable = (type: WechatFieldType) => RULES[type].truncatable === true;

/** WeChat's `time` type takes numeric dates only ("2025-03-15 14:30"): a date as such, in the organisation's zone. */
export function formatWechatTime(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour === '24' ? '00' : parts.hour}:${parts.minute}`;
}

/** Each type's limit as the console shows it next to a field (`name`: 10 Chinese characters or 20 letters). */
export const WECHAT_FIELD_LIMITS = WECHAT_FIELD_TYPES.map((type) => ({
  type,
  max: type === 'name' ? 10 : RULES[type].max,
  truncatable: RULES[type].truncatable === true,
}));
