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
 * The processes, the SSE client and the open-loop submitter are in `cluster.ts` (bench/alerts uses them too).
 */
import { execSync } from 'node:child_process';
import { listen } from '../../src/server/db/notifications.js';
import { EVENTS_CHANNEL } from '../../src/server/modules/events/event-pump.js';
import { ensureAppSecret } from '../../src/server/modules/settings/settings.service.js';
import { DEFAULT_TEMPLATE_ANSWERS, defaultTemplateVersionId } from '../../test/support/invitations.js';
import { createInvitations } from '../submit/harness.js';
import { type LoadResult, percentile, runLoad } from '../submit/load.js';
import {
  adminSession,
  benchServerUrl,
  connectLive,
  loadavg,
  log,
  machineLine,
  nextAddress,
  openLoopSubmitter,
  type Sent,
  sleep,
  startCluster,
  summariseSent,
} from './cluster.js';

const SECONDS = Number(process.env.SECONDS ?? 20);
const RATE = Number(process.env.RATE ?? 200);
const RUNS = Number(process.env.RUNS ?? 5);
const CONNECTIONS = 50;

const BODY = JSON.stringify({ answers: DEFAULT_TEMPLATE_ANSWERS });

async function main() {
  const started = Date.now();
  const loadBefore = loadavg();
  const cluster = await startCluster(benchServerUrl(), 'rateloop_bench_live');
  const { a, b, database } = cluster;

  try {
    const pgVersion = (await database.sql.query('select version() as v')).rows[0] as { v: string };
    const bench = {
      database,
      appSecret: await ensureAppSecret(database.db),
      templateVersionId: await defaultTemplateVersionId(database.db),
    };

    // The admin session on B (the initial password must be changed first).
    const adminHeaders = { cookie: (await adminSession(b.url, a.adminPassword, 'bench-live-password-1')).cookie };

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
    const submitter = openLoopSubmitter(a.url, BODY);
    const openLoop = (tokens: string[], rate: number): Promise<Sent[]> => submitter.run(tokens, rate);

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
    const { commitLatencies, sentLate, statuses, achievedRate } = summariseSent(sent);
    submitter.close();

    // ---- 2. Throughput with and without the worker process (relay + processors + job workers) ----
    const runs: { pair: number; relay: boolean; result: LoadResult; load: string }[] = [];
    let tokens: string[] = [];
    let best = 0;
    for (let pair = 0; pair < RUNS; pair++) {
      const order = pair % 2 === 0 ? [true, false] : [false, true];
      for (const relay of order) {
        const need = Math.ceil(Math.max(best, 1000) * 1.5 * SECONDS) + 2000;
        if (tokens.length < need) tokens = tokens.concat(await createInvitations(bench, need - tokens.length));
        if (relay && !cluster.workerRunning) {
          await cluster.startWorker();
          await sleep(3000);
        } else if (!relay && cluster.workerRunning) {
          await cluster.stopWorker();
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
    console.log('\n== Live updates (#14) ==');
    console.log(
      `machine: ${machineLine(pgVersion.v)}; load average before ${loadBefore}, at the latency phase ${loadAtLatency}, ` +
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
    for (const line of cluster.warnings()) console.log(line);
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
    await cluster.cleanup();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
