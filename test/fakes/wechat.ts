import { randomBytes } from 'node:crypto';
import { HttpFake } from './http-fake.js';

interface Token {
  expiresAt: number;
  valid: boolean;
  /** `classic` from GET /cgi-bin/token, `stable` from POST /cgi-bin/stable_token: the two never affect each other. */
  kind: 'classic' | 'stable';
}

/**
 * WeChat's category-template field rules (类目模板消息参数值内容限制), written here independently of Rateloop's own
 * checker so a misunderstanding in one is caught by the other. Source:
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html#类目模板消息
 * Each field key is its type plus a number (`thing2`, `character_string1`, `time3`).
 */
const HAN = /\p{Script=Han}/u;
const len = (s: string) => [...s].length;
const DATE = String.raw`(?:\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日|\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?|\d{1,2}[-/.]\d{1,2})`;
const CLOCK = String.raw`\d{1,2}:\d{2}(?::\d{2})?`;
const range = (one: string) => new RegExp(`^${one}(?:\\s*~\\s*${one})?$`);
const FIELD_RULES: Record<string, (v: string) => boolean> = {
  thing: (v) => len(v) <= 20,
  number: (v) => /^-?\d+(\.\d+)?$/.test(v) && len(v) <= 32,
  letter: (v) => /^[A-Za-z]{1,32}$/.test(v),
  symbol: (v) => len(v) <= 5 && !/[\p{L}\p{N}]/u.test(v),
  character_string: (v) => /^[\x20-\x7E]{1,32}$/.test(v),
  time: (v) => range(`(?:${DATE}\\s*)?${CLOCK}`).test(v),
  date: (v) => range(`${DATE}(?:\\s*${CLOCK})?`).test(v),
  amount: (v) => /^[¥￥$€£]?\d{1,10}(\.\d{1,2})?元?$/.test(v),
  phone_number: (v) => /^[\d+\-() ]{1,17}$/.test(v),
  car_number: (v) => len(v) <= 8 && /^\p{Script=Han}?[A-Za-z0-9]+\p{Script=Han}?$/u.test(v),
  name: (v) => (HAN.test(v) ? len(v) <= 10 : len(v) <= 20 && !/\d/.test(v)),
  phrase: (v) => /^\p{Script=Han}{1,5}$/u.test(v),
};

/** A category template as the account holds it: its field keys. */
export type FakeTemplate = readonly string[];

/**
 * The WeChat Official Account API as Rateloop uses it:
 * - `POST /cgi-bin/stable_token` (JSON `{grant_type, appid, secret, force_refresh}`): normal mode answers the same
 *   token while it is valid; `force_refresh: true` retires it and issues a new one.
 * - `GET /cgi-bin/token` (the classic endpoint): every call retires the previous classic token — as when a second
 *   system on the same AppID fetches one (`otherSystemFetchesToken`) — but never a stable one
 *   (https://developers.weixin.qq.com/doc/service/api/base/api_getstableaccesstoken: "与 getAccessToken 获取的调用凭证完全隔离").
 * - `POST /cgi-bin/message/template/send?access_token=…`: a followers list and template ids decide 43004 / 40003 /
 *   40037; the `data` of a category template is checked field by field (unknown keys, `first`/`remark`, which WeChat
 *   dropped on 2023-05-04, and each type's rule) and refused with 47003 and WeChat's own message; 43117 on demand.
 * - Web authorisation (https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html):
 *   `GET /connect/oauth2/authorize?appid&redirect_uri&response_type=code&scope&state` — as the WeChat in-app browser
 *   of the user `webAuthUser` — answers 302 to `redirect_uri?code=CODE&state=STATE` (snsapi_base: no consent screen)
 *   when the app id is right and the redirect URI's host is an authorised domain (网页授权域名), else WeChat's error
 *   page; `GET /sns/oauth2/access_token?appid&secret&code&grant_type=authorization_code` exchanges a code — valid
 *   5 minutes, once ("code只能使用一次，5分钟未被使用自动过期") — for `{access_token, expires_in, refresh_token, openid,
 *   scope}`, or 40029 invalid code, 40163 code been used, 40013 / 40125 wrong app id / secret.
 * `tokenFetches` counts token requests (either endpoint) so tests can prove caching.
 */
export class WechatFake extends HttpFake {
  tokenFetches = 0;
  forcedRefreshes = 0;
  readonly sent: {
    touser: string;
    template_id: string;
    url: string;
    data: Record<string, { value: string }>;
    client_msg_id?: string;
  }[] = [];
  private tokens = new Map<string, Token>();
  private currentStable: string | null = null;
  private errcodes: number[] = [];
  /** Openids that get 43117 ("too frequently") on their next sends. */
  private throttled = new Map<string, number>();
  tokenTtlSeconds = 7200;
  /** The WeChat user whose in-app browser follows the authorize redirects (null: not signed in to WeChat). */
  webAuthUser: string | null = null;
  /** Hosts (`host:port`) the account lists as 网页授权域名. */
  readonly authorisedDomains = new Set<string>();
  private authCodes = new Map<string, { openId: string; expiresAt: number; used: boolean; scope: string }>();
  /** How long an authorisation code lives (WeChat: 5 minutes). */
  authCodeTtlMs = 5 * 60_000;

