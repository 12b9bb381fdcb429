/**
 * WeChat web authorisation (网页授权) with `snsapi_base`, for the customer portal (issue 20): inside WeChat's in-app
 * browser the portal sends the customer to WeChat's authorize page, WeChat sends them back with a one-time `code`
 * (valid 5 minutes, usable once), and the server exchanges it for the customer's openid under the Official Account —
 * silently, no consent screen. Documentation:
 * https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 * - authorize: `GET https://open.weixin.qq.com/connect/oauth2/authorize?appid=APPID&redirect_uri=REDIRECT_URI
 *   &response_type=code&scope=snsapi_base&state=STATE#wechat_redirect` (the redirect URI's domain must be the
 *   account's 网页授权域名);
 * - exchange: `GET https://api.weixin.qq.com/sns/oauth2/access_token?appid=APPID&secret=SECRET&code=CODE
 *   &grant_type=authorization_code` → `{ access_token, expires_in, refresh_token, openid, scope }` or
 *   `{ errcode, errmsg }` (40029 invalid code, 40163 code been used, 40125 invalid appsecret, 40013 invalid appid).
 * The Official Account is the first enabled `wechat_mp` channel: the one whose template messages reach the openid.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { channelConfigs } from '../../db/schema/channels.js';
import { DEFAULT_TIMEOUT_MS, httpCall, isFailure } from './adapter.js';
import type { WechatSettings } from './providers.js';
import { resolveConfig } from './runtime.js';

export interface WechatWebAuth {
  appId: string;
  authorizeUrl(redirectUri: string, state: string): string;
  /** The openid behind an authorisation code, or why not (WeChat's errcode, or a network failure). */
  exchange(code: string): Promise<{ ok: true; openId: string } | { ok: false; reason: string }>;
}

/** Web authorisation through the first enabled Official Account channel, or null when there is none. */
export async function wechatWebAuth(db: DbOrTx, appSecret: string): Promise<WechatWebAuth | null> {
  const [row] = await db
    .select()
    .from(channelConfigs)
    .where(and(eq(channelConfigs.provider, 'wechat_mp'), eq(channelConfigs.enabled, true)))
    .orderBy(asc(channelConfigs.createdAt), asc(channelConfigs.id))
    .limit(1);
  const config = row ? resolveConfig(appSecret, row) : null;
  if (!config) return null;
  const s = config.settings as WechatSettings;
  const secret = config.secrets.appSecret ?? '';
  return {
    appId: s.appId,
    authorizeUrl: (redirectUri, state) => {
      const q = new URLSearchParams({
        appid: s.appId,
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: 'snsapi_base',
        state,
      });
      // WeChat wants the parameters in this order and the `#wechat_redirect` fragment.
      return `${s.authorizeBaseUrl.replace(/\/+$/, '')}/connect/oauth2/authorize?${q}#wechat_redirect`;
    },
    exchange: async (code) => {
      const q = new URLSearchParams({ appid: s.appId, secret, code, grant_type: 'authorization_code' });
      const answer = await httpCall(
        `${s.baseUrl.replace(/\/+$/, '')}/sns/oauth2/access_token?${q}`,
        { method: 'GET' },
        s.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        Date.now(),
      );
      if (isFailure(answer)) return { ok: false, reason: answer.code };
      const body = answer.json as { openid?: unknown; errcode?: unknown } | null;
      if (answer.status === 200 && typeof body?.openid === 'string' && /^[\w-]{1,128}$/.test(body.openid)) {
        return { ok: true, openId: body.openid };
      }
      return {
        ok: false,
        reason: typeof body?.errcode === 'number' ? `wechat_${body.errcode}` : `http_${answer.status}`,
      };
    },
  };
}
