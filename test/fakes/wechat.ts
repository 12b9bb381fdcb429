import { randomBytes } from 'node:crypto';
import { HttpFake } from './http-fake.js';

interface Token {
  expiresAt: number;
  valid: boolean;
}

/**
 * The WeChat Official Account API as Rateloop uses it: `GET /cgi-bin/token` (client_credential) and
 * `POST /cgi-bin/message/template/send?access_token=…`. Tokens expire after `tokenTtlSeconds`; a followers list and
 * template ids decide 43004 / 40003 / 40037; `tokenFetches` counts token requests so tests can prove caching.
 */
export class WechatFake extends HttpFake {
  tokenFetches = 0;
  readonly sent: {
    touser: string;
    template_id: string;
    url: string;
    data: Record<string, { value: string }>;
    client_msg_id?: string;
  }[] = [];
  private tokens = new Map<string, Token>();
  private errcodes: number[] = [];
  tokenTtlSeconds = 7200;

  constructor(
    readonly appId = 'wx1234567890abcdef',
    readonly appSecret = 'wechat-app-secret-0123456789',
    readonly followers = new Set(['oFollower_OPENID_0001']),
    readonly templateIds = new Set(['TPL_rating_invite_01']),
    readonly knownOpenIds = new Set(['oFollower_OPENID_0001', 'oUnfollowed_OPENID_02']),
  ) {
    super((req) => {
      if (req.method === 'GET' && req.path === '/cgi-bin/token') {
        this.tokenFetches++;
        if (req.query.get('grant_type') !== 'client_credential')
          return { status: 200, body: { errcode: 40002, errmsg: 'invalid grant_type' } };
        if (req.query.get('appid') !== this.appId)
          return { status: 200, body: { errcode: 40013, errmsg: 'invalid appid' } };
        if (req.query.get('secret') !== this.appSecret)
          return { status: 200, body: { errcode: 40125, errmsg: 'invalid appsecret' } };
        const token = randomBytes(48).toString('base64url');
        this.tokens.set(token, { expiresAt: Date.now() + this.tokenTtlSeconds * 1000, valid: true });
        return { status: 200, body: { access_token: token, expires_in: this.tokenTtlSeconds } };
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
        if (!this.templateIds.has(body.template_id))
          return { status: 200, body: { errcode: 40037, errmsg: 'invalid template_id' } };
        this.sent.push(body);
        return { status: 200, body: { errcode: 0, errmsg: 'ok', msgid: 200228332 + this.sent.length } };
      }
      return { status: 404, body: { errcode: 44002, errmsg: 'not found' } };
    });
  }

  /** The next `n` sends with a valid token answer `errcode` (e.g. -1 busy, 45009 daily limit). */
  failNext(n: number, errcode: number): void {
    for (let i = 0; i < n; i++) this.errcodes.push(errcode);
  }

  /** Every issued token stops working (as when another party fetched a new one long ago). */
  invalidateTokens(): void {
    for (const t of this.tokens.values()) t.valid = false;
  }
}
