/**
 * Sends one pending notification message (issue 17). In one transaction, under the person's lock, the send claims
 * every item filed for them by its channel and is marked `sending` — items filed later start the next send, at least
 * a minute on. Then the message goes through the configured channel (outside any transaction) and the send is marked
 * `sent` or `failed`. A crash after the claim leaves it `sending`: never sent twice (the provider may have it).
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/client.js';
import { notificationSends, notifications } from '../../db/schema/notifications.js';
import { sendWithConfig } from '../channels/runtime.js';
import { withSendSlot } from '../channels/send-slots.js';
import { configFor } from '../delivery/compose.js';
import { employeeContacts } from '../org/lookups.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import { lockPerson } from './filing.js';
import { composeMessage } from './message.js';
import { presentNotification } from './notifications.presenter.js';

export interface SendEnv {
  db: Db;
  appSecret: string;
  log: FastifyBaseLogger;
  consoleUrl: string;
  now: () => Date;
}

export async function sendNotifications(env: SendEnv, sendId: string): Promise<'sent' | 'failed' | 'skipped' | 'none'> {
  const claimed = await env.db.transaction(async (tx) => {
    const [send] = await tx.select().from(notificationSends).where(eq(notificationSends.id, sendId));
    if (send?.status !== 'pending') return null;
    await lockPerson(tx, send.employeeId);
    const [locked] = await tx.select().from(notificationSends).where(eq(notificationSends.id, sendId)).for('update');
    if (locked?.status !== 'pending') return null;
    const byEmail = send.channel === 'email';
    const column = byEmail ? notifications.emailSendId : notifications.smsSendId;
    const items = await tx
      .update(notifications)
      .set(byEmail ? { emailSendId: sendId } : { smsSendId: sendId })
      .where(
        and(
          eq(notifications.employeeId, send.employeeId),
          eq(byEmail ? notifications.wantsEmail : notifications.wantsSms, true),
          isNull(column),
        ),
      )
      .returning();
    const [person] = await employeeContacts(tx, [send.employeeId]);
    const to = byEmail ? person?.email : person?.phone;
    const skip = items.length === 0 || !to || !person?.active;
    await tx
      .update(notificationSends)
      .set({
        status: skip ? 'skipped' : 'sending',
        startedAt: env.now(),
        items: items.length,
        ...(skip && { finishedAt: env.now(), errorCode: items.length === 0 ? 'nothing_to_send' : 'no_address' }),
      })
      .where(eq(notificationSends.id, sendId));
    return skip ? 'skipped' : { send, items, to: to! };
  });
  if (claimed === null) return 'none';
  if (claimed === 'skipped') return 'skipped';
  const { send, items, to } = claimed;
  const finish = (status: 'sent' | 'failed' | 'skipped', errorCode: string | null) =>
    env.db
      .update(notificationSends)
      .set({ status, errorCode, finishedAt: env.now() })
      .where(eq(notificationSends.id, sendId));
  const config = await configFor(env.db, send.channel);
  if (!config) {
    env.log.info({ channel: send.channel }, 'notification not sent: no channel is configured');
    await finish('skipped', 'no_config');
    return 'skipped';
  }
  const profile = await getOrganisationProfile(env.db);
  const views = items.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map(presentNotification);
  const m = composeMessage(views, profile.defaultLanguage, env.consoleUrl);
  const result = await withSendSlot(env.db, config, () =>
    sendWithConfig(
      { db: env.db, appSecret: env.appSecret },
      config.id,
      send.channel === 'email'
        ? {
            channel: 'email',
            to,
            subject: m.subject,
            text: m.text,
            html: m.html,
            idempotencyKey: `notification:${sendId}`,
          }
        : {
            channel: 'sms',
            to,
            text: m.sms,
            params: m.params,
            purpose: 'alert',
            idempotencyKey: `notification:${sendId}`,
          },
    ),
  );
  if (!result.ok) env.log.warn({ channel: send.channel, code: result.code }, 'notification message failed');
  await finish(result.ok ? 'sent' : 'failed', result.ok ? null : result.code);
  return result.ok ? 'sent' : 'failed';
}

/** Oldest first: the sends of one person, for tests and the system page. */
export const sendsOrder = asc(notificationSends.createdAt);
