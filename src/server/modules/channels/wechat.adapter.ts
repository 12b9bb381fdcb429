import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { channelTokens } from '../../db/schema/channels.js';
import { checkWechatValue, wechatFieldType } from '../message-templates/wechat-fields.js';
import {
  assertChannel,
  type ChannelAdapter,
  DEFAULT_TIMEOUT_MS,
  type FailureKind,
  failure,
  httpCall,
  isFailure,
  type ResolvedChannelConfig,
  type SendFailure,
  type SendResult,
  success,
  type WechatMessage,
} from './adapter.js';
import type { WechatSettings } from './providers.js';

/**
 * Official Account global return codes we act on (公众号全局返回码,
 * https://developers.weixin.qq.com/doc/oplatform/developers/errCode/errCode.html).
 */
const WECHAT_CODES: Record<number, FailureKind> = {
  [-1]: 'transient', // 系统繁忙 system busy
  45009: 'quota', // reach max api daily quota limit
  45011: 'transient', // api minute-quota reach limit, retry next minute
  // "Sending messages to this openid too frequently, please try later": a per-recipient frequency limit, not a
  // refusal — the same message goes through hours later. WeChat publishes no window, so we back off for hours
  // (https://developers.weixin.qq.com/community/personal/oCJUsw6XPYsZD0BG1y6LFRf5XidQ/follow).
  43117: 'transient',
  43004: 'permanent', // require subscribe: the user has not followed the Official Account
  40003: 'permanent', // invalid openid
  40037: 'permanent', // invalid template_id
  // "argument invalid! data.<field>.value invalid": a category-template field broke its type's rule (thing ≤ 20
  // characters, character_string without Chinese, …); the same value fails again, so never retried
  // (https://developers.weixin.qq.com/community/develop/doc/000248ab548310582150be66f6bc00). Rateloop checks the
  // rules before sending (message-templates/wechat-fields.ts), so this means the account's template differs.
  47003: 'permanent',
  40013: 'permanent', // invalid appid
  40125: 'permanent', // invalid appsecret
  40164: 'permanent', // caller IP not in the account's whitelist
  48001: 'permanent', // api unauthorized
};
/** Back-off after 43117 (too many messages to one follower): hours, not the minute of a rate limit. */
export const WECHAT_RECIPIENT_BACKOFF_SECONDS = 4 * 3600;

/** The access token is invalid or expired: fetch a new one and retry once. */
const TOKEN_INVALID = new Set([40001, 42001, 40014]);

export function classifyWechatErrcode(errcode: number): FailureKind {
  return WECHAT_CODES[errcode] ?? (errcode < 0 ? 'transient' : 'permanent');
}

/** Refresh this long before the token's announced expiry, so a token never expires between fetch and use. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

interface CachedToken {
  fingerprint: string;
  token: string;
  expiresAt: Date;
}

const wechatFailure = (body: { errcode: number; errmsg?: string }, startedAt: number): SendFailure =>
  failure(
    classifyWechatErrcode(body.errcode),
    String(body.errcode),
    body.errmsg ?? 'WeChat error',
    startedAt,
    body,
    body.errcode === 45011 ? 60 : body.errcode === 43117 ? WECHAT_RECIPIENT_BACKOFF_SECONDS : undefined,
  );

/**
 * WeChat Official Account template messages. The access token comes from the stable-token endpoint
 * (`POST /cgi-bin/stable_token`, https://developers.weixin.qq.com/doc/service/api/base/api_getstableaccesstoken):
 * its tokens are isolated from `/cgi-bin/token`'s, so another system on the same AppID fetching a token the old way
 * no longer retires ours (and ours not theirs); in normal mode (`force_refresh: false`) a repeated call returns the
 * same token while it is valid (WeChat renews it 5 minutes before expiry). Force-refresh mode retires the previous
 * token and is limited to 20 calls a day, 30 s apart: we use it only when WeChat rejected the very token normal mode
 * gives back. The token (2 h) is cached in memory per process and in `channel_tokens` for every process on the
 * database; a refresh takes a row lock so processes never race each other to fetch.
 */
export function createWechatAdapter(deps: { db: DbOrTx; now?: () => Date }): ChannelAdapter<
  WechatMessage,
  WechatSettings
