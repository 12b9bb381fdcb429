import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { type ChannelProvider, channelConfigs } from '../../db/schema/channels.js';
import {
  type ChannelAdapter,
  type DeliveryChannel,
  failure,
  type OutboundMessage,
  type ResolvedChannelConfig,
  type SendResult,
} from './adapter.js';
import { createEmailAdapter } from './email.adapter.js';
import { type CommonSettings, PROVIDERS } from './providers.js';
import { createSandboxAdapter } from './sandbox.adapter.js';
import { decryptSecrets } from './secrets.js';
import { createAliyunSmsAdapter } from './sms-aliyun.adapter.js';
import { createGenericSmsAdapter } from './sms-generic.adapter.js';
import { createTwilioAdapter } from './sms-twilio.adapter.js';
import { countSend, countSends, releaseSend, reserveSend, usageMonth } from './usage.js';
import { createWebhookAdapter } from './webhook.adapter.js';
import { createWechatAdapter } from './wechat.adapter.js';

export interface ChannelRuntime {
  // The map holds adapters of different message/settings types; each is only called with its own provider's.
  adapters: Record<ChannelProvider, ChannelAdapter<OutboundMessage, never>>;
  close(): Promise<void>;
}

/**
 * `sandboxAllowed`: whether the sandbox providers may keep messages (default: `sandboxChannelAllowed()` of this
 * process's NODE_ENV and SANDBOX_CHANNEL_ENABLED); refused, a sandbox send is `permanent/sandbox_disabled`.
 */
export function createChannelRuntime(deps: { db: Db; now?: () => Date; sandboxAllowed?: boolean }): ChannelRuntime {
  const email = createEmailAdapter();
  const adapters = {
    smtp: email,
    generic_http: createGenericSmsAdapter(),
    twilio: createTwilioAdapter(),
    aliyun: createAliyunSmsAdapter(deps),
    wechat_mp: createWechatAdapter(deps),
    webhook: createWebhookAdapter(deps),
    sandbox_sms: createSandboxAdapter('sms', deps),
    sandbox_email: createSandboxAdapter('email', deps),
    sandbox_wechat: createSandboxAdapter('wechat', deps),
  } as unknown as ChannelRuntime['adapters'];
  return { adapters, close: () => email.close() };
}

/** One runtime per database per process: SMTP pools and WeChat tokens live here. */
const runtimes = new WeakMap<Db, ChannelRuntime>();
export function channelRuntimeOf(db: Db): ChannelRuntime {
  let runtime = runtimes.get(db);
  if (!runtime) {
    runtime = createChannelRuntime({ db });
    runtimes.set(db, runtime);
  }
  return runtime;
}

export async function closeChannelRuntime(db: Db): Promise<void> {
  await runtimes.get(db)?.close();
  runtimes.delete(db);
}

export type ConfigRow = typeof channelConfigs.$inferSelect;

/** Sends of several `sendManyWithConfig` calls, counted in the month's usage in one statement per configuration. */
export class SendTally {
  private readonly sent = new Map<string, number>();
  add(configId: string, n: number): void {
    this.sent.set(configId, (this.sent.get(configId) ?? 0) + n);
  }
  async count(db: Db, now = new Date()): Promise<void> {
    for (const [configId, n] of this.sent) await countSends(db, configId, usageMonth(now), n);
    this.sent.clear();
  }
}

/** A configuration's row as stored (null: no such configuration). */
export async function configRow(db: Db, configId: string): Promise<ConfigRow | null> {
  const [row] = await db.select().from(channelConfigs).where(eq(channelConfigs.id, configId)).limit(1);
  return row ?? null;
}

/** `ChannelAdapter.inFlight` of a stored configuration: null when its adapter sets no limit or the settings are invalid. */
export function inFlightLimit(db: Db, provider: ChannelProvider, settings: unknown): number | null {
  const adapter = channelRuntimeOf(db).adapters[provider] as ChannelAdapter;
  const parsed = PROVIDERS[provider].settings.safeParse(settings);
  return adapter.inFlight && parsed.success ? adapter.inFlight(parsed.data as Record<string, unknown>) : null;
}

/** Validates stored settings (applying defaults added since they were saved) and decrypts the secrets. */
export function resolveConfig(appSecret: string, row: ConfigRow): ResolvedChannelConfig | null {
  const parsed = PROVIDERS[row.provider].settings.safeParse(row.settings);
  if (!parsed.success) return null;
  return {
    id: row.id,
    provider: row.provider,
    channel: row.channel as DeliveryChannel,
    settings: parsed.data as Record<string, unknown>,
    secrets: decryptSecrets(appSecret, row.id, row.secrets),
  };
}

export type ConfigSendResult = SendResult & { configId: string; provider: ChannelProvider | null };

/**
 * THE entry point for delivery: sends `message` through provider configuration `configId`.
 * Looks the configuration up, refuses a disabled/mismatched one (permanent), enforces the local monthly quota
 * (`local_quota_exhausted`, kind quota, without calling the provider), calls the adapter and counts the send.
 */
