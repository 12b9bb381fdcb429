/**
 * Dispatch benchmark (issue 5): N completed work orders with an e-mail invitation each, on a fresh PostgreSQL
 * database → the real delivery job (pg-boss workers, templates, attempt rows, events, pooled SMTP adapter) → a local
 * SMTP sink that discards. Reports invitations/s end to end and the ratio to plain pooled nodemailer sends to the same
 * sink in the same run.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/dispatch/run.ts [--count=100000]
 *     [--workers=4] [--baseline=20000] [--connections=10]
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
import { invitations } from '../../src/server/db/schema/invitations.js';
import { SYSTEM_ACTOR } from '../../src/server/http/principal.js';
import { JobQueue } from '../../src/server/jobs/queue.js';
import { createChannelConfig } from '../../src/server/modules/channels/channel-configs.service.js';
import { closeChannelRuntime } from '../../src/server/modules/channels/runtime.js';
import { deliverInvitationJob } from '../../src/server/modules/delivery/delivery.jobs.js';
import { jobDefinitions } from '../../src/server/modules/index.js';
import { renderMessage } from '../../src/server/modules/message-templates/message-templates.service.js';
import { SAMPLE_VARS } from '../../src/server/modules/message-templates/variables.js';
import { createServiceType } from '../../src/server/modules/org/service-types.service.js';
import { ensureAppSecret } from '../../src/server/modules/settings/settings.service.js';
import { defaultTemplateVersionId } from '../../test/support/invitations.js';

const arg = (name: string, dflt: number) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.split('=')[1]) : dflt;
};
const COUNT = arg('count', 100_000);
const WORKERS = arg('workers', 4);
const BASELINE = arg('baseline', Math.min(COUNT, 20_000));
const CONNECTIONS = arg('connections', 10);

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
const renderMessageSample = () => renderMessage(sampleDb.db, { channel: 'email', lang: 'en', vars: SAMPLE_VARS.en });

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
  const sink = await startSink();
  const queues: JobQueue[] = [];
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

    let t = performance.now();
    await db.execute(sql`
      insert into work_orders (number, subject, service_type_id, customer_name, customer_email, customer_locale,
                               status, completed_at)
      select 'WO-BENCH-' || g, 'Washing machine repair ' || g, ${st.id}, 'Customer ' || g, 'c' || g || '@sink.test',
             case when g % 2 = 0 then 'en' else 'zh-CN' end, 'completed', now()
      from generate_series(1, ${COUNT}::int) g`);
    await db.execute(sql`
      insert into invitations (work_order_id, template_version_id, source, contact, channels, expires_at)
      select id, ${templateVersionId}, 'rule',
             jsonb_build_object('name', customer_name, 'email', customer_email, 'locale', customer_locale),
             array['email'], now() + interval '14 days'
      from work_orders`);
    console.log(
      `seeded ${COUNT} completed work orders + invitations in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    const base1 = await baseline(sink.port, BASELINE);
    console.log(`baseline (pooled nodemailer, ${CONNECTIONS} connections): ${base1.toFixed(0)} msg/s`);
    sink.reset();

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
    const ids = (await db.select({ id: invitations.id }).from(invitations)).map((r) => r.id);
    t = performance.now();
    for (const q of queues) await q.work();
    // Enqueue as the workflow does (one keyed job per invitation) while the workers already run.
    const enqueue = pool(ids, 16, (id) => queues[0]!.send(deliverInvitationJob, { invitationId: id }, { key: id }));
    let last = 0;
    const timer = setInterval(() => {
      const s = (performance.now() - t) / 1000;
      console.log(`  ${s.toFixed(0)} s: ${sink.messages} mails (${((sink.messages - last) / 5).toFixed(0)}/s)`);
      last = sink.messages;
    }, 5000);
    await enqueue;
    const enqueuedAt = (performance.now() - t) / 1000;
    for (;;) {
      const [row] = await db
        .execute<{ n: number }>(sql`select count(*)::int as n from invitations where status = 'delivered'`)
        .then((r) => (r as unknown as { rows: { n: number }[] }).rows);
      if ((row?.n ?? 0) >= COUNT) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    clearInterval(timer);
    const seconds = (performance.now() - t) / 1000;
    const rate = COUNT / seconds;
    const dupes = [...sink.perRcpt.values()].filter((n) => n > 1).length;
    const received = sink.perRcpt.size;
    const base2 = await baseline(sink.port, BASELINE);
    const baselineRate = (base1 + base2) / 2;
    console.log(`baseline again: ${base2.toFixed(0)} msg/s`);
    console.log(
      JSON.stringify(
        {
          count: COUNT,
          workers: WORKERS,
          smtpConnections: CONNECTIONS,
          enqueueSeconds: Number(enqueuedAt.toFixed(1)),
          seconds: Number(seconds.toFixed(1)),
          invitationsPerSecond: Number(rate.toFixed(0)),
          baselinePerSecond: Number(baselineRate.toFixed(0)),
          ratio: Number((rate / baselineRate).toFixed(3)),
          distinctRecipients: received,
          duplicates: dupes,
        },
        null,
        2,
      ),
    );
  } finally {
    for (const q of queues) await q.stop(5000);
    await closeChannelRuntime(database.db);
    await database.close();
    await sink.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