> & {
  accessToken(config: ResolvedChannelConfig<WechatSettings>): Promise<string | SendFailure>;
} {
  const now = deps.now ?? (() => new Date());
  const memory = new Map<string, CachedToken>();
  const fresh = (expiresAt: Date | null) =>
    !!expiresAt && expiresAt.getTime() - TOKEN_REFRESH_MARGIN_MS > now().getTime();

  async function fetchToken(config: ResolvedChannelConfig<WechatSettings>, startedAt: number, forceRefresh: boolean) {
    const s = config.settings;
    // POST JSON only (the endpoint refuses a GET or a query string).
    const answer = await httpCall(
      `${s.baseUrl.replace(/\/+$/, '')}/cgi-bin/stable_token`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credential',
          appid: s.appId,
          secret: config.secrets.appSecret ?? '',
          force_refresh: forceRefresh,
        }),
      },
      s.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      startedAt,
    );
    if (isFailure(answer)) return answer;
    const body = answer.json as { access_token?: string; expires_in?: number; errcode?: number; errmsg?: string };
    if (answer.status === 200 && body?.access_token) {
      return { token: body.access_token, expiresAt: new Date(now().getTime() + (body.expires_in ?? 7200) * 1000) };
    }
    if (body && typeof body.errcode === 'number')
      return wechatFailure({ errcode: body.errcode, errmsg: body.errmsg }, startedAt);
    return failure(
      answer.status >= 500 ? 'transient' : 'permanent',
      `http_${answer.status}`,
      'Token fetch failed',
      startedAt,
      answer.text,
    );
  }

  /** A valid token: memory, else the shared row, else a fetch under the row lock. `invalid` forces past that token. */
  async function accessToken(
    config: ResolvedChannelConfig<WechatSettings>,
    invalid?: string,
    startedAt = Date.now(),
  ): Promise<string | SendFailure> {
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([config.settings.baseUrl, config.settings.appId, config.secrets.appSecret]))
      .digest('hex');
    const mem = memory.get(config.id);
    if (mem && mem.fingerprint === fingerprint && mem.token !== invalid && fresh(mem.expiresAt)) return mem.token;
    return deps.db.transaction(async (tx) => {
      await tx.insert(channelTokens).values({ configId: config.id, fingerprint }).onConflictDoNothing();
      const [row] = await tx.select().from(channelTokens).where(eq(channelTokens.configId, config.id)).for('update');
      if (row?.token && row.fingerprint === fingerprint && row.token !== invalid && fresh(row.expiresAt)) {
        memory.set(config.id, { fingerprint, token: row.token, expiresAt: row.expiresAt! });
        return row.token;
      }
      let fetched = await fetchToken(config, startedAt, false);
      // Normal mode handed back the token WeChat just rejected (it still believes it valid): force a new one.
      if (!('ok' in fetched) && invalid !== undefined && fetched.token === invalid) {
        fetched = await fetchToken(config, startedAt, true);
      }
      if ('ok' in fetched) return fetched;
      await tx
        .update(channelTokens)
        .set({ fingerprint, token: fetched.token, expiresAt: fetched.expiresAt, updatedAt: now() })
        .where(eq(channelTokens.configId, config.id));
      memory.set(config.id, { fingerprint, ...fetched });
      return fetched.token;
    });
  }

  return {
    channel: 'wechat',
    provider: 'wechat_mp',
    accessToken: (config) => accessToken(config),
    async send(message, config): Promise<SendResult> {
      assertChannel(message, 'wechat');
      const startedAt = Date.now();
      const s = config.settings;
      if (!message.templateId) {
        return failure('permanent', 'template_not_configured', 'No WeChat template id is configured', startedAt);
      }
      // A value WeChat would refuse with 47003 (a thing over 20 characters that could not be cut, Chinese in a
      // character_string, a time in another format) is refused here, naming the field, without calling WeChat.
      for (const [key, value] of Object.entries(message.data)) {
        const type = wechatFieldType(key);
        const problem = type ? checkWechatValue(type, value) : null;
        if (type && problem) {
          return failure(
            'permanent',
            problem.code,
            `The value of ${key} is not a valid WeChat ${type} value${problem.code === 'wechat_field_too_long' ? ` (at most ${problem.max} characters)` : ''}: ${JSON.stringify(value)}`,
            startedAt,
          );
        }
      }
      const body = JSON.stringify({
        touser: message.to,
        template_id: message.templateId,
        url: message.url,
        data: Object.fromEntries(Object.entries(message.data).map(([k, value]) => [k, { value }])),
        // WeChat drops a second message with the same openid + client_msg_id (within its dedupe window).
        client_msg_id: message.idempotencyKey.slice(0, 64),
      });
      let invalid: string | undefined;
      for (let attempt = 0; attempt < 2; attempt++) {
        const token = await accessToken(config, invalid, startedAt);
        if (typeof token !== 'string') return token;
        const url = `${s.baseUrl.replace(/\/+$/, '')}/cgi-bin/message/template/send?access_token=${encodeURIComponent(token)}`;
        const answer = await httpCall(
          url,
          { method: 'POST', headers: { 'content-type': 'application/json' }, body },
          s.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          startedAt,
        );
        if (isFailure(answer)) return answer;
        const res = answer.json as { errcode?: number; errmsg?: string; msgid?: number | string } | null;
        if (answer.status !== 200 || !res || typeof res.errcode !== 'number') {
          return failure(
            answer.status >= 500 ? 'transient' : 'permanent',
            `http_${answer.status}`,
            'Unexpected answer',
            startedAt,
            answer.text,
          );
        }
        if (res.errcode === 0) return success(startedAt, res, res.msgid !== undefined ? String(res.msgid) : undefined);
        if (TOKEN_INVALID.has(res.errcode) && attempt === 0) {
          invalid = token;
          continue;
        }
        return wechatFailure({ errcode: res.errcode, errmsg: res.errmsg }, startedAt);
      }
      return failure('transient', 'token_invalid', 'The access token was rejected twice', startedAt);
    },
  };
}
