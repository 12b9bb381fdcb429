/**
 * The sandbox providers (`sandbox_sms`, `sandbox_email`, `sandbox_wechat`): a message is not sent but kept in
 * `sandbox_messages`, where admins read it in the console's sandbox inbox (like MailHog / letter_opener) and can open
 * its invitation link — the whole loop on one machine. Development and demo only: refused in production unless
 * SANDBOX_CHANNEL_ENABLED=true (`sandbox_disabled`, permanent: the chain moves on to a real channel).
 */
import { sandboxChannelAllowed } from '../../config.js';
import type { Db } from '../../db/client.js';
import { sandboxMessages } from '../../db/schema/channels.js';
import { assertChannel, type ChannelAdapter, failure, type OutboundMessage, success } from './adapter.js';

type SandboxChannel = 'sms' | 'email' | 'wechat';

const URL_IN_TEXT = /https?:\/\/[^\s"'<>]+/g;

/** The invitation link a text carries: a rating (`/r/…`) or short (`/s/…`) link first, else the first link. */
export function linkInText(text: string): string | null {
  const urls = text.match(URL_IN_TEXT) ?? [];
  return urls.find((u) => /\/(r|s)\/[^/]+/.test(u)) ?? urls.find((u) => !/\/u\//.test(u)) ?? null;
}

/** What the inbox keeps of a message. */
export function sandboxRecord(message: OutboundMessage) {
  switch (message.channel) {
    case 'sms':
      return {
        recipient: message.to,
        subject: null,
        text: message.text,
        html: null,
        link: linkInText(message.text) ?? message.params.URL ?? null,
      };
    case 'email':
      return {
        recipient: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        link: linkInText(message.text) ?? linkInText(message.html),
      };
    case 'wechat':
      return {
        recipient: message.to,
        subject: null,
        text: Object.entries(message.data)
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n'),
        html: null,
        link: message.url,
      };
    case 'webhook':
      throw new Error('The sandbox keeps SMS, e-mail and WeChat messages, not webhooks');
  }
}

export function createSandboxAdapter(
  channel: SandboxChannel,
  deps: { db: Db; sandboxAllowed?: boolean },
): ChannelAdapter<OutboundMessage> {
  return {
    channel,
    provider: `sandbox_${channel}`,
    async send(message, config) {
      const startedAt = Date.now();
      assertChannel(message, channel);
      if (!(deps.sandboxAllowed ?? sandboxChannelAllowed())) {
        return failure(
          'permanent',
          'sandbox_disabled',
          'Sandbox channels are disabled in production (SANDBOX_CHANNEL_ENABLED is not true)',
          startedAt,
        );
      }
      const [row] = await deps.db
        .insert(sandboxMessages)
        .values({ configId: config.id, channel, idempotencyKey: message.idempotencyKey, ...sandboxRecord(message) })
        .returning({ id: sandboxMessages.id });
      return success(startedAt, { sandbox: true, messageId: row!.id }, row!.id);
    },
  };
}
