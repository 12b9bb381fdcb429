import { and, eq, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/client.js';
import { deliveryProblemNotices, deliveryProblems } from '../../db/schema/delivery.js';
import { sendWithConfig } from '../channels/runtime.js';
import { withSendSlot } from '../channels/send-slots.js';
import { activeAdminEmails } from '../org/lookups.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import { configFor } from './compose.js';

export type ProblemRow = typeof deliveryProblems.$inferSelect;

const CHANNEL_NAMES = {
  'zh-CN': { sms: '短信', email: '邮件', wechat: '微信', webhook: 'Webhook' } as Record<string, string>,
  en: { sms: 'SMS', email: 'e-mail', wechat: 'WeChat', webhook: 'webhook' } as Record<string, string>,
};

/** The admin e-mail about a problem, in the organisation's default language. */
export function problemMessage(p: ProblemRow, lang: 'zh-CN' | 'en', consoleUrl: string) {
  const channel = CHANNEL_NAMES[lang][p.channel] ?? p.channel;
  const link = `${consoleUrl}/settings/channels`;
  if (lang === 'zh-CN') {
    const what =
      p.code === 'no_config' && p.kind === 'skipped'
        ? `没有可用的${channel}渠道配置，评价邀请无法通过${channel}发送。`
        : `${channel}渠道发送失败（${p.kind}：${p.code}）${p.detail ? `：${p.detail}` : ''}。`;
    const text = `${what}\n\n请在渠道设置中检查：${link}\n同一原因的后续失败不会再次通知，除非您在控制台确认后它再次出现。`;
    return { subject: `评价邀请发送失败：${channel}`, text };
  }
  const what =
    p.code === 'no_config' && p.kind === 'skipped'
      ? `No ${channel} channel is configured, so rating invitations cannot be sent by ${channel}.`
      : `Sending by ${channel} failed (${p.kind}: ${p.code})${p.detail ? `: ${p.detail}` : ''}.`;
  const text = `${what}\n\nCheck the channel settings: ${link}\nFurther failures with the same cause are not mailed again unless it comes back after you acknowledge it in the console.`;
  return { subject: `Rating invitations failing: ${channel}`, text };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The `delivery.notify_problem` job's work: e-mails each active admin about one generation of a problem through the
 * configured e-mail channel. No enabled e-mail configuration → nothing is sent (the console banner still shows it).
 * Each recipient's notice row is claimed BEFORE the send, so a retried job never mails anyone twice.
 */
export async function notifyProblem(
  env: { db: Db; appSecret: string; log: FastifyBaseLogger; consoleUrl: string },
  payload: { problemId: string; generation: number },
): Promise<{ sent: number }> {
  const [p] = await env.db.select().from(deliveryProblems).where(eq(deliveryProblems.id, payload.problemId));
  // Gone, or re-opened since (that generation has its own job).
  if (!p || p.generation !== payload.generation) return { sent: 0 };
  const config = await configFor(env.db, 'email');
  if (!config) {
    env.log.info({ cause: p.cause }, 'delivery problem not mailed: no e-mail channel is configured');
    return { sent: 0 };
  }
  const [admins, profile] = await Promise.all([activeAdminEmails(env.db), getOrganisationProfile(env.db)]);
  const { subject, text } = problemMessage(p, profile.defaultLanguage, env.consoleUrl);
  const html = `<p>${escapeHtml(text).replace(/\n/g, '<br>')}</p>`;
  let sent = 0;
  for (const to of admins) {
    const [claimed] = await env.db
      .insert(deliveryProblemNotices)
      .values({ problemId: p.id, generation: p.generation, recipient: to, status: 'sending', configId: config.id })
      .onConflictDoNothing()
      .returning({ recipient: deliveryProblemNotices.recipient });
    if (!claimed) continue; // mailed (or being mailed) by an earlier run of this job
    const result = await withSendSlot(env.db, config, () =>
      sendWithConfig({ db: env.db, appSecret: env.appSecret }, config.id, {
        channel: 'email',
        to,
        subject,
        text,
        html,
        idempotencyKey: `problem:${p.id}:${p.generation}:${to}`,
      }),
    );
    await env.db
      .update(deliveryProblemNotices)
      .set({
        status: result.ok ? 'succeeded' : 'failed',
        errorCode: result.ok ? null : result.code,
        finishedAt: sql`now()`,
      })
      .where(
        and(
          eq(deliveryProblemNotices.problemId, p.id),
          eq(deliveryProblemNotices.generation, p.generation),
          eq(deliveryProblemNotices.recipient, to),
        ),
      );
    if (result.ok) sent++;
    else env.log.warn({ cause: p.cause, to, code: result.code }, 'delivery problem e-mail failed');
  }
  return { sent };
}
