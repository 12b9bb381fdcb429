/**
 * What the whole-process benchmarks share (bench/live, bench/alerts): a throwaway PostgreSQL database with two real
 * HTTP-only server processes (A and B, `RUN_WORKERS=false`) and one worker process, an SSE client that timestamps
 * each event as it arrives, and an open-loop submitter (each request leaves at its scheduled time, whatever the
 * answers do).
 *
 * The public per-address limit (120/min) holds across processes (PostgreSQL counters) and cannot be lifted in a child
 * process, so the servers run with TRUST_PROXY=1 and every request carries its own X-Forwarded-For address — as many
 * customers behind one proxy would (each request still bumps its two rate-limit counters).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { openPostgres } from '../../src/server/db/client.js';
import { apiLogin, createScratchDatabase } from '../../test/support/http-session.js';
import { startServerProcess, startWorkerProcess } from '../../test/support/server-process.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
/** The 1, 5 and 15 minute load averages (`/proc/loadavg`), as one string. */
export const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

let addressCounter = 0;
/** A distinct client address per request (10.0.0.0/8), so no per-address limit is reached. */
export const nextAddress = () => {
  const i = ++addressCounter;
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
};

/** The PostgreSQL server the benchmarks make their throwaway databases on. */
export function benchServerUrl(): string {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server.');
  return url;
}

/** The database, servers A and B and the worker; `cleanup` stops them all and drops the database. */
export async function startCluster(serverUrl: string, prefix: string) {
  const scratch = await createScratchDatabase(serverUrl, prefix);
  const serverEnv = { DATABASE_URL: scratch.url, RUN_WORKERS: 'false', TRUST_PROXY: '1', LOG_LEVEL: 'warn' };
  log(`database ${scratch.name}; starting server A (migrations), then B and the worker`);
  const a = await startServerProcess({ env: serverEnv });
  const b = await startServerProcess({ env: serverEnv });
  let worker: Awaited<ReturnType<typeof startWorkerProcess>> | null = null;
  let lastWorkerOutput = '';
  const database = await openPostgres(scratch.url, 4);
  const cluster = {
    name: scratch.name,
    databaseUrl: scratch.url,
    a,
    b,
    database,
    get workerRunning() {
      return worker !== null;
    },
    async startWorker() {
      worker ??= await startWorkerProcess(scratch.url, { LOG_LEVEL: 'info' });
    },
    async stopWorker() {
      if (!worker) return;
      lastWorkerOutput = worker.output();
      await worker.stop();
      worker = null;
    },
    /** What each process logged at warn or above (the relay's and the hub's failures are warnings). */
    warnings() {
      const outputs = [
        ['A', a.output()],
        ['B', b.output()],
        ['worker', worker?.output() ?? lastWorkerOutput],
      ] as const;
      return outputs.flatMap(([name, out]) => {
        const bad = out.split('\n').filter((l) => /"level":(40|50|60)|warn|error/i.test(l));
        return bad.length ? [`${name} logged ${bad.length} warnings/errors, e.g. ${bad.slice(0, 3).join(' / ')}`] : [];
      });
    },
    async cleanup() {
      await cluster.stopWorker();
      await Promise.all([a.stop(), b.stop()]);
      await database.close();
      await scratch.drop();
      for (const dir of [a.dataDir, b.dataDir]) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await cluster.startWorker();
  return cluster;
}

/** The first administrator's session (the initial password changed first, as the console forces). */
export async function adminSession(serverUrl: string, initialPassword: string, newPassword: string) {
  let session = await apiLogin(serverUrl, 'admin', initialPassword);
  if (session.mustChangePassword) {
    const res = await fetch(`${serverUrl}/api/v1/auth/password`, {
      method: 'POST',
      headers: session.headers,
      body: JSON.stringify({ currentPassword: initialPassword, newPassword }),
    });
    if (res.status !== 204) throw new Error(`password change → ${res.status}`);
    session = await apiLogin(serverUrl, 'admin', newPassword);
  }
  return session.headers;
}

/** SSE client with arrival times: `fetch` with a streaming body; each `data` JSON goes to `onEvent` with now. */
export async function connectLive(
  url: string,
  headers: Record<string, string>,
  onEvent: (data: unknown, at: number) => void,
) {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { ...headers, accept: 'text/event-stream' }, signal: abort.signal });
  if (!res.ok || !res.body) throw new Error(`GET /api/v1/events → ${res.status} ${await res.text()}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const at = performance.now();
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          const data = block
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).replace(/^ /, ''))
            .join('\n');
          if (data) onEvent(JSON.parse(data), at);
        }
      }
    } catch {
      // closed
    }
  })();
  return { close: () => abort.abort() };
}

/** One open-loop submission: when it was due, how late it left, when its answer arrived, and the rating's id. */
export interface Sent {
  scheduled: number;
  sentLate: number;
  done: number;
  status: number;
  ratingId: string | null;
}

/** Submits ratings through `serverUrl`'s public JSON API, open loop: `run(tokens, rate)` sends tokens[k] at t0 + k/rate. */
export function openLoopSubmitter(serverUrl: string, body: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const target = new URL(serverUrl);
  const submitOne = (token: string, scheduled: number) =>
    new Promise<Sent>((resolve) => {
      const sentLate = performance.now() - scheduled;
      const r = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: 'POST',
          path: `/api/v1/public/invitations/${token}/ratings`,
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-forwarded-for': nextAddress(),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d) => {
            text += d;
          });
          res.on('end', () => {
            const done = performance.now();
            let ratingId: string | null = null;
            if (res.statusCode === 201) ratingId = (JSON.parse(text) as { id: string }).id;
            resolve({ scheduled, sentLate, done, status: res.statusCode ?? 0, ratingId });
          });
        },
      );
      r.on('error', () => resolve({ scheduled, sentLate, done: performance.now(), status: 0, ratingId: null }));
      r.end(body);
    });
  return {
    async run(tokens: string[], rate: number): Promise<Sent[]> {
      const interval = 1000 / rate;
      const t0 = performance.now() + 20;
      const pending: Promise<Sent>[] = [];
      let k = 0;
      while (k < tokens.length) {
        const now = performance.now();
        while (k < tokens.length && t0 + k * interval <= now) {
          pending.push(submitOne(tokens[k]!, t0 + k * interval));
          k++;
        }
        if (k < tokens.length) await sleep(Math.max(0, t0 + k * interval - performance.now()));
      }
      return Promise.all(pending);
    },
    close: () => agent.destroy(),
  };
}

/** What an open-loop run looked like: statuses, the rate it reached, and the scheduled → 201 and sending delays. */
export function summariseSent(sent: Sent[]) {
  const statuses: Record<number, number> = {};
  for (const s of sent) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
  const span = (Math.max(...sent.map((s) => s.scheduled)) - sent[0]!.scheduled) / 1000;
  return {
    statuses,
    achievedRate: sent.length / span,
    commitLatencies: sent.map((s) => s.done - s.scheduled).sort((x, y) => x - y),
    sentLate: sent.map((s) => s.sentLate).sort((x, y) => x - y),
  };
}

/** One line about the machine: cores, memory, node, PostgreSQL. */
export function machineLine(pgVersion: string) {
  const cpu = os.cpus();
  return (
    `${cpu.length} × ${cpu[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ` +
    `${pgVersion.split(' on ')[0]}`
  );
}
