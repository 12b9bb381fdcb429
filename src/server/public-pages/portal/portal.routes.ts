/**
 * The customer portal under `/c/` (issue 20): sign-in by a one-time code texted to the customer's mobile, then the
 * customer's own work orders. Server-rendered, no JavaScript, Post/Redirect/Get. Cookies (path `/c/`, httpOnly,
 * SameSite=Lax): `rl_portal` the session, `rl_portal_to` the number a code was sent to (signed, 15 minutes) — so the
 * number never appears in a URL or a log line.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type PageLang, pickLanguage } from '../../../common/rating-page/index.js';
import type { AppContext } from '../../context.js';
import { type HitCounter, memoryHitCounter, postgresHitCounter } from '../../http/hit-counter.js';
import { toE164 } from '../../modules/follow-ups/call-centre/adapter.js';
import { CODE_VALID_MINUTES, requestSignInCode, verifySignInCode } from '../../modules/portal/codes.js';
import { sendSignInCodeJob } from '../../modules/portal/portal.jobs.js';
import { confirmName, portalHome, setInvitationsWanted } from '../../modules/portal/portal.service.js';
import { createPortalSession, endPortalSession, portalSessionOf, SESSION_DAYS } from '../../modules/portal/sessions.js';
import { organisationProfile } from '../../modules/ratings/page-context.js';
import { field } from '../form-body.js';
import { logoOrigin, seeOther, sendCustomerHtml } from '../html-response.js';
import { formFields } from '../rating-page.routes.js';
import { portalCsp, renderCodePage, renderHomePage, renderSignInPage } from './portal-render.js';
import { pt } from './portal-strings.js';

export const PORTAL_COOKIE = 'rl_portal';
const PENDING_COOKIE = 'rl_portal_to';
const PATH = '/c/';
const PENDING_MINUTES = 15;
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

const pendingMac = (secret: string, value: string) =>
  createHmac('sha256', secret).update(`portal-pending:${value}`).digest().subarray(0, 16).toString('base64url');

function pendingAddress(req: FastifyRequest, secret: string, now: Date): string | null {
  const raw = req.cookies[PENDING_COOKIE];
  if (!raw || raw.length > 300) return null;
  const [address64, until, mac] = raw.split('.');
  if (!address64 || !until || !mac) return null;
  const value = `${address64}.${until}`;
  const expected = Buffer.from(pendingMac(secret, value));
  if (expected.length !== Buffer.from(mac).length || !timingSafeEqual(expected, Buffer.from(mac))) return null;
  if (Number(until) <= now.getTime()) return null;
  return Buffer.from(address64, 'base64url').toString('utf8');
}

export function registerPortal(app: FastifyInstance, ctx: AppContext) {
  const counter: HitCounter =
    ctx.database.kind === 'postgres' ? postgresHitCounter(ctx.database.sql) : memoryHitCounter();
  const cookieOptions = (maxAgeSeconds: number) => ({
    path: PATH,
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: ctx.config.cookieSecure,
    maxAge: maxAgeSeconds,
  });
  const now = () => new Date();
  const frame = async (lang: PageLang) => {
    const profile = await organisationProfile(ctx.db);
    return { lang, company: { name: profile.companyName, logoUrl: profile.logoUrl }, timeZone: profile.timeZone };
  };
  const send = async (req: FastifyRequest, reply: FastifyReply, status: number, html: string) => {
    const { logoUrl } = (await frame('zh-CN')).company;
    return sendCustomerHtml(req, reply, status, html, { csp: portalCsp(logoOrigin(logoUrl)) });
  };
  const home = (lang: PageLang) => `/c/?lang=${lang}`;
  const sessionOf = (req: FastifyRequest) => portalSessionOf(ctx.db, req.cookies[PORTAL_COOKIE], now());

  const signInPage = async (req: FastifyRequest, reply: FastifyReply, lang: PageLang, status = 200, error?: string) =>
    send(req, reply, status, renderSignInPage({ ...(await frame(lang)), error }));
  const codePage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: PageLang,
    address: string,
    status = 200,
    error?: string,
  ) =>
    send(
      req,
      reply,
      status,
      renderCodePage({
        ...(await frame(lang)),
        masked: maskPhone(address.slice('phone:'.length)),
        validMinutes: CODE_VALID_MINUTES,
        error,
      }),
    );

  /** Asks for a code for `address` (per-IP limit first); an error text for the page, or null when sent. */
  const askForCode = async (req: FastifyRequest, reply: FastifyReply, lang: PageLang, address: string) => {
    const [perIp] = await counter.hit([`portal-code-ip:${req.ip}`], 3_600_000);
    if (perIp!.hits > CODES_PER_IP_PER_HOUR) return pt(lang, 'errorRateLimited');
    const at = now();
    const result = await requestSignInCode(
      ctx.db,
      ctx.jobs,
      { address, channel: 'sms', lang, now: at },
      sendSignInCodeJob,
    );
    if (!result.ok) {
      return result.reason === 'too_soon'
        ? pt(lang, 'errorTooSoon', { seconds: result.retryAfterSeconds })
        : pt(lang, 'errorTooMany', { minutes: Math.ceil(result.retryAfterSeconds / 60) });
    }
    const until = String(at.getTime() + PENDING_MINUTES * 60_000);
    const value = `${Buffer.from(address).toString('base64url')}.${until}`;
    reply.setCookie(
      PENDING_COOKIE,
      `${value}.${pendingMac(ctx.appSecret, value)}`,
      cookieOptions(PENDING_MINUTES * 60),
    );
    return null;
  };

  app.get('/c/', { schema: { hide: true } }, async (req: PortalRequest, reply) => {
    const lang = langOf(req);
    const session = await sessionOf(req);
    if (session) {
      const view = await portalHome(ctx.db, ctx.appSecret, session, now());
      const who = session.address.startsWith('phone:')
        ? maskPhone(session.address.slice('phone:'.length))
        : session.address.slice(session.address.indexOf(':') + 1);
      return send(req, reply, 200, renderHomePage({ ...(await frame(lang)), who, home: view }));
    }
    const pending = pendingAddress(req, ctx.appSecret, now());
    return pending ? codePage(req, reply, lang, pending) : signInPage(req, reply, lang);
  });

  app.get('/c', { schema: { hide: true } }, async (req: PortalRequest, reply) => seeOther(reply, home(langOf(req))));

  app.get('/c/sign-in', { schema: { hide: true } }, async (req: PortalRequest, reply) =>
    signInPage(req, reply, langOf(req)),
  );

  // No Origin check: these pages send `Referrer-Policy: no-referrer`, under which a browser posts `Origin: null`.
  // The cookies are SameSite=Lax instead — a form another site posts carries neither the session nor the pending
  // number, so it reaches nothing — and asking for a code needs no cookie (it is limited per number and address).
  const formRoute = { schema: { hide: true } };

  app.post('/c/sign-in', formRoute, async (req, reply) => {
    const fields = formFields(req.body);
    const lang = langOf(req, field(fields, 'lang'));
    const raw = field(fields, 'phone', 40);
    const e164 = raw ? toE164(raw) : null;
    if (!e164) {
      return send(
        req,
        reply,
        422,
        renderSignInPage({ ...(await frame(lang)), phone: raw, error: pt(lang, 'errorPhone') }),
      );
    }
    const error = await askForCode(req, reply, lang, `phone:${e164}`);
    if (error) {
      return send(req, reply, 429, renderSignInPage({ ...(await frame(lang)), phone: raw, error }));
    }
    return seeOther(reply, home(lang));
  });

  app.post('/c/resend', formRoute, async (req, reply) => {
    const lang = langOf(req, field(formFields(req.body), 'lang'));
    const address = pendingAddress(req, ctx.appSecret, now());
    if (!address) return signInPage(req, reply, lang, 400, pt(lang, 'errorNoCode'));
    const error = await askForCode(req, reply, lang, address);
    if (error) return codePage(req, reply, lang, address, 429, error);
    return seeOther(reply, home(lang));
  });

  app.post('/c/code', formRoute, async (req, reply) => {
    const fields = formFields(req.body);
    const lang = langOf(req, field(fields, 'lang'));
    const address = pendingAddress(req, ctx.appSecret, now());
    if (!address) return signInPage(req, reply, lang, 400, pt(lang, 'errorNoCode'));
    const code = (field(fields, 'code', 20) ?? '').replace(/\s/g, '');
    if (!/^\d{6}$/.test(code)) return codePage(req, reply, lang, address, 422, pt(lang, 'errorCode'));
    const at = now();
    const result = await verifySignInCode(ctx.db, ctx.appSecret, { address, code, now: at });
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
    const session = await createPortalSession(ctx.db, { address, codeId: result.codeId, now: at });
    reply.setCookie(PORTAL_COOKIE, session.token, cookieOptions(SESSION_DAYS * 86_400));
    reply.clearCookie(PENDING_COOKIE, { path: PATH });
    return seeOther(reply, home(lang));
  });

  app.post('/c/confirm', formRoute, async (req, reply) => {
    const fields = formFields(req.body);
    const lang = langOf(req, field(fields, 'lang'));
    const session = await sessionOf(req);
    if (!session) return signInPage(req, reply, lang, 401, pt(lang, 'errorSessionGone'));
    const workOrderId = field(fields, 'workOrder', 40) ?? '';
    const name = field(fields, 'name', 100) ?? '';
    const outcome =
      /^[0-9a-f-]{36}$/i.test(workOrderId) && name.trim()
        ? await confirmName(ctx.db, session, workOrderId, name)
        : 'wrong';
    if (outcome === 'confirmed') return seeOther(reply, home(lang));
    const fresh = (await sessionOf(req)) ?? session;
    const view = await portalHome(ctx.db, ctx.appSecret, fresh, now());
    const text = pt(lang, outcome === 'locked' ? 'errorNameLocked' : 'errorName');
    return send(
      req,
      reply,
      422,
      renderHomePage({
        ...(await frame(lang)),
        who: maskPhone(session.address.slice(session.address.indexOf(':') + 1)),
        home: view,
        nameError: { workOrderId, text },
      }),
    );
  });

  app.post('/c/invitations', formRoute, async (req, reply) => {
    const fields = formFields(req.body);
    const lang = langOf(req, field(fields, 'lang'));
    const session = await sessionOf(req);
    if (!session) return signInPage(req, reply, lang, 401, pt(lang, 'errorSessionGone'));
    await setInvitationsWanted(ctx.db, session, field(fields, 'wanted') === 'yes');
    return seeOther(reply, home(lang));
  });

  app.post('/c/sign-out', formRoute, async (req, reply) => {
    const lang = langOf(req, field(formFields(req.body), 'lang'));
    await endPortalSession(ctx.db, req.cookies[PORTAL_COOKIE], now());
    reply.clearCookie(PORTAL_COOKIE, { path: PATH });
    return seeOther(reply, home(lang));
  });
}
