import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { channelConfigs } from '../../db/schema/channels.js';
import type { ResolvedChannelConfig } from './adapter.js';
import type { AliyunSettings } from './providers.js';
import { resolveConfig } from './runtime.js';
import { queryAliyunSend, type SendLookup } from './sms-aliyun.adapter.js';

export type { SendLookup };

/**
 * After an ambiguous failure (a timeout: the provider may have accepted the message), asks the provider whether the
 * message sent with `outId` was accepted, so the delivery job re-sends only if it was not. Providers that neither
 * dedupe on our key nor can be asked answer `unsupported`. Aliyun: QuerySendDetails (sms-aliyun.adapter.ts).
 */
export async function lookupSend(
  ctx: { db: Db; appSecret: string },
  configId: string,
  q: { to: string; outId: string; sentAt: Date },
): Promise<SendLookup | { status: 'unsupported' }> {
  const [row] = await ctx.db.select().from(channelConfigs).where(eq(channelConfigs.id, configId)).limit(1);
  if (row?.provider !== 'aliyun') return { status: 'unsupported' };
  const config = resolveConfig(ctx.appSecret, row);
  if (!config) return { status: 'unknown', detail: 'the configuration is invalid' };
  return queryAliyunSend(config as ResolvedChannelConfig<AliyunSettings>, q);
}

/** Providers that can be asked whether a message was accepted (see lookupSend). */
export const LOOKUP_PROVIDERS: ReadonlySet<string> = new Set(['aliyun']);

/** Failure codes after which the provider may have accepted the message (the answer was lost, not a refusal). */
export const AMBIGUOUS_CODES: ReadonlySet<string> = new Set(['timeout', 'ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']);
