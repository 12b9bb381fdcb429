import { and, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { type ChannelProvider, sandboxMessages } from '../../db/schema/channels.js';
import { keyset } from '../../http/pagination.js';
import type { Actor } from '../../http/principal.js';
import { createChannelConfig } from './channel-configs.service.js';

export { assertSandboxAllowed, isSandboxProvider } from './sandbox-policy.js';

import { presentSandboxMessage } from './sandbox.presenter.js';

export const SANDBOX_PROVIDERS = {
  sms: 'sandbox_sms',
  email: 'sandbox_email',
  wechat: 'sandbox_wechat',
} as const satisfies Record<string, ChannelProvider>;
export type SandboxChannel = keyof typeof SANDBOX_PROVIDERS;

/**
 * Creates an enabled sandbox channel configuration for `channel` (used by the demo; admins can do the same in the
 * console under Channels). Refused in production unless SANDBOX_CHANNEL_ENABLED=true.
 */
export async function createSandboxConfig(
  db: Db,
  appSecret: string,
  actor: Actor,
  input: { channel: SandboxChannel; name?: string },
) {
  return createChannelConfig(db, appSecret, actor, {
    provider: SANDBOX_PROVIDERS[input.channel],
    name: input.name ?? `Sandbox ${input.channel === 'email' ? 'e-mail' : input.channel.toUpperCase()}`,
    enabled: true,
    settings: {},
  });
}

export interface SandboxMessageQuery {
  limit: number;
  cursor?: string;
  channel?: SandboxChannel;
}

const sandboxPage = keyset({
  kind: 'timestamp',
  sort: sandboxMessages.createdAt,
  id: sandboxMessages.id,
  order: 'desc',
});

/** The sandbox inbox, newest first. */
export async function listSandboxMessages(db: Db, q: SandboxMessageQuery) {
  const where: (SQL | undefined)[] = [sandboxPage.after(q.cursor)];
  if (q.channel) where.push(eq(sandboxMessages.channel, q.channel));
  const rows = await db
    .select({ message: sandboxMessages, pageKey: sandboxPage.key })
    .from(sandboxMessages)
    .where(and(...where))
    .orderBy(...sandboxPage.orderBy)
    .limit(q.limit + 1);
  return sandboxPage.page(
    rows,
    q.limit,
    (r) => presentSandboxMessage(r.message),
    (r) => ({ v: r.pageKey, id: r.message.id }),
  );
}
