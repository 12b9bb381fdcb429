import type { EmailContent, SmsContent, TemplateContent, WechatContent } from './content.js';
import type { MessagePurpose } from './purposes.js';
import type { MessageChannel, MessageLang } from './variables.js';

type PerLang<T> = Record<MessageLang, T>;

/** Modelled on the CRM's SMS example: "Dear customer: your Work Order [#WorkOrderNumber# + #Subject#] … #URL#". */
const SMS: Record<MessagePurpose, PerLang<SmsContent>> = {
  invitation: {
    'zh-CN': {
      text: '尊敬的客户：您的工单【#WorkOrderNumber# #Subject#】已处理完毕。为了给您提供更好的服务，请对本次服务进行评价：#URL#',
    },
    en: {
      text: 'Dear customer: your work order [#WorkOrderNumber# #Subject#] has been completed. To help us serve you better, please rate this service: #URL#',
    },
  },
  reminder: {
    'zh-CN': {
      text: '温馨提醒：您的工单【#WorkOrderNumber# #Subject#】尚未评价，您的意见对我们很重要，请点击评价：#URL#',
    },
    en: {
      text: 'A friendly reminder: you have not yet rated your work order [#WorkOrderNumber# #Subject#]. Your opinion matters to us: #URL#',
    },
  },
  alert: {
    'zh-CN': {
      text: '【差评预警】工单 #WorkOrderNumber# #Subject# 收到评分 #Score#（客户：#CustomerName#，工程师：#EngineerName#），请于 #Deadline# 前跟进：#ConsoleURL#',
    },
    en: {
      text: '[Low rating] Work order #WorkOrderNumber# #Subject# was rated #Score# (customer: #CustomerName#, engineer: #EngineerName#). Please follow up by #Deadline#: #ConsoleURL#',
    },
  },
  report: {
    'zh-CN': { text: '#CompanyName# #Period# 服务评价报告已生成，请查看：#ReportURL#' },
    en: { text: 'The #CompanyName# service rating report for #Period# is ready: #ReportURL#' },
  },
  sign_in_code: {
    'zh-CN': { text: '您的登录验证码为 #Code#，#ValidMinutes# 分钟内有效。如非本人操作，请忽略本短信。' },
    en: {
      text: 'Your sign-in code is #Code#. It is valid for #ValidMinutes# minutes. If you did not ask for it, ignore this message.',
    },
  },
};

interface EmailWords {
  subject: string;
  greeting: string;
  body: string;
  /** The call to action: a button to `link`, or (sign-in codes) the code itself. */
  button: string;
  fallback: string;
  footer: string;
  /** Customer messages only: the unsubscribe link's text. */
  unsubscribe?: string;
  /** Sign-in codes: the words before the one-click sign-in link (`#SignInURL#`). */
  signInLink?: string;
}

/**
 * A single-column, table-based e-mail (what Outlook and phone clients render alike) with a large tap-sized button,
 * the link again as text for clients that hide buttons, and (customer messages) the unsubscribe link in the footer.
 */
function emailHtml(lang: MessageLang, w: EmailWords, link: string | null): string {
  const action = link
    ? `<tr><td align="center" style="padding:24px 28px;">
<a href="#${link}#" style="display:inline-block;padding:16px 40px;background:#1677ff;color:#ffffff;font-size:18px;font-weight:600;text-decoration:none;border-radius:8px;">${w.button}</a>
</td></tr>
<tr><td style="padding:0 28px 24px;font-size:13px;line-height:1.6;color:#6b7280;word-break:break-all;">${w.fallback}<br><a href="#${link}#" style="color:#1677ff;">#${link}#</a></td></tr>`
    : `<tr><td align="center" style="padding:24px 28px;font-size:32px;font-weight:700;letter-spacing:8px;">${w.button}</td></tr>
<tr><td style="padding:0 28px 24px;font-size:13px;line-height:1.6;color:#6b7280;">${w.fallback}</td></tr>${
        w.signInLink
          ? `
<tr><td style="padding:0 28px 24px;font-size:15px;line-height:1.6;word-break:break-all;">${w.signInLink}<br><a href="#SignInURL#" style="color:#1677ff;">#SignInURL#</a></td></tr>`
          : ''
      }`;
  const unsubscribe = w.unsubscribe ? ` <a href="#UnsubscribeURL#" style="color:#9ca3af;">${w.unsubscribe}</a>` : '';
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${w.subject}</title>
</head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:12px;font-family:-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei',Helvetica,Arial,sans-serif;color:#111827;">
<tr><td style="padding:32px 28px 8px;font-size:20px;font-weight:600;">#CompanyName#</td></tr>
<tr><td style="padding:8px 28px;font-size:16px;line-height:1.6;">${w.greeting}</td></tr>
<tr><td style="padding:8px 28px;font-size:16px;line-height:1.6;">${w.body}</td></tr>
${action}
<tr><td style="padding:16px 28px 28px;border-top:1px solid #e5e7eb;font-size:12px;line-height:1.6;color:#9ca3af;">${w.footer}${unsubscribe}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;
}

function emailText(w: EmailWords, link: string | null): string {
  const action = link
    ? `${w.button}: #${link}#`
    : `${w.button}\n${w.fallback}${w.signInLink ? `\n\n${w.signInLink}\n#SignInURL#` : ''}`;
  const unsubscribe = w.unsubscribe ? `\n${w.unsubscribe}: #UnsubscribeURL#` : '';
  return `${w.greeting}\n\n${w.body}\n\n${action}\n\n--\n#CompanyName#\n${w.footer}${unsubscribe}\n`;
}

