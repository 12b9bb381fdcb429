/**
 * Every piece of text on the customer rating page, in the two page languages. Browser-safe: no imports.
 * Placeholders are written `{name}` and filled by {@link t}.
 */

export type PageLang = 'zh-CN' | 'en';
export const PAGE_LANGS: readonly PageLang[] = ['zh-CN', 'en'];

const zhCN = {
  pageTitle: '服务评价',
  heading: '请评价本次服务',
  intro: '感谢您的信任。您的反馈只需一分钟，我们会认真对待每一条意见。',
  workOrder: '工单',
  required: '必填',
  optional: '选填',
  requiredNote: '标有“必填”的问题需要回答。',
  submit: '提交评价',
  submitting: '正在提交…',
  errorRequired: '请完成此项',
  errorForm: '有问题尚未完成，请检查标出的问题。',
  yes: '是',
  no: '否',
  star: '{n} 星',
  star1: '非常不满意',
  star2: '不满意',
  star3: '一般',
  star4: '满意',
  star5: '非常满意',
  npsLow: '0 = 完全不可能',
  npsHigh: '10 = 非常可能',
  scoreLow: '1 = 很差',
  scoreHigh: '10 = 很好',
  multiHint: '可多选',
  maxChars: '最多 {max} 字',
  counter: '{n} / {max}',
  previewNote: '预览：不会提交',
  footer: '本页面仅用于本次服务评价。',
  // Status pages
  expiredTitle: '评价链接已过期',
  expiredBody: '此评价链接已超过有效期。如需反馈，请联系我们的客服。',
  usedTitle: '您已评价过本次服务',
  usedBody: '我们已收到您对本次服务的评价，无需重复提交。感谢您的反馈！',
  unknownTitle: '找不到此评价链接',
  unknownBody: '链接可能不完整或输入有误，请从收到的消息中重新打开。',
  revokedTitle: '此评价链接已失效',
  revokedBody: '此评价邀请已被撤回，无需再评价。如有疑问，请联系我们的客服。',
  thanksTitle: '感谢您的评价！',
  thanksBody: '您的反馈已提交，它将帮助我们改进服务。',
  thanksNegative: '很抱歉这次服务没有让您满意。',
  contactToggle: '希望有人就此事联系我',
  contactSubmit: '确认',
  contactDone: '好的，我们会尽快与您联系。',
  rateLimitedTitle: '请稍后再试',
  rateLimitedBody: '请求过于频繁，请稍等片刻后再刷新页面。',
  tooLargeTitle: '内容过长',
  tooLargeBody: '您填写的内容过长，未能提交。请返回上一页，缩短文字后再提交。',
  duplicateTitle: '已提交，谢谢！',
  duplicateBody: '这份评价表已经提交过，我们已收到您的评价，无需再次提交。',
  anotherCustomerHint: '同一次服务的其他客户也可以评价，每人填写一份。',
  anotherCustomer: '我是另一位客户',
  handBackTitle: '请将设备交还给工程师',
  handBackBody: '您的评价已提交，谢谢！请把设备交还给为您服务的工程师。',
  handBackButton: '工程师解锁',
  errorFormExpired: '此表单已失效，请确认您的回答后再次提交。',
} as const;

export type StringKey = keyof typeof zhCN;

