import http from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  statuses: Record<number, number>;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
}

export interface LoadRequest {
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

export const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/**
 * A small autocannon: `connections` keep-alive connections, each sending its next request as soon as the previous
 * answer arrived, for `seconds` or until `next()` runs out. Latency in milliseconds, per request.
 */
export async function runLoad(opts: {
  url: string;
  connections: number;
  seconds: number;
  next: () => LoadRequest | null;
}): Promise<LoadResult> {
  const target = new URL(opts.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;
  const started = performance.now();
  const deadline = started + opts.seconds * 1000;

  const send = (req: LoadRequest) =>
    new Promise<number>((resolve) => {
      const headers: Record<string, string | number> = { ...(req.headers ?? {}) };
      if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body);
      const r = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.path, agent, headers },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      r.on('error', () => resolve(0));
      if (req.body !== undefined) r.write(req.body);
      r.end();
    });

  const worker = async () => {
    while (performance.now() < deadline) {
      const req = opts.next();
      if (!req) return;
      const t0 = performance.now();
      const status = await send(req);
      latencies.push(performance.now() - t0);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === 0 || status >= 400) errors++;
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    statuses,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
  };
}