const EMAIL_WORDS: Record<MessagePurpose, PerLang<EmailWords>> = {
  invitation: {
    'zh-CN': {
      subject: '请评价您的服务：#WorkOrderNumber# #Subject#',
      greeting: '#CustomerName# 您好：',
      body: '您的工单【#WorkOrderNumber# #Subject#】已于 #CompletedAt# 由 #EngineerName# 处理完毕。为了给您提供更好的服务，请花一分钟对本次服务进行评价。',
      button: '立即评价',
      fallback: '如果按钮无法点击，请复制以下链接到浏览器打开：',
      footer: '此邮件由系统自动发送，请勿直接回复。',
      unsubscribe: '退订评价邀请',
    },
    en: {
      subject: 'How did we do? #WorkOrderNumber# #Subject#',
      greeting: 'Dear #CustomerName#,',
      body: 'Your work order [#WorkOrderNumber# #Subject#] was completed by #EngineerName# on #CompletedAt#. To help us serve you better, please take a minute to rate this service.',
      button: 'Rate now',
      fallback: 'If the button does not work, copy this link into your browser:',
      footer: 'This message was sent automatically; please do not reply.',
      unsubscribe: 'Unsubscribe from rating invitations',
    },
  },
  reminder: {
    'zh-CN': {
      subject: '提醒：请评价您的服务 #WorkOrderNumber#',
      greeting: '#CustomerName# 您好：',
      body: '您的工单【#WorkOrderNumber# #Subject#】已于 #CompletedAt# 处理完毕，我们还没有收到您的评价。您的意见对我们很重要，只需一分钟。',
      button: '立即评价',
      fallback: '如果按钮无法点击，请复制以下链接到浏览器打开：',
      footer: '此邮件由系统自动发送，请勿直接回复。',
      unsubscribe: '退订评价邀请',
    },
    en: {
      subject: 'Reminder: how did we do? #WorkOrderNumber#',
      greeting: 'Dear #CustomerName#,',
      body: 'Your work order [#WorkOrderNumber# #Subject#] was completed on #CompletedAt#, and we have not heard from you yet. Your opinion matters to us and takes only a minute.',
      button: 'Rate now',
      fallback: 'If the button does not work, copy this link into your browser:',
      footer: 'This message was sent automatically; please do not reply.',
      unsubscribe: 'Unsubscribe from rating invitations',
    },
  },
  alert: {
    'zh-CN': {
      subject: '差评预警：#WorkOrderNumber# 评分 #Score#',
      greeting: '您好：',
      body: '工单【#WorkOrderNumber# #Subject#】收到客户 #CustomerName# 的评分 #Score#（工程师：#EngineerName#）。请于 #Deadline# 前联系客户并记录处理结果。',
      button: '查看工单',
      fallback: '如果按钮无法点击，请复制以下链接到浏览器打开：',
      footer: '此邮件由系统自动发送，请勿直接回复。',
    },
    en: {
      subject: 'Low rating: #WorkOrderNumber# rated #Score#',
      greeting: 'Hello,',
      body: 'Work order [#WorkOrderNumber# #Subject#] was rated #Score# by #CustomerName# (engineer: #EngineerName#). Please contact the customer and record the outcome by #Deadline#.',
      button: 'Open the work order',
      fallback: 'If the button does not work, copy this link into your browser:',
      footer: 'This message was sent automatically; please do not reply.',
    },
  },
  report: {
    'zh-CN': {
      subject: '#CompanyName# 服务评价报告：#Period#',
      greeting: '您好：',
      body: '#Period# 的服务评价报告已生成。',
      button: '查看报告',
      fallback: '如果按钮无法点击，请复制以下链接到浏览器打开：',
      footer: '此邮件由系统自动发送，请勿直接回复。',
    },
    en: {
      subject: '#CompanyName# service rating report: #Period#',
      greeting: 'Hello,',
      body: 'The service rating report for #Period# is ready.',
      button: 'Open the report',
      fallback: 'If the button does not work, copy this link into your browser:',
      footer: 'This message was sent automatically; please do not reply.',
    },
  },
  sign_in_code: {
    'zh-CN': {
      subject: '您的登录验证码：#Code#',
      greeting: '您好：',
      body: '您正在登录 #CompanyName# 客户中心，验证码如下：',
      button: '#Code#',
      fallback: '验证码 #ValidMinutes# 分钟内有效。如非本人操作，请忽略本邮件。',
      signInLink: '也可以直接点击下面的链接登录（仅可使用一次）：',
      footer: '此邮件由系统自动发送，请勿直接回复。',
    },
    en: {
      subject: 'Your sign-in code: #Code#',
      greeting: 'Hello,',
      body: 'You are signing in to the #CompanyName# customer portal. Your code:',
      button: '#Code#',
      fallback: 'The code is valid for #ValidMinutes# minutes. If you did not ask for it, ignore this message.',
      signInLink: 'Or sign in with one click (the link works once):',
      footer: 'This message was sent automatically; please do not reply.',
    },
  },
};

