import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Permission } from '../../common/roles.js';
import type { AppContext } from '../context.js';
import { resolveApiKey } from '../modules/auth/api-keys.service.js';
import { CSRF_COOKIE, resolveSession, SESSION_COOKIE } from '../modules/auth/session.service.js';
import { type Actor, actorOf, type Principal } from './principal.js';
import { forbidden, sessionLocked, unauthorized } from './problem.js';

/**
 * The one authorisation mechanism: every `/api/v1` route declares `config.access`, and this hook enforces it
 * before the body is even parsed. A route without a declaration fails at start-up.
 */
export type Access =
  /**
   * Anyone. `checkOrigin`: a console form that works without a session (login) — its unsafe requests get the same
   * Origin check as cookie requests, so another site cannot log a victim's browser into the attacker's account.
   */
  | { kind: 'public'; checkOrigin?: boolean }
  /**
   * Any logged-in user or API key; `allowPendingPasswordChange` lets a user who must change the password in;
   * `allowSuspended` a session suspended by pad mode (the session probe, unlock, logout).
   */
  | { kind: 'authenticated'; allowPendingPasswordChange?: boolean; usersOnly?: boolean; allowSuspended?: boolean }
  | { kind: 'permission'; permission: Permission; usersOnly?: boolean };

export const access = {
  public: (opts: { checkOrigin?: boolean } = {}): { access: Access } => ({ access: { kind: 'public', ...opts } }),
  authenticated: (
    opts: { allowPendingPasswordChange?: boolean; usersOnly?: boolean; allowSuspended?: boolean } = {},
  ): { access: Access } => ({
    access: { kind: 'authenticated', ...opts },
  }),
  permission: (permission: Permission, opts: { usersOnly?: boolean } = {}): { access: Access } => ({
    access: { kind: 'permission', permission, ...opts },
  }),
};

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
    actor: Actor;
  }
  interface FastifyInstance {
    /** Every `/api/v1` route with its access rule — the authorisation test walks this list. */
    accessTable: { method: string; url: string; access: Access }[];
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const PROTECTED_PREFIX = '/api/v1/';

async function identify(ctx: AppContext, req: FastifyRequest): Promise<Principal | null> {
  const header = req.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const principal = match ? await resolveApiKey(ctx.db, match[1]!) : null;
    if (!principal) throw unauthorized('The API key is unknown or revoked.');
    return principal;
  }
  const token = req.cookies[SESSION_COOKIE];
  if (!token) return null;
  return resolveSession(ctx.db, token, ctx.config.SESSION_TTL_HOURS);
}

function checkCsrf(req: FastifyRequest, principal: Principal): void {
  if (principal.kind !== 'user' || SAFE_METHODS.has(req.method)) return;
  const header = req.headers['x-csrf-token'];
  if (header !== principal.csrfToken || req.cookies[CSRF_COOKIE] !== principal.csrfToken) {
    throw forbidden('Missing or wrong CSRF token (send the rl_csrf cookie value as the x-csrf-token header).', 'csrf');
  }
}

/** `scheme://host[:port]` as a browser serialises it (default port dropped, lower case); null when not a URL. */
function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * Cross-site request forgery defence in depth for browser requests that change something (cookie-authenticated,
 * or the login form): the `Origin` a browser sends must be the configured public origin or this request's own
 * origin (scheme + Host — a browser cannot forge Host on a cross-site request), and `Sec-Fetch-Site` must not
 * say the request comes from another site (`same-site` included: a sibling subdomain still gets our SameSite=Lax
 * cookies). A request without `Origin` passes: every browser sends it on cross-origin POST/PUT/PATCH/DELETE
 * (forms and fetch alike), so its absence means an old browser on our own pages or a non-browser client (curl,
 * scripts holding a session cookie) — not a request another site made a browser send; the CSRF token still applies.
 */
export function checkOrigin(req: FastifyRequest, publicBaseUrl: string): void {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') {
    throw forbidden(`Cross-site request refused (Sec-Fetch-Site: ${site}).`, 'origin');
  }
  const origin = req.headers.origin;
  if (origin === undefined) return;
  const sent = originOf(origin);
  const own = originOf(`${req.protocol}://${req.host}`);
  if (sent !== null && (sent === originOf(publicBaseUrl) || sent === own)) return;
  throw forbidden(`Requests from origin ${JSON.stringify(origin)} are not accepted.`, 'origin');
}

const needsOriginCheck = (req: FastifyRequest, rule: Access): boolean =>
  !SAFE_METHODS.has(req.method) &&
  // API keys are not ambient credentials: a browser never attaches an Authorization header by itself.
  !req.headers.authorization &&
  (rule.kind === 'public' ? rule.checkOrigin === true : req.cookies[SESSION_COOKIE] !== undefined);

export function enforce(accessRule: Access, principal: Principal | null): void {
  if (accessRule.kind === 'public') return;
  if (!principal) throw unauthorized();
  // Pad mode: the device is in a customer's hands; nothing but the probe, unlock and logout until re-authentication.
  if (principal.kind === 'user' && principal.suspended) {
    if (!(accessRule.kind === 'authenticated' && accessRule.allowSuspended)) throw sessionLocked();
  }
  if (principal.kind === 'user' && principal.mustChangePassword) {
    if (!(accessRule.kind === 'authenticated' && accessRule.allowPendingPasswordChange)) {
      throw forbidden('You must change your password first (POST /api/v1/auth/password).', 'must-change-password');
    }
  }
  if (accessRule.usersOnly && principal.kind !== 'user') throw forbidden('This action is for console users only.');
  if (accessRule.kind === 'permission' && !principal.permissions.has(accessRule.permission)) {
    throw forbidden(`This needs the "${accessRule.permission}" permission.`);
  }
}

export function registerAccessControl(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('actor', null as unknown as Actor);
  const table: FastifyInstance['accessTable'] = [];
  app.decorate('accessTable', table);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(PROTECTED_PREFIX)) return;
    const rule = route.config?.access;
    if (!rule) throw new Error(`Route ${route.method} ${route.url} declares no access rule (config.access).`);
    for (const method of [route.method].flat())
      if (method !== 'HEAD') table.push({ method, url: route.url, access: rule });
  });
  app.addHook('onRequest', async (req) => {
    req.actor = actorOf(null, req.ip);
    const rule = req.routeOptions.config.access;
    if (!rule) return;
    if (needsOriginCheck(req, rule)) checkOrigin(req, ctx.config.publicBaseUrl);
    if (rule.kind === 'public') return;
    const principal = await identify(ctx, req);
    enforce(rule, principal);
    if (principal) checkCsrf(req, principal);
    req.principal = principal;
    req.actor = actorOf(principal, req.ip);
  });
}
