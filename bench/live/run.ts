/**
 * Live-update benchmark (issue 14, "Performance target"): on one fresh PostgreSQL database, two real HTTP-only server
 * processes (A and B, `RUN_WORKERS=false`) and one worker process (`src/server/cli/worker.ts`: job workers, the event
 * relay and the processors), all children of this one.
 *
 * 1. Latency: ratings submitted at a steady RATE/s (open loop: each request leaves at its scheduled time, whatever the
 *    answers do) through A's public JSON API; an admin's SSE client on B (`GET /api/v1/events`). Per submission: the
 *    time its 201 arrived here → the time its `rating.submitted` event (subjectId = the rating id) arrived here (one
 *    clock: both are in this process). Then the drain: processors' pending (GET /api/v1/system/processors) and the
 *    time until the SSE client has the last event.
 * 2. Relay cost: RUNS interleaved pairs of closed-loop max-throughput runs (50 connections, like bench/submit) through
 *    A, with the worker process running and with it stopped; the order alternates per pair.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres [SECONDS=20] [RATE=200] [RUNS=5] npx tsx bench/live/run.ts
 *
 * The public per-address limit (120/min) holds across processes (PostgreSQL counters) and cannot be lifted in a child
 * process, so the servers run with TRUST_PROXY=1 and every request carries its own X-Forwarded-For address — as many
 * customers behind one proxy would (each request still bumps its two rate-limit counters).
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { openPostgres } from '../../src/server/db/client.js';
import { listen } from '../../src/server/db/notifications.js';
import { EVENTS_CHANNEL } from '../../src/server/modules/events/event-pump.js';
import { ensureAppSecret } from '../../src/server/modules/settings/settings.service.js';
import { apiLogin, createScratchDatabase } from '../../test/support/http-session.js';
import { DEFAULT_TEMPLATE_ANSWERS, defaultTemplateVersionId } from '../../test/support/invitations.js';
import { startServerProcess, startWorkerProcess } from '../../test/support/server-process.js';
import { createInvitations } from '../submit/harness.js';
import { type LoadResult, percentile, runLoad } from '../submit/load.js';

const SECONDS = Number(process.env.SECONDS ?? 20);
const RATE = Number(process.env.RATE ?? 200);
const RUNS = Number(process.env.RUNS ?? 5);
const CONNECTIONS = 50;
const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!base) throw new Error('Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server.');

const BODY = JSON.stringify({ answers: DEFAULT_TEMPLATE_ANSWERS });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
let addressCounter = 0;
/** A distinct client address per request (10.0.0.0/8), so no per-address limit is reached. */
const nextAddress = () => {
  const i = ++addressCounter;
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
};
const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** SSE client with arrival times: `fetch` with a streaming body; each `data` JSON goes to `onEvent` with now. */
async function connectLive(url: string, headers: Record<string, string>, onEvent: (data: unknown, at: number) => void) {
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

async function main() {
  const started = Date.now();
  const loadBefore = loadavg();
  const scratch = await createScratchDatabase(base!, 'rateloop_bench_live');
  const databaseUrl = scratch.url;
  const serverEnv = { DATABASE_URL: databaseUrl, RUN_WORKERS: 'false', TRUST_PROXY: '1', LOG_LEVEL: 'warn' };
  log(`database ${scratch.name}; starting server A (migrations), then B and the worker`);
  const a = await startServerProcess({ env: serverEnv });
  const b = await startServerProcess({ env: serverEnv });
  const startWorker = () => startWorkerProcess(databaseUrl, { LOG_LEVEL: 'info' });
  let worker: Awaited<ReturnType<typeof startWorker>> | null = await startWorker();
  const database = await openPostgres(databaseUrl, 4);
  const cleanup = async () => {
    await worker?.stop();
    await Promise.all([a.stop(), b.stop()]);
    await database.close();
    await scratch.drop();
    for (const dir of [a.dataDir, b.dataDir]) fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    const pgVersion = (await database.sql.query('select version() as v')).rows[0] as { v: string };
    const bench = {
      database,
      appSecret: await ensureAppSecret(database.db),
      templateVersionId: await defaultTemplateVersionId(database.db),
    };

    // The admin session on B (the initial password must be changed first).
    let session = await apiLogin(b.url, 'admin', a.adminPassword);
    if (session.mustChangePassword) {
      const res = await fetch(`${b.url}/api/v1/auth/password`, {
        method: 'POST',
        headers: session.headers,
        body: JSON.stringify({ currentPassword: a.adminPassword, newPassword: 'bench-live-password-1' }),
      });
      if (res.status !== 204) throw new Error(`password change → ${res.status}`);
      session = await apiLogin(b.url, 'admin', 'bench-live-password-1');
    }
    const adminHeaders = { cookie: session.headers.cookie };

    // The relay's wake-ups, as every hub hears them (counted during the latency phase).
    const notifications: number[] = [];
    const unlisten = await listen(database, EVENTS_CHANNEL, () => notifications.push(performance.now()));

    const eventAt = new Map<string, number>();
    let eventsReceived = 0;
    const live = await connectLive(`${b.url}/api/v1/events`, adminHeaders, (data, at) => {
      eventsReceived++;
      const e = data as { type?: string; subjectId?: string };
      if (e.type === 'rating.submitted' && e.subjectId && !eventAt.has(e.subjectId)) eventAt.set(e.subjectId, at);
    });

    // ---- 1. Latency: open loop at RATE/s through A ----
    const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
    const target = new URL(a.url);
    interface Sent {
      scheduled: number;
      sentLate: number;
      done: number;
      status: number;
      ratingId: string | null;
    }
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
              'content-length': Buffer.byteLength(BODY),
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
        r.end(BODY);
      });
    const openLoop = async (tokens: string[], rate: number) => {
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
    };

    const warmTokens = await createInvitations(bench, RATE * 3);
    const measuredTokens = await createInvitations(bench, RATE * SECONDS);
    log(`warm-up: ${warmTokens.length} submissions at ${RATE}/s`);
    await openLoop(warmTokens, RATE);
    await sleep(2500);
    const loadAtLatency = loadavg();
    log(`latency phase: ${measuredTokens.length} submissions at ${RATE}/s (${SECONDS} s), SSE client on B`);
    const sent = await openLoop(measuredTokens, RATE);
    const lastCommit = Math.max(...sent.map((s) => s.done));
    const firstSent = Math.min(...sent.map((s) => s.scheduled));
    const wakeUps = notifications.filter((t) => t >= firstSent && t <= lastCommit);

    // Drain: the processors' pending (none may be registered) and the relay path (the last event at the client).
    const created = sent.filter((s) => s.ratingId);
    let processorsDrainedMs: number | null = null;
    let processorsSeen: unknown = null;
    const drainDeadline = performance.now() + 30_000;
    while (performance.now() < drainDeadline) {
      const res = await fetch(`${b.url}/api/v1/system/processors`, { headers: adminHeaders });
      const body = (await res.json()) as { processors: { name: string; pending: number; lagSeconds: number }[] };
      processorsSeen = body.processors;
      if (res.status === 200 && body.processors.every((p) => p.pending === 0)) {
        processorsDrainedMs = performance.now() - lastCommit;
        break;
      }
      await sleep(50);
    }
    while (performance.now() < drainDeadline && created.some((s) => !eventAt.has(s.ratingId!))) await sleep(10);
    const missing = created.filter((s) => !eventAt.has(s.ratingId!)).length;
    const arrivals = created.filter((s) => eventAt.has(s.ratingId!)).map((s) => eventAt.get(s.ratingId!)!);
    const lastEventMs = arrivals.length ? Math.max(...arrivals) - lastCommit : Number.NaN;
    const latencies = created
      .filter((s) => eventAt.has(s.ratingId!))
      .map((s) => eventAt.get(s.ratingId!)! - s.done)
      .sort((x, y) => x - y);
    const commitLatencies = sent.map((s) => s.done - s.scheduled).sort((x, y) => x - y);
    const sentLate = sent.map((s) => s.sentLate).sort((x, y) => x - y);
    const statuses: Record<number, number> = {};
    for (const s of sent) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
    const achievedRate = sent.length / ((Math.max(...sent.map((s) => s.scheduled)) - sent[0]!.scheduled) / 1000);
    agent.destroy();

    // ---- 2. Throughput with and without the worker process (relay + processors + job workers) ----
    const runs: { pair: number; relay: boolean; result: LoadResult; load: string }[] = [];
    let tokens: string[] = [];
    let best = 0;
    let lastWorkerOutput = '';
    for (let pair = 0; pair < RUNS; pair++) {
      const order = pair % 2 === 0 ? [true, false] : [false, true];
      for (const relay of order) {
        const need = Math.ceil(Math.max(best, 1000) * 1.5 * SECONDS) + 2000;
        if (tokens.length < need) tokens = tokens.concat(await createInvitations(bench, need - tokens.length));
        if (relay && !worker) {
          worker = await startWorker();
          await sleep(3000);
        } else if (!relay && worker) {
          lastWorkerOutput = worker.output();
          await worker.stop();
          worker = null;
          await sleep(3000);
        }
        const load = loadavg();
        const result = await runLoad({
          url: a.url,
          connections: CONNECTIONS,
          seconds: SECONDS,
          next: () => {
            const token = tokens.pop();
            return token
              ? {
                  method: 'POST',
                  path: `/api/v1/public/invitations/${token}/ratings`,
                  body: BODY,
                  headers: { 'content-type': 'application/json', 'x-forwarded-for': nextAddress() },
                }
              : null;
          },
        });
        best = Math.max(best, result.perSecond);
        runs.push({ pair, relay, result, load });
        log(
          `pair ${pair + 1}/${RUNS} ${relay ? 'with relay   ' : 'without relay'} ${result.perSecond.toFixed(0)}/s ` +
            `p50 ${result.p50.toFixed(1)} ms p99 ${result.p99.toFixed(1)} ms statuses ${JSON.stringify(result.statuses)} (load ${load})`,
        );
        await sleep(2000);
      }
    }
    live.close();
    await unlisten();

    // ---- Summary ----
    const median = (xs: number[]) => {
      const s = [...xs].sort((x, y) => x - y);
      return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
    };
    const ratios = Array.from({ length: RUNS }, (_, pair) => {
      const w = runs.find((r) => r.pair === pair && r.relay)!.result.perSecond;
      const wo = runs.find((r) => r.pair === pair && !r.relay)!.result.perSecond;
      return w / wo;
    });
    const ms = (x: number) => `${x.toFixed(1)} ms`;
    const p95 = percentile(latencies, 95);
    const cpu = os.cpus();
    console.log('\n== Live updates (#14) ==');
    console.log(
      `machine: ${cpu.length} × ${cpu[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ` +
        `${pgVersion.v.split(' on ')[0]}; load average before ${loadBefore}, at the latency phase ${loadAtLatency}, ` +
        `at the end ${loadavg()}`,
    );
    console.log(`kernel: ${execSync('uname -sr').toString().trim()}`);
    console.log(`\n| measure | value | target | met? |\n|---|---|---|---|`);
    console.log(
      `| submissions (open loop) | ${sent.length} at ${RATE}/s scheduled, ${achievedRate.toFixed(0)}/s sent; statuses ${JSON.stringify(statuses)} | | |`,
    );
    console.log(
      `| submission latency (scheduled → 201) p50 / p99 | ${ms(percentile(commitLatencies, 50))} / ${ms(percentile(commitLatencies, 99))} | | |`,
    );
    console.log(
      `| sending late (scheduled → sent) p99 / max | ${ms(percentile(sentLate, 99))} / ${ms(sentLate.at(-1) ?? 0)} | | |`,
    );
    console.log(
      `| 201 → event on B's SSE client p50 / p95 / p99 / max | ${ms(percentile(latencies, 50))} / **${ms(p95)}** / ` +
        `${ms(percentile(latencies, 99))} / ${ms(latencies.at(-1) ?? Number.NaN)} | p95 ≤ 1 s | ${p95 <= 1000 && missing === 0 ? '**MET**' : '**NOT MET**'} |`,
    );
    console.log(`| events missing (of ${created.length} ratings) | ${missing} | 0 | ${missing === 0 ? 'yes' : 'no'} |`);
    console.log(
      `| relay NOTIFYs heard during the latency phase | ${wakeUps.length} in ${((lastCommit - firstSent) / 1000).toFixed(1)} s | | |`,
    );
    console.log(`| events received by the client in total | ${eventsReceived} | | |`);
    console.log(
      `| processors: pending 0 for all | ${processorsDrainedMs === null ? 'not within 30 s' : `${ms(processorsDrainedMs)} after the last 201`} ` +
        `(endpoint: ${JSON.stringify(processorsSeen)}) | ≤ 2 s | ${processorsDrainedMs !== null && processorsDrainedMs <= 2000 ? '**MET**' : '**NOT MET**'} |`,
    );
    console.log(
      `| relay drain: last 201 → the client has the last event | ${ms(lastEventMs)} | ≤ 2 s | ${lastEventMs <= 2000 && missing === 0 ? '**MET**' : '**NOT MET**'} |`,
    );
    // Anything the processes logged at warn or above (the relay's and the hub's failures are warnings).
    for (const [name, out] of [
      ['A', a.output()],
      ['B', b.output()],
      ['worker', worker?.output() ?? lastWorkerOutput],
    ] as const) {
      const bad = out.split('\n').filter((l) => /"level":(40|50|60)|warn|error/i.test(l));
      if (bad.length) console.log(`${name} logged ${bad.length} warnings/errors, e.g. ${bad.slice(0, 3).join(' / ')}`);
    }
    console.log(`\n| pair | with relay (worker running) | without | ratio |\n|---|---|---|---|`);
    for (let pair = 0; pair < RUNS; pair++) {
      const w = runs.find((r) => r.pair === pair && r.relay)!;
      const wo = runs.find((r) => r.pair === pair && !r.relay)!;
      const cell = (r: typeof w) =>
        `${r.result.perSecond.toFixed(0)}/s, p99 ${r.result.p99.toFixed(0)} ms, errors ${r.result.errors} (load ${r.load})`;
      console.log(
        `| ${pair + 1}${pair % 2 ? ' (without first)' : ' (with first)'} | ${cell(w)} | ${cell(wo)} | ${ratios[pair]!.toFixed(3)} |`,
      );
    }
    console.log(
      `| **median** | ${median(runs.filter((r) => r.relay).map((r) => r.result.perSecond)).toFixed(0)}/s | ` +
        `${median(runs.filter((r) => !r.relay).map((r) => r.result.perSecond)).toFixed(0)}/s | **${median(ratios).toFixed(3)}** |`,
    );
    console.log(
      `\n(${SECONDS} s per run, ${CONNECTIONS} connections; total ${((Date.now() - started) / 1000).toFixed(0)} s)`,
    );
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
