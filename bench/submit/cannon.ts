import autocannon from 'autocannon';

export interface RunResult {
  /** Responses received (any status). */
  responses: number;
  /** Until the last measured response (a timed run: its drain included). */
  seconds: number;
  /**
   * Responses per second: for a timed run, those completed within `seconds` / `seconds` (as autocannon counts; the
   * drain's tail, where fewer connections are busy, is left out); for an `amount` run, all over its duration.
   */
  perSecond: number;
  /** Responses by status completed within the timed window (all of them for an `amount` run). */
  inWindow: Map<number, number>;
  /** Latency in ms of every measured response (any status; autocannon's own histogram keeps 2xx only). */
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

/** A request sent instead of the measured one once the run is draining (or its pool ran out). */
export const drainRequest = (req: CannonRequest): CannonRequest => ({
  ...req,
  method: 'GET',
  path: EXHAUSTED_PATH,
  headers: { accept: '*/*' },
  body: undefined,
});

/**
 * One autocannon run in this process: `connections` keep-alive connections, each looping over `requests` (whose
 * `setupRequest` gives each request its own invitation token), for `seconds`, or for exactly `amount` requests.
 *
 * A timed run ends by draining, not by cutting connections: after `seconds` (or when `pool` runs out) each connection
 * finishes the request it has in flight, then asks the bench-only 204 route, and the run stops once every connection
 * did. So every request the server handled is counted on this side too (ratings stored == 201s received); the rate
 * counts the responses completed within `seconds`.
 */
export function cannon(opts: {
  url: string;
  requests: CannonRequest[];
  connections: number;
  seconds?: number;
  amount?: number;
  pool?: TokenPool<unknown>;
  /** Requests per second over all connections (open loop); unset = as fast as the server answers (closed loop). */
  overallRate?: number;
  /** A timed run also starts draining when this settles (before `seconds`); `perSecond` then still divides by `seconds`. */
  until?: Promise<unknown>;
}): Promise<RunResult> {
  const byStatus = new Map<number, number[]>();
  const inWindow = new Map<number, number>();
  const timed = opts.amount === undefined;
  const seconds = opts.seconds ?? 5;
  let draining = false;
  const drained = new Set<unknown>();
  const started = performance.now();
  let lastMeasured = started;
  const [first, ...others] = opts.requests;
  if (!first) throw new Error('no requests');
  const firstSetup = first.setupRequest;
  if (typeof firstSetup === 'string') throw new Error('setupRequest must be a function here');
  const requests: CannonRequest[] = [
    {
      ...first,
      setupRequest: (req, context) => {
        if (draining || opts.pool?.exhausted) return drainRequest(req);
        return firstSetup ? firstSetup(req, context) : req;
      },
    },
    ...others,
  ];
  return new Promise((resolve, reject) => {
    const timers: NodeJS.Timeout[] = [];
    const instance = autocannon(
      {
        url: opts.url,
        connections: opts.connections,
        // A timed run is stopped by its drain; the duration is only a safety net.
        ...(timed ? { duration: seconds + 120 } : { amount: opts.amount }),
        requests,
        timeout: 30,
        ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
      },
      (err: unknown, result: autocannon.Result) => {
        for (const t of timers) clearTimeout(t);
        if (err) return reject(err);
        const statuses: Record<string, number> = {};
        let errors = 0;
        let responses = 0;
        for (const [code, { count = 0 }] of Object.entries(result.statusCodeStats ?? {})) {
          if (code === '204') {
            statuses.drain = count; // EXHAUSTED_PATH: not a response of the measured route
            continue;
          }
          statuses[code] = count;
          responses += count;
          if (Number(code) < 200 || Number(code) >= 400) errors += count;
        }
        if (result.errors) statuses.error = result.errors;
        if (result.timeouts) statuses.timeout = result.timeouts;
        errors += result.errors + result.timeouts;
        const all = [...byStatus.values()].flat();
        const elapsed = timed ? (lastMeasured - started) / 1000 : result.duration;
        const windowed = [...inWindow.values()].reduce((a, b) => a + b, 0);
        resolve({
          responses,
          seconds: elapsed,
          perSecond: timed ? windowed / seconds : responses / elapsed,
          inWindow,
          p50: percentile(all, 50),
          p99: percentile(all, 99),
          statuses,
          errors,
          byStatus,
          exhausted: opts.pool?.exhausted ?? false,
        });
      },
    );
    instance.on('response', (client, statusCode, _bytes, responseTime) => {
      if (statusCode === 204) {
        // This connection has nothing measured in flight any more: stop when every one is there.
        drained.add(client);
        if (drained.size >= opts.connections) instance.stop();
        return;
      }
      lastMeasured = performance.now();
      if (!timed || lastMeasured - started <= seconds * 1000)
        inWindow.set(statusCode, (inWindow.get(statusCode) ?? 0) + 1);
      const list = byStatus.get(statusCode) ?? [];
      list.push(responseTime);
      byStatus.set(statusCode, list);
    });
    if (timed) {
      opts.until?.then(
        () => {
          draining = true;
        },
        () => {
          draining = true;
        },
      );
      timers.push(
        setTimeout(() => {
          draining = true;
        }, seconds * 1000),
      );
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
