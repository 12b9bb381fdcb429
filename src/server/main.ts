import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp, loggerOptions } from './app.js';
import type { AppConfig } from './config.js';
import type { AppContext } from './context.js';
import { type Database, openPglite, openPostgres } from './db/client.js';
import { runMigrations, withStartupLock } from './db/migrate.js';
import { JobQueue } from './jobs/queue.js';
import { closeChannelRuntime } from './modules/channels/runtime.js';
import { EventPump } from './modules/events/event-pump.js';
import { eventProcessors, jobDefinitions, schedules } from './modules/index.js';
import { ensureInitialAdmin } from './modules/org/bootstrap.js';
import { ensureAppSecret } from './modules/settings/settings.service.js';
import { ensureDefaultTemplate } from './modules/templates/default-template.js';

export async function openDatabase(config: AppConfig): Promise<Database> {
  return config.DATABASE_URL ? openPostgres(config.DATABASE_URL, config.DB_POOL_SIZE) : openPglite(config.DATA_DIR);
}

export interface Runtime {
  ctx: AppContext;
  app: FastifyInstance | null;
  /** Set on the first start only: the admin password to print once. */
  initialAdminPassword: string | null;
  stop(): Promise<void>;
}

/** config → database → migrations → jobs → HTTP. `http: false` gives a worker process. */
export async function startRuntime(config: AppConfig, opts: { http: boolean; work: boolean }): Promise<Runtime> {
  const logOptions = loggerOptions(config);
  const log = pino(logOptions, logOptions.stream);
  const database = await openDatabase(config);
  try {
    const { admin, appSecret, jobs } = await withStartupLock(database, async () => {
      await runMigrations(database);
      // The queue hands the configuration, the app secret and the clock to every job it runs.
      const appSecret = await ensureAppSecret(database.db, config.APP_SECRET);
      const jobs = new JobQueue(database, log, { config, appSecret, now: () => new Date() });
      jobs.register(...jobDefinitions);
      await jobs.start();
      for (const [job, cron, payload] of schedules) await jobs.schedule(job, cron, payload);
      await ensureDefaultTemplate(database.db);
      return { appSecret, jobs, admin: await ensureInitialAdmin(database.db, config.ADMIN_INITIAL_PASSWORD) };
    });
    const base = { config, database, db: database.db, jobs, appSecret };
    const app = opts.http ? await buildApp(base, { logger: log }) : null;
    const ctx: AppContext = { ...base, log: app?.log ?? log };
    // HTTP first, then the workers: after a crash the job queue and the event processors catch up on what was left,
    // and customers' submissions must not wait for that (measured on PGlite after kill -9 under load: ready in up to
    // 20 s with the workers first, test/durability/kill-under-load.e2e.test.ts).
    if (app) await app.listen({ port: config.PORT, host: config.HOST });
    // Workers: the job queue, then the event relay and processors (events/event-pump.ts).
    let pump: EventPump | null = null;
    if (opts.work) {
      try {
        // The embedded database is opened by this process alone: a job still `active` was left by one that ended.
        if (database.kind === 'pglite') {
          const failed = await jobs.failJobsLeftActive();
          if (Object.keys(failed).length) log.warn({ failed }, 'jobs interrupted by the last stop run again');
        }
        await jobs.work();
        pump = new EventPump({ database, jobs, config, appSecret, now: () => new Date(), log }, eventProcessors);
        await pump.start();
      } catch (err) {
        await app?.close();
        throw err;
      }
    }

    let stopping: Promise<void> | null = null;
    const stop = () => {
      stopping ??= (async () => {
        // Stop taking requests and finish those in flight, then let running jobs finish, then close the database.
        if (app) await app.close();
        await pump?.stop();
        await jobs.stop();
        await closeChannelRuntime(database.db);
        await database.close();
      })();
      return stopping;
    };
    return { ctx, app, initialAdminPassword: admin?.password ?? null, stop };
  } catch (err) {
    await database.close().catch(() => undefined);
    throw err;
  }
}
