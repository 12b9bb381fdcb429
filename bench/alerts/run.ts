/**
 * Closed-loop alerts benchmark (issue 17): on one fresh PostgreSQL database, two HTTP-only server processes (A and B)
 * and one worker process (relay, processors, job workers) — `bench/live/cluster.ts`, as bench/live.
 *
 * 1. Alert latency: negative ratings (every star 1, problem not resolved: SCORING.md §4's negative class, so the
 *    default alert rule opens a case) submitted open loop at RATE/s through A's public JSON API, one invitation per
 *    rating, each for its own work order in a region managed by a supervisor; the supervisor's console session listens
 *    on B (`GET /api/v1/events`, which filters by work-order scope). Per rating, from its 201 here to the first SSE
 *    message about its work order of each type: `rating.negative`, `case.opened` (the case exists),
 *    `alert.raised`, and `notification.created` (what the console's bell refreshes on). One clock: all arrive in this
 *    process. Then the database is asked how many of those work orders have their case and the supervisor's
 *    notification.
 * 2. Breach sweep cost at CASES open cases: the worker stops (its every-minute sweep and the timer jobs stay out of
 *    the way), open cases are added with SQL up to CASES, their first-contact warnings and due times spread so that
 *    FIRES per minute come due; `sweepCaseTimers` (the every-minute repair sweep, `cases/case-timers.jobs.ts`) is run
 *    here at simulated minutes: first with nothing overdue (what it costs every minute when the timer jobs did their
 *    work), then minute after minute with that minute's timers unfired (what it costs when every timer job was
 *    lost, i.e. the sweep fires them all: `fireCaseTimer`, the same path as the per-case timer job). Time and round
 *    trips to the database per run.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres [RATE=10] [SECONDS=60] [CASES=1000] [FIRES=10] \
 *     [SWEEP_MINUTES=10] [WARN_BEFORE=5] npm run bench:alerts
 */
import { execSync } from 'node:child_process';
import { sweepCaseTimers } from '../../src/server/modules/cases/case-timers.jobs.js';
import { ensureAppSecret } from '../../src/server/modules/settings/settings.service.js';
import {
  createLoginEmployee,
  departmentFactory,
  serviceTypeFactory,
  TEST_PASSWORD,
} from '../../test/support/factories.js';
import { apiLogin } from '../../test/support/http-session.js';
import { defaultTemplateVersionId } from '../../test/support/invitations.js';
import { countRoundTrips } from '../../test/support/round-trips.js';
import {
  adminSession,
  benchServerUrl,
  connectLive,
  loadavg,
  log,
  machineLine,
  openLoopSubmitter,
  sleep,
  startCluster,
  summariseSent,
} from '../live/cluster.js';
import { createInvitations } from '../submit/harness.js';
import { percentile } from '../submit/load.js';

const RATE = Number(process.env.RATE ?? 10);
const SECONDS = Number(process.env.SECONDS ?? 60);
const CASES = Number(process.env.CASES ?? 1000);
const FIRES = Number(process.env.FIRES ?? 10);
const SWEEP_MINUTES = Number(process.env.SWEEP_MINUTES ?? 10);
const WARN_BEFORE = Number(process.env.WARN_BEFORE ?? 5);
const WARM_UP = RATE * 3;
const DRAIN_MS = 60_000;

/** SCORING.md §4 negative: every star 1 and the problem not resolved (as alerts.processor.int.test.ts rates). */
const NEGATIVE = JSON.stringify({
  answers: { response_speed: 1, technical_ability: 1, attitude: 1, problem_resolved: false },
});
/** The SSE messages timed, in the order the chain produces them. */
const STAGES = ['rating.negative', 'case.opened', 'alert.raised', 'notification.created'] as const;
type Stage = (typeof STAGES)[number];

