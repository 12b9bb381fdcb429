import autocannon from 'autocannon';

export interface RunResult {
  /** Responses received (any status). */
  responses: number;
  seconds: number;
  /** Responses per second over the whole run. */
  perSecond: number;
  /** autocannon's latency (it records 2xx only, in ms). */
  p50: number;
  p99: number;
  /** Status → count; `error` and `timeout` for connection errors. */
  statuses: Record<string, number>;
  /** Responses that were neither 2xx nor 3xx, plus connection errors and timeouts. */
  errors: number;
  /** Latency in ms by status, from every response (autocannon's own histogram leaves out non-2xx). */
  byStatus: Map<number, number[]>;
  /** The run wanted more distinct invitations than it was given: its numbers are not valid. */
  exhausted: boolean;
}

export const percentile = (values: number[], p: number) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/** Where a request goes when its pool of tokens ran out (a bench-only route answering 204; the run then stops). */
export const EXHAUSTED_PATH = '/bench/exhausted';

/** Hands out each token once, across all connections of a run. */
export class TokenPool<T> {
  private next = 0;
  exhausted = false;
  constructor(readonly items: readonly T[]) {}
  take(): T | undefined {
    const item = this.items[this.next];
    if (item === undefined) this.exhausted = true;
    else this.next++;
    return item;
  }
  get used() {
    return this.next;
  }
  /** What is left, for a later run. */
  rest(): T[] {
    return this.items.slice(this.next);
  }
}

export type CannonRequest = autocannon.Request;

/**
 * One autocannon run in this process: `connections` keep-alive connections, each looping over `requests` (whose
 * `setupRequest` gives each request its own invitation token), for `seconds`, or for `amount` requests.
 * `pool` (optional): when it runs out, the run stops and is marked exhausted.
 */
export function cannon(opts: {
  url: string;
  requests: CannonRequest[];
  connections: number;
  seconds?: number;
  amount?: number;
  pool?: TokenPool<unknown>;
}): Promise<RunResult> {
  const byStatus = new Map<number, number[]>();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: opts.url,
        connections: opts.connections,
        ...(opts.amount !== undefined ? { amount: opts.amount } : { duration: opts.seconds ?? 5 }),
        requests: opts.requests,
        timeout: 30,
      },
      (err: unknown, result: autocannon.Result) => {
        if (err) return reject(err);
        const statuses: Record<string, number> = {};
        let errors = 0;
        let responses = 0;
        for (const [code, { count = 0 }] of Object.entries(result.statusCodeStats ?? {})) {
          if (code === '204') {
            statuses.exhausted = count; // EXHAUSTED_PATH: not a response of the measured route
            continue;
          }
          statuses[code] = count;
          responses += count;
          if (Number(code) < 200 || Number(code) >= 400) errors += count;
        }
        if (result.errors) statuses.error = result.errors;
        if (result.timeouts) statuses.timeout = result.timeouts;
        errors += result.errors + result.timeouts;
        resolve({
          responses,
          seconds: result.duration,
          perSecond: responses / result.duration,
          p50: result.latency.p50,
          p99: result.latency.p99,
          statuses,
          errors,
          byStatus,
          exhausted: opts.pool?.exhausted ?? false,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      const list = byStatus.get(statusCode) ?? [];
      list.push(responseTime);
      byStatus.set(statusCode, list);
    });
    if (opts.pool) {
      const pool = opts.pool;
      const timer = setInterval(() => {
        if (pool.exhausted) {
          instance.stop();
          clearInterval(timer);
        }
      }, 20);
      instance.on('done', () => clearInterval(timer));
    }
  });
}

/** A header of an autocannon response, by case-insensitive name. */
export function header(headers: CannonRequest['headers'], name: string): string | undefined {
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}
