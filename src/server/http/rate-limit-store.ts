import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Database, SqlRunner } from '../db/client.js';
import { expiredCounterCleanup } from './hit-counter.js';

/**
 * One atomic statement per request: creates the key's window, bumps it, or starts a new window when the old one
 * has expired, and returns the count and the time left. Concurrent requests on one key serialise on the row, so
 * the count is exact across any number of processes.
 */
const INCR_SQL = `
insert into rate_limits as r (key, hits, reset_at)
values ($1, 1, now() + make_interval(secs => $2::double precision / 1000))
on conflict (key) do update set
  hits = case when r.reset_at <= now() then 1 else r.hits + 1 end,
  reset_at = case when r.reset_at <= now() then excluded.reset_at else r.reset_at end
returning hits, greatest(0, ceil(extract(epoch from (r.reset_at - now())) * 1000))::float8 as ttl`;

/**
 * The store @fastify/rate-limit uses when Rateloop runs on PostgreSQL: counters in the `rate_limits` table, so a
 * limit holds in total across every server process (in-memory counters would allow N × the limit on N servers).
 *
 * Each route limit gets a child store whose keys are prefixed with the route (method + URL), like the plugin's
 * own per-route stores; limiters made with `createRateLimit` have no route, so their key generators carry a prefix
 * of their own (see modules/ratings/rate-limits.ts). `continueExceeding` and `exponentialBackoff` are not
 * supported (Rateloop uses neither).
 */
export function postgresRateLimitStore(database: Pick<Database, 'sql'>): FastifyRateLimitStoreCtor {
  const sql: SqlRunner = database.sql;
  const cleanup = expiredCounterCleanup(sql);

  class PostgresRateLimitStore implements FastifyRateLimitStore {
    private readonly timeWindow: number;

    constructor(
      options: FastifyRateLimitOptions,
      private readonly namespace = '',
    ) {
      // The plugin passes the window (ms) to every incr; this is only a fallback.
      const { timeWindow } = options as { timeWindow?: unknown };
      this.timeWindow = typeof timeWindow === 'number' ? timeWindow : 60_000;
    }

    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow?: number,
    ): void {
      const windowMs = timeWindow ?? this.timeWindow;
      sql.query<{ hits: number; ttl: number }>(INCR_SQL, [this.namespace + key, windowMs]).then(({ rows }) => {
        const row = rows[0]!;
        callback(null, { current: Number(row.hits), ttl: Number(row.ttl) });
      }, callback);
      cleanup();
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]) {
      // The plugin passes the merged limit options plus `routeInfo` (the route's options; `{}` for createRateLimit).
      const info = (routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo ?? {};
      const route = info.url ? `${String(info.method)} ${String(info.url)}|` : '';
      return new PostgresRateLimitStore(routeOptions as unknown as FastifyRateLimitOptions, route);
    }
  }

  return PostgresRateLimitStore as unknown as FastifyRateLimitStoreCtor;
}
