import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext, PublicRateLimits } from '../../context.js';

/**
 * Limits on the customer-facing routes (`/r/*` and `/api/v1/public/*`), counted together for both: per client IP
 * (a scanner or a script) and per token and client IP (one link hammered by one client). A real customer needs a handful
 * of requests. An application built with `publicRateLimits` in its context (the benchmark, tests) uses those instead.
 */
export const DEFAULT_PUBLIC_RATE_LIMITS: Readonly<PublicRateLimits> = Object.freeze({
  perIpPerMinute: 120,
  perTokenPerMinute: 30,
});

export interface RateLimitVerdict {
  retryAfterSeconds: number;
  max: number;
}

export type PublicRateLimiter = (req: FastifyRequest) => Promise<RateLimitVerdict | null>;

const limiters = new WeakMap<AppContext, PublicRateLimiter>();

/**
 * One limiter per application (keyed by its context) so the page and the JSON API share the counters.
 * Two limits on one route cannot both be declared in `config.rateLimit` (the plugin runs one limit per request),
 * so the routes call this from their own `onRequest` hook, built on the plugin's `createRateLimit` (same store:
 * PostgreSQL-backed counters shared by every process, or memory on PGlite — see app.ts). The key prefixes keep
 * these counters apart from the route limits in that store.
 */
export function publicRateLimiter(app: FastifyInstance, ctx: AppContext): PublicRateLimiter {
  const existing = limiters.get(ctx);
  if (existing) return existing;
  const limits: PublicRateLimits = { ...DEFAULT_PUBLIC_RATE_LIMITS, ...ctx.publicRateLimits };
  const minute = 60_000;
  const perIp = app.createRateLimit({
    timeWindow: minute,
    max: limits.perIpPerMinute,
    keyGenerator: (req) => `public-ip:${req.ip}`,
  });
  // Per token AND client address: keyed by the token alone, anyone holding a link (or guessing at it) could
  // spend its allowance from anywhere and lock the customer out. Per address, one client hammering one link is
  // still cut off at perTokenPerMinute, a customer keeps their own allowance, and the per-IP limit above bounds
  // what any one address can do across all tokens. (Client addresses cannot be forged: TRUST_PROXY is off by
  // default.)
  const perToken = app.createRateLimit({
    timeWindow: minute,
    max: limits.perTokenPerMinute,
    keyGenerator: (req) => `public-token:${tokenOf(req)}|${req.ip}`,
  });
  const limiter: PublicRateLimiter = async (req) => {
    for (const check of [perIp, perToken]) {
      const r = await check(req);
      if (!r.isAllowed && r.isExceeded) return { retryAfterSeconds: Math.max(1, r.ttlInSeconds), max: r.max };
    }
    return null;
  };
  limiters.set(ctx, limiter);
  return limiter;
}

const tokenOf = (req: FastifyRequest) => (req.params as { token?: string }).token ?? '';
