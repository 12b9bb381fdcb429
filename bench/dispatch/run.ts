/**
 * Dispatch benchmark (issues 5 and 15): N completed work orders with one invitation each, on a fresh PostgreSQL
 * database → the real delivery job (pg-boss workers taking batches, templates, attempt rows, events, the pooled
 * adapters) → a local sink. Two channels, each against its bare baseline in the same run:
 * - e-mail: an SMTP sink that discards; baseline plain pooled nodemailer to the same sink;
 * - HTTP SMS: the project's generic JSON SMS gateway fake (test/fakes/generic-sms.ts) through the `generic_http`
 *   adapter; baseline a keep-alive `fetch` loop posting the same request to the same fake at `--http-concurrency`.
 * Reports invitations/s, the ratio, and per recipient at the sink: duplicates and lost.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/dispatch/run.ts [--count=5000]
 *     [--channels=email,sms] [--workers=4] [--baseline=5000] [--connections=10] [--http-concurrency=200]
 */
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import pg from 'pg';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../../src/server/config.js';
import { type Database, openPostgres } from '../../src/server/db/client.js';
import { runMigrations } from '../../src/server/db/migrate.js';
import { executeRows } from '../../src/server/db/sql.js';
import { SYSTEM_ACTOR } from '../../src/server/http/principal.js';
import { JobQueue, queued } from '../../src/server/jobs/queue.js';
import { createChannelConfig } from '../../src/server/modules/channels/channel-configs.service.js';
import { closeChannelRuntime } from '../../src/server/modules/channels/runtime.js';
import { deliverInvitationJob } from '../../src/server/modules/delivery/delivery.jobs.js';
import { jobDefinitions } from '../../src/server/modules/index.js';
import { renderMessage } from '../../src/server/modules/message-templates/message-templates.service.js';
import { SAMPLE_VARS } from '../../src/server/modules/message-templates/variables.js';
import { createServiceType } from '../../src/server/modules/org/service-types.service.js';
import { ensureAppSecret } from '../../src/server/modules/settings/settings.service.js';
import { GenericSmsFake } from '../../test/fakes/generic-sms.js';
import { defaultTemplateVersionId } from '../../test/support/invitations.js';
import { cpuPerRequest, cpuSample, type PostgresQuery } from '../cpu.js';

const arg = (name: string, dflt: number) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.split('=')[1]) : dflt;
};
const COUNT = arg('count', 5_000);
const WORKERS = arg('workers', 4);
const BASELINE = arg('baseline', Math.min(COUNT, 5_000));
const CONNECTIONS = arg('connections', 10);
const HTTP_CONCURRENCY = arg('http-concurrency', 200);
const CHANNELS = (process.argv.find((x) => x.startsWith('--channels='))?.split('=')[1] ?? 'email,sms').split(',');

/** An SMTP server that accepts and discards, counting messages per recipient. */
async function startSink() {
  const perRcpt = new Map<string, number>();
  let messages = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    maxClients: 1000,
    onData(stream, session, cb) {
      stream.on('end', () => {
        messages++;
        for (const r of session.envelope.rcptTo) perRcpt.set(r.address, (perRcpt.get(r.address) ?? 0) + 1);
        cb();
      });
      stream.resume();
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.server.address() as AddressInfo).port,
    get messages() {
      return messages;
    },
    perRcpt,
    reset() {
      messages = 0;
      perRcpt.clear();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<unknown>) {
  let i = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (i < items.length) await fn(items[i++]!);
    }),
  );
}

async function baseline(port: number, n: number): Promise<number> {
  const { html, text, subject } = (await renderMessageSample()) as { html: string; text: string; subject: string };
  const transport = nodemailer.createTransport({
    pool: true,
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    maxConnections: CONNECTIONS,
  });
  const started = performance.now();
  await pool(
    Array.from({ length: n }, (_, i) => i),
    CONNECTIONS * 10,
    (i) => transport.sendMail({ from: 'service@bench.test', to: `b${i}@sink.test`, subject, html, text }),
  );
  const rate = n / ((performance.now() - started) / 1000);
  transport.close();
  return rate;
}