const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : '—');
const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length === 0
    ? Number.NaN
    : s.length % 2
      ? s[(s.length - 1) / 2]!
      : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main() {
  const started = Date.now();
  const loadBefore = loadavg();
  const cluster = await startCluster(benchServerUrl(), 'rateloop_bench_alerts');
  const { a, b, database } = cluster;
  const query = async <T>(text: string, values: unknown[] = []) =>
    (await database.pool!.query(text, values)).rows as T[];
  const one = async <T>(text: string, values: unknown[] = []) => (await query<T>(text, values))[0]!;
  try {
    const { v: pgVersion } = await one<{ v: string }>('select version() as v');
    const bench = {
      database,
      appSecret: await ensureAppSecret(database.db),
      templateVersionId: await defaultTemplateVersionId(database.db),
    };

    // ---- Setup: a supervisor who manages a region, work orders there, one invitation per rating ----
    const { employee: supervisor, username } = await createLoginEmployee(database.db, { roles: ['supervisor'] });
    const region = await departmentFactory(database.db, { kind: 'region', managerId: supervisor.id });
    const serviceType = await serviceTypeFactory(database.db);
    const admin = await adminSession(b.url, a.adminPassword, 'bench-alerts-password-1');
    const res = await fetch(`${b.url}/api/v1/work-orders`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        subject: 'Bench alerts work order',
        serviceTypeId: serviceType.id,
        departmentId: region.id,
        customer: { name: '张三', phone: '13800000000', locale: 'zh-CN' },
      }),
    });
    if (res.status !== 201) throw new Error(`POST /work-orders → ${res.status} ${await res.text()}`);
    const seedWorkOrder = (await res.json()) as { id: string };
    // Copies of the one the API made (every column; new id and number), one per rating.
    const need = WARM_UP + RATE * SECONDS;
    const workOrderIds = (
      await query<{ id: string }>(
        `insert into work_orders
         select (jsonb_populate_record(null::work_orders, to_jsonb(w) || jsonb_build_object(
                  'id', c.id, 'number', w.number || '-' || c.n, 'external_id', null))).*
           from work_orders w, (select g as n, gen_random_uuid() as id from generate_series(1, $2::int) g) c
          where w.id = $1
         returning id`,
        [seedWorkOrder.id, need],
      )
    ).map((r) => r.id);
    const tokens = await createInvitations(bench, need, workOrderIds);
    const warmTokens = tokens.slice(0, WARM_UP);
    const measuredTokens = tokens.slice(WARM_UP);
    const measuredWorkOrders = workOrderIds.slice(WARM_UP);

    // The supervisor's console on B.
    const session = await apiLogin(b.url, username, TEST_PASSWORD);
    const arrived = new Map<Stage, Map<string, number>>(STAGES.map((s) => [s, new Map()]));
    let eventsReceived = 0;
    const live = await connectLive(`${b.url}/api/v1/events`, { cookie: session.headers.cookie }, (data, at) => {
      eventsReceived++;
      const e = data as { type?: string; workOrderId?: string | null };
      const byWorkOrder = arrived.get(e.type as Stage);
      if (byWorkOrder && e.workOrderId && !byWorkOrder.has(e.workOrderId)) byWorkOrder.set(e.workOrderId, at);
    });
    await sleep(500);

    // ---- 1. Alert latency: open loop at RATE/s through A ----
    const submitter = openLoopSubmitter(a.url, NEGATIVE);
    log(`warm-up: ${warmTokens.length} negative ratings at ${RATE}/s`);
    await submitter.run(warmTokens, RATE);
    await sleep(5000);
    const loads: number[] = [];
    const sampler = setInterval(() => loads.push(Number(loadavg().split(' ')[0])), 5000);
    // The events' commit-safe watermark is the server-wide snapshot xmin (BENCHMARKS.md "Live updates (#14)"): a
    // transaction holding an xid in any database of this PostgreSQL server holds back every event until it ends.
    // Sampled each second: the oldest such transaction's age, and its database.
    const holders: { ageMs: number; datname: string; query: string }[] = [];
    const holderSampler = setInterval(() => {
      void one<{ age_ms: number | null; datname: string | null; query: string | null }>(
        `select extract(epoch from now() - xact_start) * 1000 as age_ms, datname, left(query, 100) as query
           from pg_stat_activity where backend_xid is not null order by xact_start limit 1`,
      ).then(
        (r) =>
          holders.push({
            ageMs: Number(r?.age_ms ?? 0),
            datname: r?.datname ?? '',
            query: (r?.query ?? '').replace(/\s+/g, ' '),
          }),
        () => {},
      );
    }, 1000);
    const loadAtStart = loadavg();
    log(`measured: ${measuredTokens.length} negative ratings at ${RATE}/s (${SECONDS} s); supervisor's SSE on B`);
    const sent = await submitter.run(measuredTokens, RATE);
    submitter.close();
    const lastCommit = Math.max(...sent.map((s) => s.done));
    // sent[k] is measuredTokens[k]'s, so measuredWorkOrders[k]'s.
    const created = sent.flatMap((s, k) => (s.ratingId ? [{ ...s, workOrderId: measuredWorkOrders[k]! }] : []));
    // Until every rating's case and notification arrived (when no notification at all came 10 s after the last 201,
    // the notifications are not emitted: cases only), or DRAIN_MS.
    const cases = arrived.get('case.opened')!;
    const notified = arrived.get('notification.created')!;
    const done = () =>
      created.every((s) => cases.has(s.workOrderId)) &&
      (created.every((s) => notified.has(s.workOrderId)) ||
        (notified.size === 0 && performance.now() > lastCommit + 10_000));
    while (performance.now() < lastCommit + DRAIN_MS && !done()) await sleep(50);
    clearInterval(sampler);
    clearInterval(holderSampler);
    const loadAtEnd = loadavg();
    // Where the chain stood when the wait ended: each processor's backlog (events not yet handled) and lag.
    const processors = (
      (await (await fetch(`${b.url}/api/v1/system/processors`, { headers: admin })).json()) as {
        processors: { name: string; pending: number; lagSeconds: number }[];
      }
    ).processors;
    const drainedAfter = performance.now() - lastCommit;
    live.close();
    const latency = STAGES.map((stage) => {
      const at = arrived.get(stage)!;
      const xs = created
        .filter((s) => at.has(s.workOrderId))
        .map((s) => at.get(s.workOrderId)! - s.done)
        .sort((x, y) => x - y);
      return { stage, xs, missing: created.length - xs.length };
    });
    const { statuses, achievedRate, commitLatencies } = summariseSent(sent);
    const inDb = await one<{ cases: string; notified: string; alerts: string }>(
      `select (select count(distinct work_order_id) from remediation_cases where work_order_id = any($1)) as cases,
              (select count(distinct work_order_id) from notifications
                where employee_id = $2 and work_order_id = any($1)) as notified,
              (select count(*) from alerts a join ratings r on r.id = a.rating_id where r.work_order_id = any($1)) as alerts`,
      [created.map((s) => s.workOrderId), supervisor.id],
    );

    // ---- 2. The breach sweep at CASES open cases ----
    await cluster.stopWorker();
    const { open } = await one<{ open: string }>(
      `select count(*) as open from remediation_cases where status = 'open'`,
    );
    const synthetic = Math.max(CASES - Number(open), FIRES * (SWEEP_MINUTES + WARN_BEFORE + 1));
    const t0 = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 60_000);
    const minute = (m: number) => new Date(t0.getTime() + m * 60_000);
    // Case k: first-contact warning at t0 + (1 + k div FIRES) min + 30 s, due WARN_BEFORE minutes later;
    // resolution due in 3 days (not reached). Owned by the supervisor, in the region, on the work orders above.
    await query(
      `insert into remediation_cases (work_order_id, department_id, owner_id, severity, status, first_contact_minutes,
              resolution_minutes, used_ms, running_since, first_contact_warn_at, first_contact_due_at,
              resolution_warn_at, resolution_due_at, opened_by_type, created_at, updated_at)
       select w.id, $3, $4, 'high', 'open', 120, 2880, 0, $1::timestamptz,
              $1::timestamptz + make_interval(mins => 1 + (g / $5)::int, secs => 30),
              $1::timestamptz + make_interval(mins => 1 + (g / $5)::int + $6, secs => 30),
              $1::timestamptz + interval '3 days' - interval '1 hour', $1::timestamptz + interval '3 days',
              'system', $1::timestamptz, $1::timestamptz
         from generate_series(0, $2::int - 1) g
         join unnest($7::uuid[]) with ordinality as w(id, k) on w.k = g % cardinality($7::uuid[]) + 1`,
      [t0, synthetic, region.id, supervisor.id, FIRES, WARN_BEFORE, workOrderIds],
    );
    const { open: openNow } = await one<{ open: string }>(
      `select count(*) as open from remediation_cases where status = 'open'`,
    );
    await query('analyze remediation_cases');
    await query('analyze case_sla_events');
    const sweepAt = async (now: Date) => {
      const t = performance.now();
      const { result: fired, roundTrips } = await countRoundTrips(database, () => sweepCaseTimers(database.db, now));
      return { fired, ms: performance.now() - t, roundTrips };
    };
    // Nothing overdue yet at t0 (the first warnings are due at t0 + 1 min 30 s): the every-minute cost when jobs work.
    const idle: Awaited<ReturnType<typeof sweepAt>>[] = [];
    for (let i = 0; i < 7; i++) idle.push(await sweepAt(t0));
    const loadAtSweep = loadavg();
    const minutes = [];
    for (let m = 1; m <= SWEEP_MINUTES; m++) {
      // At t0 + (m + 1) min + 30 s the sweep fires what came due before t0 + m min + 30 s: minute m's timers.
      const r = await sweepAt(new Date(minute(m + 1).getTime() + 30_000));
      minutes.push({ m, ...r });
      log(`simulated minute ${m}: fired ${r.fired} in ${ms(r.ms)}, ${r.roundTrips} round trips`);
    }
    const again = await sweepAt(new Date(minute(SWEEP_MINUTES + 1).getTime() + 30_000));

    // ---- Report ----
    console.log('\n== Closed loop alerts (#17) ==');
    console.log(
      `machine: ${machineLine(pgVersion)}; kernel ${execSync('uname -sr').toString().trim()}; ` +
        `load average (/proc/loadavg) before ${loadBefore}, at the measured start ${loadAtStart}, at its end ` +
        `${loadAtEnd}, 1-min samples during it ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}, ` +
        `at the sweep ${loadAtSweep}`,
    );
    console.log(`\n| measure | value | target | met? |\n|---|---|---|---|`);
    console.log(
      `| negative ratings (open loop, through A) | ${sent.length} at ${RATE}/s scheduled, ${achievedRate.toFixed(1)}/s ` +
        `sent; statuses ${JSON.stringify(statuses)} (after ${warmTokens.length} warm-up) | | |`,
    );
    console.log(
      `| submission (scheduled → 201) p50 / p99 | ${ms(percentile(commitLatencies, 50))} / ${ms(percentile(commitLatencies, 99))} | | |`,
    );
    for (const { stage, xs, missing } of latency) {
      const p95 = percentile(xs, 95);
      const target = stage === 'notification.created' || stage === 'case.opened' ? 'p95 ≤ 1 s' : '';
      const met = target ? (p95 <= 1000 && missing === 0 ? '**MET**' : '**NOT MET**') : '';
      console.log(
        `| 201 → \`${stage}\` on the supervisor's SSE (B) p50 / p95 / p99 / max | ${ms(percentile(xs, 50))} / ` +
          `**${ms(p95)}** / ${ms(percentile(xs, 99))} / ${ms(xs.at(-1) ?? Number.NaN)}; received ${xs.length} of ` +
          `${created.length} (${missing} missing) | ${target} | ${met} |`,
      );
    }
    console.log(
      `| in the database afterwards (of ${created.length} work orders) | ${inDb.cases} with a case, ${inDb.notified} ` +
        `with a notification for the supervisor, ${inDb.alerts} alerts | all | ${Number(inDb.cases) === created.length ? 'yes' : 'no'} |`,
    );
    console.log(`| SSE messages received in total | ${eventsReceived} | | |`);
    const longHolders = holders.filter((h) => h.ageMs > 1000);
    const byDb = new Map<string, number>();
    for (const h of longHolders) byDb.set(h.datname, Math.max(byDb.get(h.datname) ?? 0, h.ageMs));
    console.log(
      `| oldest xid-holding transaction on the server, sampled each second | over 1 s in ${longHolders.length} of ` +
        `${holders.length} samples; longest per database: ${[...byDb].map(([d, a]) => `${d === cluster.name ? 'this bench' : d} ${ms(a)}`).join(', ') || '—'} | | |`,
    );
    const longest = [...longHolders].sort((x, y) => y.ageMs - x.ageMs).slice(0, 3);
    for (const h of longest)
      console.log(`  long transaction ${ms(h.ageMs)} in ${h.datname}, its current statement: ${h.query}`);
    console.log(
      `| processors when the wait ended (${ms(drainedAfter)} after the last 201): pending / lag | ` +
        `${processors.map((p) => `${p.name} ${p.pending} / ${p.lagSeconds} s`).join(', ')} | | |`,
    );
    for (const line of cluster.warnings()) console.log(line);

    const idleMs = median(idle.map((r) => r.ms));
    const firing = minutes.filter((r) => r.fired > 0);
    const perFire = median(firing.map((r) => (r.ms - idleMs) / r.fired));
    console.log(
      `\nBreach sweep: ${openNow} open cases (${synthetic} added with SQL, warnings and first-contact due times spread ` +
        `${FIRES} per minute, due ${WARN_BEFORE} min after the warning; ${open} opened by the ratings above)`,
    );
    console.log(`\n| sweep run (simulated time) | timers fired | time | round trips |\n|---|---|---|---|`);
    console.log(
      `| nothing overdue (median of ${idle.length}) | ${idle[0]!.fired} | ${ms(idleMs)} (${idle.map((r) => r.ms.toFixed(0)).join(', ')}) | ${idle[0]!.roundTrips} |`,
    );
    for (const r of minutes)
      console.log(`| minute ${r.m}, its timers' jobs lost | ${r.fired} | ${ms(r.ms)} | ${r.roundTrips} |`);
    console.log(
      `| minute ${SWEEP_MINUTES} again (all fired) | ${again.fired} | ${ms(again.ms)} | ${again.roundTrips} |`,
    );
    console.log(
      `\nper fired timer (run − idle run) / fired, median over the firing minutes: ${ms(perFire)}; ` +
        `round trips per fired timer ${median(firing.map((r) => (r.roundTrips - idle[0]!.roundTrips) / r.fired)).toFixed(1)}`,
    );
    console.log(`(total ${((Date.now() - started) / 1000).toFixed(0)} s)`);
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