const EMAIL_LINK: Record<MessagePurpose, string | null> = {
  invitation: 'URL',
  reminder: 'URL',
  alert: 'ConsoleURL',
  report: 'ReportURL',
  sign_in_code: null,
};

const email = (purpose: MessagePurpose, lang: MessageLang): EmailContent => {
  const w = EMAIL_WORDS[purpose][lang];
  const link = EMAIL_LINK[purpose];
  return { subject: w.subject, html: emailHtml(lang, w, link), text: emailText(w, link) };
};

/**
 * WeChat defaults are category-template field mappings (since 2023-05-04 no `first`/`remark`): keys chosen from the
 * fields WeChat's template library offers for these messages (工单编号 character_string, 服务项目 thing, 完成时间
 * time, 服务人员 thing, …). Template ids belong to each Official Account, so the default has none: the delivery job
 * treats an empty `templateId` as "not configured" (a permanent failure of the channel) until an admin sets it —
 * together with keys matching the chosen template.
 */
const wechat = (fields: [key: string, text: string][]): PerLang<WechatContent> => {
  const content = { templateId: '', fields: fields.map(([key, text]) => ({ key, text })) };
  return { 'zh-CN': content, en: content };
};
const WECHAT: Record<MessagePurpose, PerLang<WechatContent>> = {
  invitation: wechat([
    ['character_string1', '#WorkOrderNumber#'],
    ['thing2', '#Subject#'],
    ['time3', '#CompletedAt#'],
    ['thing4', '#EngineerName#'],
  ]),
  reminder: wechat([
    ['character_string1', '#WorkOrderNumber#'],
    ['thing2', '#Subject#'],
    ['time3', '#CompletedAt#'],
    ['thing4', '#EngineerName#'],
  ]),
  alert: wechat([
    ['character_string1', '#WorkOrderNumber#'],
    ['thing2', '#Subject#'],
    ['thing3', '#Score#'],
    ['thing4', '#CustomerName#'],
    ['time5', '#Deadline#'],
  ]),
  report: wechat([
    ['thing1', '#Period#'],
    ['thing2', '#CompanyName#'],
  ]),
  sign_in_code: wechat([
    ['character_string1', '#Code#'],
    ['number2', '#ValidMinutes#'],
  ]),
};

const byChannel = (purpose: MessagePurpose): Record<MessageChannel, PerLang<TemplateContent>> => ({
  sms: SMS[purpose],
  email: { 'zh-CN': email(purpose, 'zh-CN'), en: email(purpose, 'en') },
  wechat: WECHAT[purpose],
});

/** The built-in template of every purpose × channel × language. */
export const DEFAULT_TEMPLATES: Record<MessagePurpose, Record<MessageChannel, PerLang<TemplateContent>>> = {
  invitation: byChannel('invitation'),
  reminder: byChannel('reminder'),
  alert: byChannel('alert'),
  report: byChannel('report'),
  sign_in_code: byChannel('sign_in_code'),
};