  constructor(
    readonly appId = 'wx1234567890abcdef',
    readonly appSecret = 'wechat-app-secret-0123456789',
    readonly followers = new Set(['oFollower_OPENID_0001']),
    /** Template id → its field keys (the default: Rateloop's default invitation fields). */
    readonly templates = new Map<string, FakeTemplate>([
      ['TPL_rating_invite_01', ['character_string1', 'thing2', 'time3', 'thing4']],
    ]),
    readonly knownOpenIds = new Set(['oFollower_OPENID_0001', 'oUnfollowed_OPENID_02']),
  ) {
    super((req) => {
      if (req.method === 'GET' && req.path === '/connect/oauth2/authorize') return this.authorize(req.query);
      if (req.method === 'GET' && req.path === '/sns/oauth2/access_token') return this.exchangeCode(req.query);
      if (req.path === '/cgi-bin/token') {
        this.tokenFetches++;
        if (req.method !== 'GET') return { status: 200, body: { errcode: 43001, errmsg: 'require GET method' } };
        const denied = this.credentialsError(
          req.query.get('grant_type'),
          req.query.get('appid'),
          req.query.get('secret'),
        );
        if (denied) return denied;
        for (const t of this.tokens.values()) if (t.kind === 'classic') t.valid = false;
        return { status: 200, body: this.issue('classic') };
      }
      if (req.path === '/cgi-bin/stable_token') {
        this.tokenFetches++;
        if (req.method !== 'POST') return { status: 200, body: { errcode: 43002, errmsg: 'require POST method' } };
        let body: { grant_type?: string; appid?: string; secret?: string; force_refresh?: boolean };
        try {
          body = JSON.parse(req.body);
        } catch {
          return { status: 200, body: { errcode: 47001, errmsg: 'data format error' } };
        }
        const denied = this.credentialsError(body.grant_type, body.appid, body.secret);
        if (denied) return denied;
        const current = this.currentStable ? this.tokens.get(this.currentStable) : undefined;
        if (body.force_refresh === true) {
          this.forcedRefreshes++;
          if (current) current.valid = false;
        } else if (current?.valid && current.expiresAt > Date.now()) {
          const expiresIn = Math.floor((current.expiresAt - Date.now()) / 1000);
          return { status: 200, body: { access_token: this.currentStable, expires_in: expiresIn } };
        }
        const issued = this.issue('stable');
        this.currentStable = issued.access_token;
        return { status: 200, body: issued };
      }
      if (req.method === 'POST' && req.path === '/cgi-bin/message/template/send') {
        const token = this.tokens.get(req.query.get('access_token') ?? '');
        if (!token?.valid)
          return {
            status: 200,
            body: { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' },
          };
        if (token.expiresAt <= Date.now())
          return { status: 200, body: { errcode: 42001, errmsg: 'access_token expired' } };
        const scripted = this.errcodes.shift();
        if (scripted !== undefined) return { status: 200, body: { errcode: scripted, errmsg: `scripted ${scripted}` } };
        const body = JSON.parse(req.body) as WechatFake['sent'][number];
        if (!this.knownOpenIds.has(body.touser))
          return { status: 200, body: { errcode: 40003, errmsg: 'invalid openid' } };
        if (!this.followers.has(body.touser))
          return { status: 200, body: { errcode: 43004, errmsg: 'require subscribe' } };
        const template = this.templates.get(body.template_id);
        if (!template) return { status: 200, body: { errcode: 40037, errmsg: 'invalid template_id' } };
        const bad = this.invalidField(template, body.data ?? {});
        if (bad) {
          return {
            status: 200,
            body: { errcode: 47003, errmsg: `argument invalid! data.${bad}.value invalid rid: ${this.rid()}` },
          };
        }
        const throttled = this.throttled.get(body.touser) ?? 0;
        if (throttled > 0) {
          this.throttled.set(body.touser, throttled - 1);
          return {
            status: 200,
            body: {
              errcode: 43117,
              errmsg: `Sending messages to this openid too frequently,please try later rid: ${this.rid()}`,
            },
          };
        }
        this.sent.push(body);
        return { status: 200, body: { errcode: 0, errmsg: 'ok', msgid: 200228332 + this.sent.length } };
      }
      return { status: 404, body: { errcode: 44002, errmsg: 'not found' } };
    });
  }

  /** WeChat's authorize page: an error page it shows in the in-app browser, or the redirect back with a code. */
  private authorize(q: URLSearchParams) {
    const page = (text: string) => ({
      status: 200,
      body: text,
      headers: { 'content-type': 'text/html; charset=utf-8' },
    });
    if (q.get('appid') !== this.appId) return page('appid 参数错误');
    if (q.get('response_type') !== 'code') return page('response_type 参数错误');
    const scope = q.get('scope') ?? '';
    if (scope !== 'snsapi_base' && scope !== 'snsapi_userinfo') return page('scope 参数错误或没有 scope 权限');
    let redirect: URL;
    try {
      redirect = new URL(q.get('redirect_uri') ?? '');
    } catch {
      return page('redirect_uri 参数错误');
    }
    if (!this.authorisedDomains.has(redirect.host)) return page('redirect_uri 域名与后台配置不一致，错误码 10003');
    if (!this.webAuthUser) return page('请在微信客户端打开链接');
    const code = randomBytes(16).toString('hex');
    this.authCodes.set(code, {
      openId: this.webAuthUser,
      expiresAt: Date.now() + this.authCodeTtlMs,
      used: false,
      scope,
    });
    redirect.searchParams.set('code', code);
    redirect.searchParams.set('state', q.get('state') ?? '');
    return { status: 302, headers: { location: redirect.toString() } };
  }

  private exchangeCode(q: URLSearchParams) {
    if (q.get('grant_type') !== 'authorization_code')
      return { status: 200, body: { errcode: 40002, errmsg: 'invalid grant_type' } };
    if (q.get('appid') !== this.appId) return { status: 200, body: { errcode: 40013, errmsg: 'invalid appid' } };
    if (q.get('secret') !== this.appSecret)
      return { status: 200, body: { errcode: 40125, errmsg: 'invalid appsecret' } };
    const entry = this.authCodes.get(q.get('code') ?? '');
    if (!entry || entry.expiresAt <= Date.now())
      return { status: 200, body: { errcode: 40029, errmsg: `invalid code rid: ${this.rid()}` } };
    if (entry.used) return { status: 200, body: { errcode: 40163, errmsg: `code been used rid: ${this.rid()}` } };
    entry.used = true;
    return {
      status: 200,
      body: {
        access_token: randomBytes(32).toString('base64url'),
        expires_in: 7200,
        refresh_token: randomBytes(32).toString('base64url'),
        openid: entry.openId,
        scope: entry.scope,
        is_snapshotuser: 0,
      },
    };
  }

  private rid(): string {
    return randomBytes(12)
      .toString('hex')
      .replace(/^(.{8})(.{8})(.{8})$/, '$1-$2-$3');
  }

  private credentialsError(grantType: unknown, appId: unknown, secret: unknown) {
    if (grantType !== 'client_credential')
      return { status: 200, body: { errcode: 40002, errmsg: 'invalid grant_type' } };
    if (appId !== this.appId) return { status: 200, body: { errcode: 40013, errmsg: 'invalid appid' } };
    if (secret !== this.appSecret) return { status: 200, body: { errcode: 40125, errmsg: 'invalid appsecret' } };
    return null;
  }

  private issue(kind: Token['kind']) {
    const token = randomBytes(48).toString('base64url');
    this.tokens.set(token, { expiresAt: Date.now() + this.tokenTtlSeconds * 1000, valid: true, kind });
    return { access_token: token, expires_in: this.tokenTtlSeconds };
  }

  /** The first field WeChat would refuse: a key the template lacks (incl. first/remark) or a value against its type. */
  private invalidField(template: FakeTemplate, data: Record<string, { value?: unknown }>): string | null {
    for (const [key, entry] of Object.entries(data)) {
      if (!template.includes(key)) return key;
      const value = entry?.value;
      if (typeof value !== 'string' || value.length === 0 || /\p{Cc}/u.test(value)) return key;
      const type = key.replace(/\d+$/, '');
      const rule = FIELD_RULES[type];
      if (rule && !rule(value)) return key;
    }
    return null;
  }

  /** The next `n` sends with a valid token answer `errcode` (e.g. -1 busy, 45009 daily limit). */
  failNext(n: number, errcode: number): void {
    for (let i = 0; i < n; i++) this.errcodes.push(errcode);
  }

  /** The next `n` sends to `openId` answer 43117 (too many messages to this follower). */
  throttle(openId: string, n = 1): void {
    this.throttled.set(openId, n);
  }

  /** Every issued token stops working (as when another party force-refreshed long ago). */
  invalidateTokens(): void {
    for (const t of this.tokens.values()) t.valid = false;
    this.currentStable = null;
  }

  /** A second system on the same AppID fetches a token from the classic `/cgi-bin/token` (retiring classic tokens). */
  otherSystemFetchesToken(): void {
    for (const t of this.tokens.values()) if (t.kind === 'classic') t.valid = false;
    this.issue('classic');
  }

  /** A second system force-refreshes the stable token: ours is retired, normal mode now answers the new one. */
  otherSystemForcesStableRefresh(): void {
    if (this.currentStable) this.tokens.get(this.currentStable)!.valid = false;
    this.currentStable = this.issue('stable').access_token;
  }
}
