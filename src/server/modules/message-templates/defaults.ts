import type { EmailContent, SmsContent, TemplateContent, WechatContent } from './content.js';
import type { MessageChannel, MessageLang } from './variables.js';

/** Modelled on the CRM's SMS example: "Dear customer: your Work Order [#WorkOrderNumber# + #Subject#] … #URL#". */
const SMS: Record<MessageLang, SmsContent> = {
  'zh-CN': {
    text: '尊敬的客户：您的工单【#WorkOrderNumber# #Subject#】已处理完毕。为了给您提供更好的服务，请对本次服务进行评价：#URL#',
  },
  en: {
    text: 'Dear customer: your work order [#WorkOrderNumber# #Subject#] has been completed. To help us serve you better, please rate this service: #URL#',
  },
};

interface EmailWords {
  subject: string;
  greeting: string;
  body: string;
  button: string;
  fallback: string;
  footer: string;
  unsubscribe: string;
}

/**
 * A single-column, table-based e-mail (what Outlook and phone clients render alike) with a large tap-sized button,
 * the link again as text for clients that hide buttons, and the unsubscribe link in the footer.
 */
function emailHtml(lang: MessageLang, w: EmailWords): string {
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
<tr><td align="center" style="padding:24px 28px;">
<a href="#URL#" style="display:inline-block;padding:16px 40px;background:#1677ff;color:#ffffff;font-size:18px;font-weight:600;text-decoration:none;border-radius:8px;">${w.button}</a>
</td></tr>
<tr><td style="padding:0 28px 24px;font-size:13px;line-height:1.6;color:#6b7280;word-break:break-all;">${w.fallback}<br><a href="#URL#" style="color:#1677ff;">#URL#</a></td></tr>
<tr><td style="padding:16px 28px 28px;border-top:1px solid #e5e7eb;font-size:12px;line-height:1.6;color:#9ca3af;">${w.footer} <a href="#UnsubscribeURL#" style="color:#9ca3af;">${w.unsubscribe}</a></td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;
}

const EMAIL_WORDS: Record<MessageLang, EmailWords> = {
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
};

function emailText(w: EmailWords): string {
  return `${w.greeting}\n\n${w.body}\n\n${w.button}: #URL#\n\n--\n#CompanyName#\n${w.footer}\n${w.unsubscribe}: #UnsubscribeURL#\n`;
}

const EMAIL: Record<MessageLang, EmailContent> = {
  'zh-CN': {
    subject: EMAIL_WORDS['zh-CN'].subject,
    html: emailHtml('zh-CN', EMAIL_WORDS['zh-CN']),
    text: emailText(EMAIL_WORDS['zh-CN']),
  },
  en: { subject: EMAIL_WORDS.en.subject, html: emailHtml('en', EMAIL_WORDS.en), text: emailText(EMAIL_WORDS.en) },
};

/**
 * WeChat template ids belong to each Official Account, so the default has none: the delivery job treats an empty
 * `templateId` as "not configured" (a permanent failure of the channel) until an admin sets it.
 */
const WECHAT: Record<MessageLang, WechatContent> = {
  'zh-CN': {
    templateId: '',
    fields: {
      first: '尊敬的客户，您的工单已处理完毕，请对本次服务进行评价。',
      keyword1: '#WorkOrderNumber#',
      keyword2: '#Subject#',
      keyword3: '#CompletedAt#',
      remark: '点击详情进行评价，感谢您的支持！',
    },
  },
  en: {
    templateId: '',
    fields: {
      first: 'Dear customer, your work order has been completed. Please rate this service.',
      keyword1: '#WorkOrderNumber#',
      keyword2: '#Subject#',
      keyword3: '#CompletedAt#',
      remark: 'Tap for details to rate. Thank you for your support!',
    },
  },
};

export const DEFAULT_TEMPLATES: Record<MessageChannel, Record<MessageLang, TemplateContent>> = {
  sms: SMS,
  email: EMAIL,
  wechat: WECHAT,
};