const en: Record<StringKey, string> = {
  pageTitle: 'Rate our service',
  heading: 'How did we do?',
  intro: 'Thank you for choosing us. It takes about a minute, and we read every answer.',
  workOrder: 'Work order',
  required: 'Required',
  optional: 'Optional',
  requiredNote: 'Questions marked “Required” need an answer.',
  submit: 'Submit rating',
  submitting: 'Submitting…',
  errorRequired: 'Please answer this question',
  errorForm: 'Some questions still need an answer. Please check the marked questions.',
  yes: 'Yes',
  no: 'No',
  star: '{n} out of 5',
  star1: 'Very dissatisfied',
  star2: 'Dissatisfied',
  star3: 'Neutral',
  star4: 'Satisfied',
  star5: 'Very satisfied',
  npsLow: '0 = Not likely',
  npsHigh: '10 = Very likely',
  scoreLow: '1 = Poor',
  scoreHigh: '10 = Excellent',
  multiHint: 'Choose all that apply',
  maxChars: 'Up to {max} characters',
  counter: '{n} / {max}',
  previewNote: 'Preview: nothing is submitted',
  footer: 'This page is only for rating this service.',
  expiredTitle: 'This link has expired',
  expiredBody: 'This rating link is past its expiry date. To give feedback, please contact our service team.',
  usedTitle: 'You have already rated this service',
  usedBody: 'We have your rating for this service, so there is nothing more to submit. Thank you!',
  unknownTitle: 'We cannot find this link',
  unknownBody: 'The link may be incomplete or mistyped. Please open it again from the message you received.',
  revokedTitle: 'This link is no longer valid',
  revokedBody: 'This rating invitation was withdrawn; no rating is needed. Please contact us if you have questions.',
  thanksTitle: 'Thank you for your rating!',
  thanksBody: 'Your feedback has been submitted and will help us improve.',
  thanksNegative: 'We are sorry this service did not meet your expectations.',
  contactToggle: 'I would like someone to contact me about this',
  contactSubmit: 'Confirm',
  contactDone: 'Thank you — we will contact you soon.',
  rateLimitedTitle: 'Please try again shortly',
  rateLimitedBody: 'Too many requests. Please wait a moment, then reload the page.',
  tooLargeTitle: 'Your answer is too long',
  tooLargeBody: 'What you wrote is too long to send. Please go back, shorten your text and send it again.',
  duplicateTitle: 'Already submitted, thank you!',
  duplicateBody: 'This form has already been submitted and we have your rating, so there is nothing more to send.',
  anotherCustomerHint: 'Other customers served on this job can rate it too, each on their own form.',
  anotherCustomer: 'I am another customer',
  handBackTitle: 'Please hand the device back to the engineer',
  handBackBody: 'Your rating has been submitted, thank you! Please return this device to the engineer who served you.',
  handBackButton: 'Engineer: unlock',
  errorFormExpired: 'This form is no longer valid. Please check your answers and submit again.',
};

export const PAGE_STRINGS: Readonly<Record<PageLang, Readonly<Record<StringKey, string>>>> = { 'zh-CN': zhCN, en };

/** Looks up a page string and fills `{name}` placeholders (unknown placeholders are left as they are). */
export function t(lang: PageLang, key: StringKey, vars?: Record<string, string | number>): string {
  const text = PAGE_STRINGS[lang][key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(vars, name) ? String(vars[name]) : whole));
}

/** Maps one language tag to a page language, or null when it is neither Chinese nor English. */
function fromTag(tag: string): PageLang | null {
  const lower = tag.trim().toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-') || lower.startsWith('zh_')) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-') || lower.startsWith('en_')) return 'en';
  return null;
}

/**
 * The page language: the contact's stored locale wins; else the browser's `Accept-Language`, highest q-value first
 * (ties keep header order; `q=0` means "not acceptable"); `zh*` → zh-CN, `en*` → en; default zh-CN.
 */
export function pickLanguage(contactLocale?: string | null, acceptLanguage?: string | null): PageLang {
  if (contactLocale) {
    const lang = fromTag(contactLocale);
    if (lang) return lang;
  }
  if (acceptLanguage) {
    const ranges = acceptLanguage
      .split(',')
      .map((part, index) => {
        const [tag = '', ...params] = part.split(';');
        let q = 1;
        for (const param of params) {
          const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(param);
          if (m) q = Number(m[1]);
        }
        return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, index };
      })
      .filter((r) => r.tag !== '' && r.q > 0)
      .sort((a, b) => b.q - a.q || a.index - b.index);
    for (const range of ranges) {
      const lang = fromTag(range.tag);
      if (lang) return lang;
    }
  }
  return 'zh-CN';
}
