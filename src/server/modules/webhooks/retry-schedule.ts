/**
 * When a failed webhook delivery is tried again: the first try is immediate, then after 5 s, 5 min, 30 min, 2 h,
 * 5 h, 10 h and 10 h — eight tries over about 28 hours (API-CONTRACT: "at least 24 hours"), each wait ±10 % so that
 * many deliveries failing together do not come back together. A receiver's Retry-After is honoured: the next try is
 * never earlier than it asks.
 */
export const RETRY_DELAYS_SECONDS = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

/** A receiver's Retry-After is honoured up to the longest wait of the schedule. */
export const MAX_RETRY_AFTER_SECONDS = 10 * 3600;

/**
 * When try `attempt + 1` is due after try `attempt` (1-based) failed at `now`, or null when `attempt` was the last.
 * `random` ∈ [0, 1) picks the jitter.
 */
export function nextAttemptAt(
  attempt: number,
  now: Date,
  retryAfterSeconds: number | undefined,
  random: number = Math.random(),
): Date | null {
  const base = RETRY_DELAYS_SECONDS[attempt - 1];
  if (base === undefined) return null;
  const jittered = base * (0.9 + 0.2 * random);
  const wait = Math.max(jittered, retryAfterSeconds ?? 0);
  return new Date(now.getTime() + Math.round(wait * 1000));
}
