/**
 * The text of a notification message (issue 17): one e-mail or SMS listing every item it carries, in the
 * organisation's language, each with its console link. Pure.
 */
import { escapeHtml } from '../../../common/rating-page/escape.js';
import type { NotificationView } from './notifications.schemas.js';

type Lang = 'zh-CN' | 'en';

const SEVERITY: Record<Lang, Record<string, string>> = {
  'zh-CN': { low: '低', medium: '中', high: '高', critical: '紧急' },
  en: { low: 'low', medium: 'medium', high: 'high', critical: 'critical' },
};
const TARGET: Record<Lang, Record<string, string>> = {
  'zh-CN': { first_contact: '首次联系', resolution: '解决' },
  en: { first_contact: 'first contact', resolution: 'resolution' },
};

export function itemLine(n: NotificationView, lang: Lang): string {
  const c = n.caseNumber !== null ? `C-${n.caseNumber}` : '';
  const sev = n.severity ? (SEVERITY[lang][n.severity] ?? n.severity) : '';
  const target = n.target ? TARGET[lang][n.target] : '';
  if (lang === 'zh-CN') {
    switch (n.kind) {
      case 'alert':
        return `差评预警「${n.ruleName ?? ''}」${sev ? `（${sev}）` : ''}${c ? `，已建立工单 ${c}` : ''}`;
      case 'case_opened':
        return `新的整改案件 ${c} 由您负责`;
      case 'case_warning':
        return `案件 ${c} 的${target}时限即将到期`;
      case 'case_breached':
        return `案件 ${c} 的${target}时限已超时`;
      case 'case_escalated':
        return `案件 ${c} 已升级给您（第 ${n.level ?? 1} 级）`;
      case 'case_reassigned':
        return `案件 ${c} 已转交给您`;
    }
  }
  switch (n.kind) {
    case 'alert':
      return `Alert "${n.ruleName ?? ''}"${sev ? ` (${sev})` : ''}${c ? `, case ${c} opened` : ''}`;
    case 'case_opened':
      return `New remediation case ${c} is yours`;
    case 'case_warning':
      return `Case ${c}: the ${target} target is due soon`;
    case 'case_breached':
      return `Case ${c}: the ${target} target was missed`;
    case 'case_escalated':
      return `Case ${c} was escalated to you (level ${n.level ?? 1})`;
    case 'case_reassigned':
      return `Case ${c} was reassigned to you`;
  }
}

const linkOf = (n: NotificationView, consoleUrl: string) =>
  n.caseId
    ? `${consoleUrl}/cases/${n.caseId}`
    : n.workOrderId
      ? `${consoleUrl}/work-orders/${n.workOrderId}`
      : consoleUrl;

export function composeMessage(items: NotificationView[], lang: Lang, consoleUrl: string) {
  const n = items.length;
  const subject =
    lang === 'zh-CN'
      ? n === 1
        ? `[Rateloop] ${itemLine(items[0]!, lang)}`
        : `[Rateloop] 您有 ${n} 条新提醒`
      : n === 1
        ? `[Rateloop] ${itemLine(items[0]!, lang)}`
        : `[Rateloop] ${n} new notifications`;
  const lines = items.map((i) => `• ${itemLine(i, lang)}\n  ${linkOf(i, consoleUrl)}`);
  const footer =
    lang === 'zh-CN'
      ? `在控制台中处理：${consoleUrl}/cases\n通知方式可在控制台“我的通知设置”中修改。`
      : `Work them in the console: ${consoleUrl}/cases\nChange how you are notified under "My notification settings" in the console.`;
  const text = `${lines.join('\n')}\n\n${footer}`;
  const html = `<ul>${items
    .map((i) => {
      const link = escapeHtml(linkOf(i, consoleUrl));
      return `<li>${escapeHtml(itemLine(i, lang))} — <a href="${link}">${link}</a></li>`;
    })
    .join('')}</ul><p>${escapeHtml(footer).replace(/\n/g, '<br>')}</p>`;
  // SMS: one short line; the link opens the one case, or the case list when there are several.
  const url = n === 1 ? linkOf(items[0]!, consoleUrl) : `${consoleUrl}/cases`;
  const sms =
    lang === 'zh-CN'
      ? n === 1
        ? `${itemLine(items[0]!, lang)}，请处理：${url}`
        : `您有 ${n} 条新提醒，请处理：${url}`
      : n === 1
        ? `${itemLine(items[0]!, lang)}. Open: ${url}`
        : `${n} new notifications. Open: ${url}`;
  return { subject, text, html, sms, params: { Count: String(n), URL: url } };
}
