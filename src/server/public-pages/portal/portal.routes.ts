/**
 * The customer portal under `/c/` (issue 20): sign-in by a one-time code texted to the customer's mobile or e-mailed
 * (with a one-click link), or — inside WeChat — by WeChat web authorisation once the customer's openid is known;
 * then the customer's own work orders. Server-rendered, no JavaScript, Post/Redirect/Get. Cookies (httpOnly,
 * SameSite=Lax): `rl_portal` the session (path `/`: the rating page asks it when the organisation requires sign-in
 * to rate); under `/c/`, signed and short-lived: `rl_portal_to` the address a code was sent to, `rl_portal_wx` an
 * openid WeChat vouched for that waits for its contact, `rl_portal_wxs` the WeChat round trip's state,
 * `rl_portal_next` the rating page to return to — so no address ever appears in a URL or a log line.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type PageLang, pickLanguage } from '../../../common/rating-page/index.js';
import type { AppContext } from '../../context.js';
import { type HitCounter, memoryHitCounter, postgresHitCounter } from '../../http/hit-counter.js';
import { wechatWebAuth } from '../../modules/channels/wechat-web-auth.js';
import { toE164 } from '../../modules/follow-ups/call-centre/adapter.js';
import {
  CODE_VALID_MINUTES,
  type CodeChannel,
  redeemSignInLink,
  requestSignInCode,
  signInLinkState,
  verifySignInCode,
} from '../../modules/portal/codes.js';
import { sendSignInCodeJob } from '../../modules/portal/portal.jobs.js';
import { confirmName, portalHome, setInvitationsWanted } from '../../modules/portal/portal.service.js';
import {
  createPortalSession,
  endPortalSession,
  PORTAL_COOKIE,
  type PortalSession,
  portalSessionOf,
  SESSION_DAYS,
} from '../../modules/portal/sessions.js';
import { organisationProfile } from '../../modules/ratings/page-context.js';
import { contactOfWechatOpenId, recordWechatOpenId } from '../../modules/work-orders/contact-wechat.js';
import { field } from '../form-body.js';
import { logoOrigin, seeOther, sendCustomerHtml } from '../html-response.js';
import { formFields } from '../rating-page.routes.js';
import {
  portalCsp,
  renderCodePage,
  renderHomePage,
  renderLinkPage,
  renderSignInPage,
  type SignInNote,
} from './portal-render.js';
import { pt } from './portal-strings.js';

const PENDING_COOKIE = 'rl_portal_to';
const WECHAT_COOKIE = 'rl_portal_wx';
const WECHAT_STATE_COOKIE = 'rl_portal_wxs';
const NEXT_COOKIE = 'rl_portal_next';
const PATH = '/c/';
const PENDING_MINUTES = 15;
/** A page the portal may send a customer back to after sign-in: a rating page. */
export const RETURNABLE = /^\/r\/[A-Za-z0-9_-]{10,200}$/;
const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;
const inWechat = (req: FastifyRequest) => /MicroMessenger/i.test(req.headers['user-agent'] ?? '');
/** Codes one client address may ask for per hour, across numbers (the per-number limits are in codes.ts). */
export const CODES_PER_IP_PER_HOUR = 10;

type PortalRequest = FastifyRequest<{ Querystring: { lang?: string } }>;

const langOf = (req: FastifyRequest, posted?: string | null): PageLang => {
  const asked = posted ?? (req.query as { lang?: string } | undefined)?.lang;
  return asked === 'en' || asked === 'zh-CN' ? asked : pickLanguage(null, req.headers['accept-language']);
};

/** `+8613800001111` → `138****1111`; other numbers keep their first and last four digits. */
export function maskPhone(e164: string): string {
  const local = e164.startsWith('+86') ? e164.slice(3) : e164;
  return local.length <= 8 ? local : `${local.slice(0, local.length - 8)}****${local.slice(-4)}`;
}

/** `li.lei@example.com` → `l***i@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  return `${local.length <= 2 ? `${local[0] ?? ''}*` : `${local[0]}***${local.slice(-1)}`}${email.slice(at)}`;
}

/** How an address shows on a page: a masked number, or a masked e-mail. */
const shownAddress = (address: string) =>
  address.startsWith('phone:') ? maskPhone(address.slice('phone:'.length)) : maskEmail(address.slice('email:'.length));

