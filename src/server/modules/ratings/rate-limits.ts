import type { FastifyRequest } from 'fastify';
import type { AppContext, PublicRateLimits } from '../../context.js';
import { type HitCounter, memoryHitCounter, postgresHitCounter } from '../../http/hit-counter.js';

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
 * One limiter per application (keyed by its context) so the page and the JSON API share the counters. Both limits
 * are counted in ONE round trip (http/hit-counter.ts): on PostgreSQL the counters are rows shared by every process
 * (N servers do not allow N × the limit), on PGlite they are in this process's memory. The key prefixes keep them
 * apart from the route limits of @fastify/rate-limit in the same table.
 */
export function publicRateLimiter(ctx: AppContext): PublicRateLimiter {
  const existing = limiters.get(ctx);
  if (existing) return existing;
  const limits: PublicRateLimits = { ...DEFAULT_PUBLIC_RATE_LIMITS, ...ctx.publicRateLimits };
  const counter: HitCounter =
    ctx.database.kind === 'postgres' ? postgresHitCounter(ctx.database.sql) : memoryHitCounter();
  const minute = 60_000;
  const limiter: PublicRateLimiter = async (req) => {
    // Per token AND client address: keyed by the token alone, anyone holding a link (or guessing at it) could
    // spend its allowance from anywhere and lock the customer out. Per address, one client hammering one link is
    // still cut off at perTokenPerMinute, a customer keeps their own allowance, and the per-IP limit bounds what
    // any one address can do across all tokens. (Client addresses cannot be forged: TRUST_PROXY is off by default.)
    const [perIp, perToken] = await counter.hit(
      [`public-ip:${req.ip}`, `public-token:${tokenOf(req)}|${req.ip}`],
      minute,
    );
    for (const [count, max] of [
      [perIp!, limits.perIpPerMinute],
      [perToken!, limits.perTokenPerMinute],
    ] as const) {
      if (count.hits > max) return { retryAfterSeconds: Math.max(1, Math.ceil(count.ttlMs / 1000)), max };
    }
    return null;
  };
  limiters.set(ctx, limiter);
  return limiter;
}

const tokenOf = (req: FastifyRequest) => (req.params as { token?: string }).token ?? '';
