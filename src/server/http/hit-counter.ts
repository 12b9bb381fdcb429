import type { SqlRunner } from '../db/client.js';

/** A fixed-window counter per key: how many hits in the current window, and the milliseconds left in it. */
export interface HitCount {
  hits: number;
  ttlMs: number;
}

/**
 * Counts a request against several limits at once — in ONE statement on PostgreSQL, where the counters are shared by
 * every server process (the customer-facing limits: per address and per link). Results are in the order of `keys`.
 */
export interface HitCounter {
  hit(keys: readonly string[], windowMs: number): Promise<HitCount[]>;
}

/**
 * Creates each key's window, bumps it, or starts a new one when the old has expired, for all keys in one atomic
 * statement. Keys are taken in sorted order so two requests sharing keys lock them in the same order (no deadlock).
 * Same table and rules as the route limits' store (rate-limit-store.ts).
 */
const HIT_MANY_SQL = `
insert into rate_limits as r (key, hits, reset_at)
select k, 1, now() + make_interval(secs => $2::double precision / 1000)
from unnest($1::text[]) as k order by k
on conflict (key) do update set
  hits = case when r.reset_at <= now() then 1 else r.hits + 1 end,
  reset_at = case when r.reset_at <= now() then excluded.reset_at else r.reset_at end
returning key, hits, greatest(0, ceil(extract(epoch from (r.reset_at - now())) * 1000))::float8 as ttl`;

/** Expired counters are deleted at most this often per process (one indexed range delete). */
export const CLEANUP_EVERY_MS = 60_000;

/** Deletes expired counters now and then (best effort: an expired row is reset by the next hit on its key anyway). */
export function expiredCounterCleanup(sql: SqlRunner): () => void {
  let last = Date.now();
  return () => {
    const now = Date.now();
    if (now - last < CLEANUP_EVERY_MS) return;
    last = now;
    sql.query('delete from rate_limits where reset_at < now()').catch(() => {});
  };
}

export function postgresHitCounter(sql: SqlRunner): HitCounter {
  const cleanup = expiredCounterCleanup(sql);
  return {
    async hit(keys, windowMs) {
      cleanup();
      const { rows } = await sql.prepared<{ key: string; hits: number; ttl: number }>(
        'rateloop_hit_counters',
        HIT_MANY_SQL,
        [keys, windowMs],
      );
      const byKey = new Map(rows.map((r) => [r.key, { hits: Number(r.hits), ttlMs: Number(r.ttl) }]));
      return keys.map((k) => byKey.get(k)!);
    },
  };
}

/** The embedded database serves one process: its counters live in that process's memory. */
export function memoryHitCounter(now: () => number = Date.now): HitCounter {
  const windows = new Map<string, { hits: number; resetAt: number }>();
  let lastSweep = now();
  return {
    async hit(keys, windowMs) {
      const t = now();
      if (t - lastSweep >= CLEANUP_EVERY_MS) {
        lastSweep = t;
        for (const [k, w] of windows) if (w.resetAt <= t) windows.delete(k);
      }
      return keys.map((k) => {
        let w = windows.get(k);
        if (!w || w.resetAt <= t) {
          w = { hits: 0, resetAt: t + windowMs };
          windows.set(k, w);
        }
        w.hits += 1;
        return { hits: w.hits, ttlMs: w.resetAt - t };
      });
    },
  };
}
