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