const sealMac = (secret: string, purpose: string, value: string) =>
  createHmac('sha256', secret).update(`portal-${purpose}:${value}`).digest().subarray(0, 16).toString('base64url');

/** A cookie value only this server can have made: `base64url(value).until.mac`. */
function seal(secret: string, purpose: string, value: string, until: number): string {
  const body = `${Buffer.from(value).toString('base64url')}.${until}`;
  return `${body}.${sealMac(secret, purpose, body)}`;
}

/** The value of a sealed cookie, or null (absent, forged, for another purpose, or past its time). */
function unseal(req: FastifyRequest, cookie: string, secret: string, purpose: string, now: Date): string | null {
  const raw = req.cookies[cookie];
  if (!raw || raw.length > 600) return null;
  const [value64, until, mac] = raw.split('.');
  if (!value64 || !until || !mac) return null;
  const expected = Buffer.from(sealMac(secret, purpose, `${value64}.${until}`));
  if (expected.length !== Buffer.from(mac).length || !timingSafeEqual(expected, Buffer.from(mac))) return null;
  if (Number(until) <= now.getTime()) return null;
  return Buffer.from(value64, 'base64url').toString('utf8');
}

export function registerPortal(app: FastifyInstance, ctx: AppContext) {
  const counter: HitCounter =
    ctx.database.kind === 'postgres' ? postgresHitCounter(ctx.database.sql) : memoryHitCounter();
  const cookieOptions = (maxAgeSeconds: number, path = PATH) => ({
    path,
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: ctx.config.cookieSecure,
    maxAge: maxAgeSeconds,
  });
  const now = () => new Date();
  const frame = async (lang: PageLang) => {
    const profile = await organisationProfile(ctx.db);
    return {
      lang,
      company: { name: profile.companyName, logoUrl: profile.logoUrl },
      timeZone: profile.timeZone,
      csp: portalCsp(logoOrigin(profile.logoUrl)),
    };
  };
  const send = (req: FastifyRequest, reply: FastifyReply, status: number, page: { csp: string }, html: string) =>
    sendCustomerHtml(req, reply, status, html, { csp: page.csp });
  const home = (lang: PageLang) => `/c/?lang=${lang}`;
  const sessionOf = (req: FastifyRequest) => portalSessionOf(ctx.db, req.cookies[PORTAL_COOKIE], now());
  const pendingAddress = (req: FastifyRequest) => unseal(req, PENDING_COOKIE, ctx.appSecret, 'pending', now());
  /** An openid WeChat vouched for in this browser that waits for the customer to prove their contact. */
  const pendingWechat = (req: FastifyRequest) => {
    const value = unseal(req, WECHAT_COOKIE, ctx.appSecret, 'wechat', now());
    const [appId, openId] = value?.split(' ') ?? [];
    return appId && openId ? { appId, openId } : null;
  };

  const signInPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: PageLang,
    opts: { status?: number; error?: string; emailError?: string; phone?: string | null; email?: string | null } = {},
  ) => {
    const page = await frame(lang);
    const asked = (req.query as { note?: string } | undefined)?.note;
    const note: SignInNote | null =
      asked === 'rate'
        ? 'signInToRate'
        : asked === 'not-yours'
          ? 'notYourRating'
          : asked === 'wechat-failed'
            ? 'wechatFailed'
            : pendingWechat(req)
              ? 'wechatFirst'
              : null;
    return send(req, reply, opts.status ?? 200, page, renderSignInPage({ ...page, ...opts, note }));
  };
  const codePage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: PageLang,
    address: string,
    status = 200,
    error?: string,
  ) => {
    const page = await frame(lang);
    return send(
      req,
      reply,
      status,
      page,
      renderCodePage({
        ...page,
        masked: shownAddress(address),
        byEmail: address.startsWith('email:'),
        validMinutes: CODE_VALID_MINUTES,
        error,
      }),
    );
  };

  /** The signed-in customer's home: their work orders (with a name error on one of them, after a wrong name). */
  const homePage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: PageLang,
    session: PortalSession,
    nameError?: { workOrderId: string; text: string },
  ) => {
    const [view, page] = await Promise.all([portalHome(ctx.db, ctx.appSecret, session, now()), frame(lang)]);
    const who = shownAddress(session.address);
    const byEmail = session.address.startsWith('email:');
    return send(
      req,
      reply,
      nameError ? 422 : 200,
      page,
      renderHomePage({ ...page, who, byEmail, home: view, nameError }),
    );
  };

  /** Asks for a code for `address` (per-IP limit first); an error text for the page, or null when sent. */
  const askForCode = async (req: FastifyRequest, reply: FastifyReply, lang: PageLang, address: string) => {
    const [perIp] = await counter.hit([`portal-code-ip:${req.ip}`], 3_600_000);
    if (perIp!.hits > CODES_PER_IP_PER_HOUR) return pt(lang, 'errorRateLimited');
    const at = now();
    const channel: CodeChannel = address.startsWith('email:') ? 'email' : 'sms';
    const result = await requestSignInCode(ctx.db, ctx.jobs, { address, channel, lang, now: at }, sendSignInCodeJob);
    if (!result.ok) {
      return result.reason === 'too_soon'
        ? pt(lang, 'errorTooSoon', { seconds: result.retryAfterSeconds })
        : pt(lang, 'errorTooMany', { minutes: Math.ceil(result.retryAfterSeconds / 60) });
    }
    const until = at.getTime() + PENDING_MINUTES * 60_000;
    reply.setCookie(
      PENDING_COOKIE,
      seal(ctx.appSecret, 'pending', address, until),
      cookieOptions(PENDING_MINUTES * 60),
    );
    return null;
  };

  /**
   * Signs the customer in as `address` (proved by a code, a link or WeChat). An openid WeChat vouched for in this
   * browser is recorded for the contact in the same transaction (its work orders and invitations take it). Then
   * back to the rating page that asked for sign-in, or home.
   */
  const signIn = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: PageLang,
    address: string,
    codeId: string | null,
  ) => {
    const at = now();
    const wechat = pendingWechat(req);
    const session = await ctx.db.transaction(async (tx) => {
      if (wechat) await recordWechatOpenId(tx, { contactKey: address, ...wechat, now: at });
      return createPortalSession(tx, { address, codeId, now: at });
    });
    reply.setCookie(PORTAL_COOKIE, session.token, cookieOptions(SESSION_DAYS * 86_400, '/'));
    reply.clearCookie(PENDING_COOKIE, { path: PATH });
    reply.clearCookie(WECHAT_COOKIE, { path: PATH });
    const next = unseal(req, NEXT_COOKIE, ctx.appSecret, 'next', at);
    reply.clearCookie(NEXT_COOKIE, { path: PATH });
    return seeOther(reply, next && RETURNABLE.test(next) ? next : home(lang));
  };

  /** `?next=/r/<token>`: remember the rating page to return to after sign-in (15 minutes). */
  const rememberNext = (req: FastifyRequest, reply: FastifyReply) => {
    const next = (req.query as { next?: string } | undefined)?.next;
    if (typeof next === 'string' && RETURNABLE.test(next)) {
      const until = now().getTime() + PENDING_MINUTES * 60_000;
      reply.setCookie(NEXT_COOKIE, seal(ctx.appSecret, 'next', next, until), cookieOptions(PENDING_MINUTES * 60));
    }
  };

  app.get('/c/', { schema: { hide: true } }, async (req: PortalRequest, reply) => {
    const lang = langOf(req);
    const session = await sessionOf(req);
    if (session) return homePage(req, reply, lang, session);
    rememberNext(req, reply);
    const pending = pendingAddress(req);
    if (pending) return codePage(req, reply, lang, pending);
    // Inside WeChat: WeChat's silent web authorisation first (no openid waiting for its contact yet).
    if (inWechat(req) && !pendingWechat(req)) {
      const wechat = await wechatWebAuth(ctx.db, ctx.appSecret);
      if (wechat) {
        const nonce = randomBytes(16).toString('base64url');
        const until = now().getTime() + 10 * 60_000;
        reply.setCookie(WECHAT_STATE_COOKIE, seal(ctx.appSecret, 'wxs', nonce, until), cookieOptions(600));
        const state = `${nonce}.${lang}`;
        return reply
          .code(302)
          .header('cache-control', 'no-store')
          .header('location', wechat.authorizeUrl(`${ctx.config.publicBaseUrl}/c/wechat`, state))
          .send();
      }
    }
    return signInPage(req, reply, lang);
  });

  /**
   * WeChat's redirect back (`?code=…&state=…`): the state must be the one this browser was given (no one else's
   * authorisation can land here), the code is exchanged for the openid server to server. A known openid signs its
   * contact in; a new one waits (sealed cookie) until the customer proves a phone or e-mail, which then records it.
   */
  app.get(
    '/c/wechat',
    { schema: { hide: true } },
    async (req: FastifyRequest<{ Querystring: { code?: string; state?: string } }>, reply) => {
      const [nonce, stateLang] = String(req.query.state ?? '').split('.');
      const lang: PageLang = stateLang === 'en' ? 'en' : 'zh-CN';
      const failed = () => seeOther(reply, `/c/sign-in?lang=${lang}&note=wechat-failed`);
      const expected = unseal(req, WECHAT_STATE_COOKIE, ctx.appSecret, 'wxs', now());
      reply.clearCookie(WECHAT_STATE_COOKIE, { path: PATH });
      const code = String(req.query.code ?? '');
      if (!expected || !nonce || nonce !== expected || !/^[\w-]{1,200}$/.test(code)) return failed();
      const wechat = await wechatWebAuth(ctx.db, ctx.appSecret);
      if (!wechat) return failed();
      const result = await wechat.exchange(code);
      if (!result.ok) {
        req.log.warn({ reason: result.reason }, 'WeChat web authorisation failed');
        return failed();
      }
      const contact = await contactOfWechatOpenId(ctx.db, wechat.appId, result.openId);
      if (contact) return signIn(req, reply, lang, contact, null);
      const until = now().getTime() + PENDING_MINUTES * 60_000;
      reply.setCookie(
        WECHAT_COOKIE,
        seal(ctx.appSecret, 'wechat', `${wechat.appId} ${result.openId}`, until),
        cookieOptions(PENDING_MINUTES * 60),
      );
      return seeOther(reply, `/c/sign-in?lang=${lang}`);
    },
  );

  app.get('/c', { schema: { hide: true } }, async (req: PortalRequest, reply) => seeOther(reply, home(langOf(req))));

  app.get('/c/sign-in', { schema: { hide: true } }, async (req: PortalRequest, reply) => {
    rememberNext(req, reply);
    return signInPage(req, reply, langOf(req));
  });

  // No Origin check: these pages send `Referrer-Policy: no-referrer`, under which a browser posts `Origin: null`.
  // The cookies are SameSite=Lax instead — a form another site posts carries neither the session nor the pending
  // address, so it reaches nothing — and asking for a code needs no cookie (it is limited per address and client).
  const formRoute = { schema: { hide: true } };

  app.post('/c/sign-in', formRoute, async (req, reply) => {
    const fields = formFields(req.body);
    const lang = langOf(req, field(fields, 'lang'));
    const raw = field(fields, 'phone', 40);
    const e164 = raw ? toE164(raw) : null;
    if (!e164) return signInPage(req, reply, lang, { status: 422, phone: raw, error: pt(lang, 'errorPhone') });
    const error = await askForCode(req, reply, lang, `phone:${e164}`);
    if (error) return signInPage(req, reply, lang, { status: 429, phone: raw, error });
    return seeOther(reply, home(lang));
  });

  app.post('/c/sign-in-email', formRoute, async (req, reply) => {
    const fields = formFields(req.body);
    const lang = langOf(req, field(fields, 'lang'));
    const raw = field(fields, 'email', 300)?.trim() ?? '';
    if (raw.length > 254 || !EMAIL.test(raw)) {
      return signInPage(req, reply, lang, { status: 422, email: raw, emailError: pt(lang, 'errorEmail') });
    }
    const error = await askForCode(req, reply, lang, `email:${raw.toLowerCase()}`);
    if (error) return signInPage(req, reply, lang, { status: 429, email: raw, emailError: error });
    return seeOther(reply, home(lang));
  });

  app.post('/c/resend', formRoute, async (req, reply) => {
    const lang = langOf(req, field(formFields(req.body), 'lang'));
    const address = pendingAddress(req);
    if (!address) return signInPage(req, reply, lang, { status: 400, error: pt(lang, 'errorNoCode') });
    const error = await askForCode(req, reply, lang, address);
    if (error) return codePage(req, reply, lang, address, 429, error);
    return seeOther(reply, home(lang));
  });

  app.post('/c/code', formRoute, async (req, reply) => {
    const fields = formFields(req.body);
    const lang = langOf(req, field(fields, 'lang'));
    const address = pendingAddress(req);
    if (!address) return signInPage(req, reply, lang, { status: 400, error: pt(lang, 'errorNoCode') });
    const code = (field(fields, 'code', 20) ?? '').replace(/\s/g, '');
    if (!/^\d{6}$/.test(code)) return codePage(req, reply, lang, address, 422, pt(lang, 'errorCode'));
    const result = await verifySignInCode(ctx.db, ctx.appSecret, { address, code, now: now() });
    if (!result.ok) {
      const key = {
        no_code: 'errorNoCode',
        expired: 'errorExpired',
        wrong: 'errorWrong',
        locked: 'errorLocked',
        used: 'errorUsed',
      } as const;
      return codePage(req, reply, lang, address, 422, pt(lang, key[result.reason]));
    }
    return signIn(req, reply, lang, address, result.codeId);
  });

  /** An e-mailed link: a page with one button (a mail scanner's GET spends nothing), whose POST signs in. */
  app.get(
    '/c/link/:token',
    { schema: { hide: true } },
    async (req: FastifyRequest<{ Params: { token: string }; Querystring: { lang?: string } }>, reply) => {
      const lang = langOf(req);
      const token = req.params.token.slice(0, 100);
      const state = await signInLinkState(ctx.db, ctx.appSecret, token, now());
      const page = await frame(lang);
      return send(
        req,
        reply,
        state.ok ? 200 : 410,
        page,
        renderLinkPage({
          ...page,
          token: state.ok ? token : null,
          who: state.ok ? shownAddress(state.address) : null,
          problem: state.ok ? null : state.reason,
        }),
      );
    },
  );

  app.post('/c/link', formRoute, async (req, reply) => {
    const fields = formFields(req.body);
    const lang = langOf(req, field(fields, 'lang'));
    const token = field(fields, 'token', 100) ?? '';
    const state = await redeemSignInLink(ctx.db, ctx.appSecret, token, now());
    if (!state.ok) {
      const page = await frame(lang);
      return send(req, reply, 410, page, renderLinkPage({ ...page, token: null, who: null, problem: state.reason }));
    }
    return signIn(req, reply, lang, state.address, state.codeId);
  });

  app.post('/c/confirm', formRoute, async (req, reply) => {
    const fields = formFields(req.body);
    const lang = langOf(req, field(fields, 'lang'));
    const session = await sessionOf(req);
    if (!session) return signInPage(req, reply, lang, { status: 401, error: pt(lang, 'errorSessionGone') });
    const workOrderId = field(fields, 'workOrder', 40) ?? '';
    const name = field(fields, 'name', 100) ?? '';
    const outcome =
      /^[0-9a-f-]{36}$/i.test(workOrderId) && name.trim()
        ? await confirmName(ctx.db, session, workOrderId, name)
        : 'wrong';
    if (outcome === 'confirmed') return seeOther(reply, home(lang));
    const text = pt(lang, outcome === 'locked' ? 'errorNameLocked' : 'errorName');
    return homePage(req, reply, lang, (await sessionOf(req)) ?? session, { workOrderId, text });
  });

  app.post('/c/invitations', formRoute, async (req, reply) => {
    const fields = formFields(req.body);
    const lang = langOf(req, field(fields, 'lang'));
    const session = await sessionOf(req);
    if (!session) return signInPage(req, reply, lang, { status: 401, error: pt(lang, 'errorSessionGone') });
    await setInvitationsWanted(ctx.db, session, field(fields, 'wanted') === 'yes');
    return seeOther(reply, home(lang));
  });

  app.post('/c/sign-out', formRoute, async (req, reply) => {
    const lang = langOf(req, field(formFields(req.body), 'lang'));
    await endPortalSession(ctx.db, req.cookies[PORTAL_COOKIE], now());
    reply.clearCookie(PORTAL_COOKIE, { path: '/' });
    return seeOther(reply, home(lang));
  });
}