export async function sendWithConfig(
  ctx: { db: Db; appSecret: string },
  configId: string,
  message: OutboundMessage,
  opts: { allowDisabled?: boolean; now?: Date; runtime?: ChannelRuntime } = {},
): Promise<ConfigSendResult> {
  const startedAt = Date.now();
  const row = await configRow(ctx.db, configId);
  const tag = <R extends SendResult>(r: R) => ({ ...r, configId, provider: row?.provider ?? null });
  if (!row)
    return tag(failure('permanent', 'config_not_found', `Channel configuration ${configId} does not exist`, startedAt));
  if (!row.enabled && !opts.allowDisabled) {
    return tag(failure('permanent', 'config_disabled', `Channel configuration "${row.name}" is disabled`, startedAt));
  }
  if (row.channel !== message.channel) {
    throw new Error(`A ${message.channel} message cannot go through the ${row.channel} configuration ${configId}`);
  }
  const config = resolveConfig(ctx.appSecret, row);
  if (!config)
    return tag(failure('permanent', 'config_invalid', `Channel configuration "${row.name}" is invalid`, startedAt));
  const limit = (config.settings as CommonSettings).monthlyLimit;
  const month = usageMonth(opts.now ?? new Date());
  if (limit !== undefined && limit !== null && !(await reserveSend(ctx.db, configId, month, limit))) {
    return tag(
      failure('quota', 'local_quota_exhausted', `The monthly limit of ${limit} messages is used up`, startedAt, {
        month,
        monthlyLimit: limit,
      }),
    );
  }
  const adapter = (opts.runtime ?? channelRuntimeOf(ctx.db)).adapters[row.provider] as ChannelAdapter;
  const result = await adapter.send(message, config);
  // An `unknown` outcome may have been delivered: it counts as a send.
  const sent = result.ok || result.kind === 'unknown';
  if (limit !== undefined && limit !== null) {
    if (!sent) await releaseSend(ctx.db, configId, month);
  } else if (sent) {
    await countSend(ctx.db, configId, month);
  }
  return tag(result);
}

/**
 * `sendWithConfig` for many messages through one configuration (the batched dispatch): the configuration is read
 * once, the messages go to the adapter concurrently (its pooled transport spreads them over its connections) and the
 * month's usage is counted in one update. A configuration with a monthly limit keeps the per-message reservation of
 * `sendWithConfig` (the limit must hold under concurrency). Results are in the order of `messages`. `onAnswered`: called
 * as each message's send ends (the dispatch gives its connection slot back then, not after the whole group). `row`:
 * the configuration as the caller read it for this batch (`configRow`), instead of reading it again. `tally`: the
 * sends are added to it, for the caller to count once for many calls (`SendTally.count`).
 */
export async function sendManyWithConfig(
  ctx: { db: Db; appSecret: string },
  configId: string,
  messages: OutboundMessage[],
  opts: { now?: Date; onAnswered?: () => void; row?: ConfigRow | null; tally?: SendTally } = {},
): Promise<(ConfigSendResult | ThrownSend)[]> {
  if (!messages.length) return [];
  const row = opts.row !== undefined ? opts.row : await configRow(ctx.db, configId);
  const config = row?.enabled ? resolveConfig(ctx.appSecret, row) : null;
  const limit = config ? (config.settings as CommonSettings).monthlyLimit : undefined;
  if (!row || !config || (limit !== undefined && limit !== null)) {
    // Missing, disabled, invalid or limited: the one-message path says why (or reserves the allowance) per message.
    return Promise.all(
      messages.map((m) =>
        sendWithConfig(ctx, configId, m, opts)
          .catch((thrown: unknown) => ({ thrown }))
          .finally(opts.onAnswered),
      ),
    );
  }
  for (const m of messages)
    if (row.channel !== m.channel)
      throw new Error(`A ${m.channel} message cannot go through the ${row.channel} configuration ${configId}`);
  const adapter = channelRuntimeOf(ctx.db).adapters[row.provider] as ChannelAdapter;
  const settled = await Promise.allSettled(messages.map((m) => adapter.send(m, config).finally(opts.onAnswered)));
  // An `unknown` outcome may have been delivered: it counts as a send (a throw too: nothing says it was not sent).
  const sent = settled.filter((r) => r.status === 'rejected' || r.value.ok || r.value.kind === 'unknown').length;
  if (opts.tally) opts.tally.add(configId, sent);
  else await countSends(ctx.db, configId, usageMonth(opts.now ?? new Date()), sent);
  return settled.map((r) =>
    r.status === 'fulfilled' ? { ...r.value, configId, provider: row.provider } : { thrown: r.reason },
  );
}

/** An adapter that threw instead of answering: the caller treats the send like a run that died during it. */
export interface ThrownSend {
  thrown: unknown;
}