let sampleDb: Database;
const round2 = (v: number) => Number(v.toFixed(2));
const renderMessageSample = () => renderMessage(sampleDb.db, { channel: 'email', lang: 'en', vars: SAMPLE_VARS.en });

/** The bare HTTP baseline: the generic adapter's request (same JSON body, same bearer header), keep-alive fetch. */
async function smsBaseline(gw: GenericSmsFake, n: number): Promise<number> {
  const r = await renderMessage(sampleDb.db, { channel: 'sms', lang: 'en', vars: SAMPLE_VARS.en });
  const text = r.channel === 'sms' ? r.text : '';
  const started = performance.now();
  await pool(
    Array.from({ length: n }, (_, i) => i),
    HTTP_CONCURRENCY,
    async (i) => {
      const res = await fetch(`${gw.url}/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${gw.token}` },
        body: JSON.stringify({ to: `+1999${String(i).padStart(8, '0')}`, text, ref: `baseline-${i}-${started}` }),
      });
      await res.arrayBuffer();
    },
  );
  return n / ((performance.now() - started) / 1000);
}

async function main() {
  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server.');
  const name = `rateloop_dispatch_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString(), WORKERS * 4 + 8);
  sampleDb = database;
  const pgQuery: PostgresQuery = async <T>(text: string, values: unknown[] = []) =>
    (await database.pool!.query(text, values)).rows as T[];
  const sink = await startSink();
  const gw = new GenericSmsFake();
  await gw.start();
  const queues: JobQueue[] = [];
  const results: Record<string, unknown> = {};
  try {
    await runMigrations(database);
    const db = database.db;
    const appSecret = await ensureAppSecret(db);
    // Links in the messages point at the benchmark's base URL; the queue hands it and the secret to the jobs.
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_BASE_URL: 'https://rate.bench.test' });
    const templateVersionId = await defaultTemplateVersionId(db);
    const st = await createServiceType(db, SYSTEM_ACTOR, { name: 'Bench', code: 'bench' });
    await createChannelConfig(db, appSecret, SYSTEM_ACTOR, {
      provider: 'smtp',
      name: 'sink',
      settings: {
        host: '127.0.0.1',
        port: sink.port,
        from: 'Service <service@bench.test>',
        maxConnections: CONNECTIONS,
      },
      secrets: {},
    });
    await createChannelConfig(db, appSecret, SYSTEM_ACTOR, {
      provider: 'generic_http',
      name: 'gateway',
      settings: { url: `${gw.url}/send`, timeoutMs: 30_000 },
      secrets: { authValue: `Bearer ${gw.token}` },
    });

    const log = pino({ level: 'silent' });
    for (let w = 0; w < WORKERS; w++) {
      const q = new JobQueue(
        database,
        log,
        { config, appSecret, now: () => new Date() },
        { pollingIntervalSeconds: 0.5 },
      );
      q.register(...jobDefinitions);
      await q.start();
      queues.push(q);
    }
    for (const q of queues) await q.work();

    for (const channel of CHANNELS) {
      const sms = channel === 'sms';
      let t = performance.now();
      await db.execute(sql`
        insert into work_orders (number, subject, service_type_id, customer_name, customer_email, customer_phone,
                                 customer_locale, status, completed_at)
        select ${`WO-${channel}-`} || g, 'Washing machine repair ' || g, ${st.id}, 'Customer ' || g,
               'c' || g || '@sink.test', '+86139' || lpad(g::text, 8, '0'),
               case when g % 2 = 0 then 'en' else 'zh-CN' end, 'completed', now()
        from generate_series(1, ${COUNT}::int) g`);
      const ids = (
        await executeRows<{ id: string }>(
          db,
          sql`
          insert into invitations (work_order_id, template_version_id, source, contact, channels, expires_at)
          select id, ${templateVersionId}, 'rule',
                 jsonb_build_object('name', customer_name, 'locale', customer_locale,
                   ${sms ? 'phone' : 'email'}::text, ${sms ? sql`customer_phone` : sql`customer_email`}),
                 array[${channel}::text], now() + interval '14 days'
          from work_orders where number like ${`WO-${channel}-%`}
          returning id`,
        )
      ).map((r) => r.id);
      console.log(
        `${channel}: seeded ${COUNT} work orders + invitations in ${((performance.now() - t) / 1000).toFixed(1)} s`,
      );

      /** The bare baseline, and its CPU per message (this process: the loop and the sink or fake). */
      const bare = async () => {
        const before = await cpuSample(pgQuery);
        const rate = await (sms ? smsBaseline(gw, BASELINE) : baseline(sink.port, BASELINE));
        return { rate, cpu: cpuPerRequest(before, await cpuSample(pgQuery), BASELINE) };
      };
      const b1 = await bare();
      const base1 = b1.rate;
      console.log(`${channel} baseline: ${base1.toFixed(0)} msg/s`);
      sink.reset();
      const gwBefore = gw.messages.length;
      const received = () => (sms ? gw.messages.length - gwBefore : sink.messages);

      t = performance.now();
      const cpuBefore = await cpuSample(pgQuery);
      // Enqueued as a bulk change does (keyed jobs, many per statement) while the workers already run.
      const chunks = Array.from({ length: Math.ceil(ids.length / 500) }, (_, i) => ids.slice(i * 500, i * 500 + 500));
      const enqueue = pool(chunks, 4, (chunk) =>
        queues[0]!.sendMany(chunk.map((id) => queued(deliverInvitationJob, { invitationId: id }, { key: id }))),
      );
      let last = 0;
      const timer = setInterval(() => {
        const s = (performance.now() - t) / 1000;
        console.log(`  ${s.toFixed(0)} s: ${received()} sent (${((received() - last) / 5).toFixed(0)}/s)`);
        last = received();
      }, 5000);
      await enqueue;
      const enqueuedAt = (performance.now() - t) / 1000;
      for (;;) {
        const [row] = await db
          .execute<{ n: number }>(
            sql`select count(*)::int as n from invitations where status in ('delivered', 'failed')
                and channels = array[${channel}::text]`,
          )
          .then((r) => (r as unknown as { rows: { n: number }[] }).rows);
        if ((row?.n ?? 0) >= COUNT) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      clearInterval(timer);
      const seconds = (performance.now() - t) / 1000;
      const cpu = cpuPerRequest(cpuBefore, await cpuSample(pgQuery), COUNT);
      const rate = COUNT / seconds;
      const perRecipient = new Map<string, number>();
      if (sms) for (const m of gw.messages.slice(gwBefore)) perRecipient.set(m.to, (perRecipient.get(m.to) ?? 0) + 1);
      else for (const [k, v] of sink.perRcpt) perRecipient.set(k, v);
      const [failed] = await executeRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from invitations where status = 'failed' and channels = array[${channel}::text]`,
      );
      const b2 = await bare();
      const base2 = b2.rate;
      const baselineRate = (base1 + base2) / 2;
      console.log(`${channel} baseline again: ${base2.toFixed(0)} msg/s`);
      results[channel] = {
        count: COUNT,
        workers: WORKERS,
        ...(sms ? { httpConcurrency: HTTP_CONCURRENCY } : { smtpConnections: CONNECTIONS }),
        enqueueSeconds: Number(enqueuedAt.toFixed(1)),
        seconds: Number(seconds.toFixed(1)),
        invitationsPerSecond: Number(rate.toFixed(0)),
        baselinePerSecond: Number(baselineRate.toFixed(0)),
        ratio: Number((rate / baselineRate).toFixed(3)),
        // CPU milliseconds per invitation: this process (workers, and the sink/fake) + PostgreSQL backends; and the
        // bare loop's per message. On a CPU-bound host the throughput ratio follows their ratio.
        cpuMsPerInvitation: { node: round2(cpu.nodeMs), postgres: round2(cpu.postgresMs) },
        cpuMsPerBareMessage: round2((b1.cpu.nodeMs + b2.cpu.nodeMs) / 2),
        distinctRecipients: perRecipient.size,
        duplicates: [...perRecipient.values()].filter((n) => n > 1).length,
        lost: COUNT - perRecipient.size,
        failedInvitations: failed?.n ?? 0,
      };
      console.log(JSON.stringify({ [channel]: results[channel] }, null, 2));
    }
  } finally {
    for (const q of queues) await q.stop(5000);
    await closeChannelRuntime(database.db);
    await database.close();
    await sink.close();
    await gw.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
  console.log(JSON.stringify(results));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
