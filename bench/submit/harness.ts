import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import type { AppContext } from '../../src/server/context.js';
import { type Database, openPglite, openPostgres } from '../../src/server/db/client.js';
import { runMigrations } from '../../src/server/db/migrate.js';
import { invitations } from '../../src/server/db/schema/invitations.js';
import { JobQueue } from '../../src/server/jobs/queue.js';
import { jobDefinitions } from '../../src/server/modules/index.js';
import { invitationToken } from '../../src/server/modules/invitations/token.js';
import { ensureAppSecret } from '../../src/server/modules/settings/settings.service.js';
import { defaultTemplateVersionId } from '../../test/support/invitations.js';

export type DbKind = 'postgres' | 'pglite';

export interface BenchApp {
  app: FastifyInstance;
  database: Database;
  url: string;
  appSecret: string;
  templateVersionId: string;
  /** A second application on the same database and queue, built with other context options (e.g. no workflow step). */
  variant(
    options: Pick<AppContext, 'completeRatingNodeOnSubmission'>,
  ): Promise<{ url: string; close(): Promise<void> }>;
  close(): Promise<void>;
}

/**
 * The real application, in this process, on a fresh database: a new PostgreSQL database (from BENCH_DATABASE_URL or
 * TEST_DATABASE_URL), or a PGlite folder in the temp dir. `extend` adds bench-only routes before it listens.
 */
export async function startBenchApp(kind: DbKind, extend?: (app: FastifyInstance, db: Database) => void) {
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', WEB_DIST_DIR: '/nonexistent' });
  let database: Database;
  let dropDatabase = async () => {};
  if (kind === 'postgres') {
    const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
    if (!base) throw new Error('Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server.');
    const name = `rateloop_bench_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    database = await openPostgres(url.toString(), config.DB_POOL_SIZE);
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rateloop-bench-'));
    database = await openPglite(dir);
    dropDatabase = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  await runMigrations(database);
  const appSecret = await ensureAppSecret(database.db);
  const jobs = new JobQueue(database, pino({ level: 'silent' }), { config, appSecret, now: () => new Date() });
  jobs.register(...jobDefinitions);
  await jobs.start();
  const templateVersionId = await defaultTemplateVersionId(database.db);
  // One address posts every rating here: the per-IP and per-token limits are for customers, not for this.
  const publicRateLimits = { perIpPerMinute: Number.MAX_SAFE_INTEGER, perTokenPerMinute: Number.MAX_SAFE_INTEGER };
  const app = await buildApp({ config, database, db: database.db, jobs, appSecret, publicRateLimits });
  extend?.(app, database);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return {
    app,
    database,
    url: `http://127.0.0.1:${port}`,
    appSecret,
    templateVersionId,
    async variant(options) {
      const other = await buildApp({
        config,
        database,
        db: database.db,
        jobs,
        appSecret,
        publicRateLimits,
        ...options,
      });
      await other.listen({ port: 0, host: '127.0.0.1' });
      const { port } = other.server.address() as { port: number };
      return { url: `http://127.0.0.1:${port}`, close: () => other.close() };
    },
    async close() {
      await app.close();
      await jobs.stop(1000);
      await database.close();
      await dropDatabase();
    },
  } satisfies BenchApp;
}

/** Creates `count` one-use invitations in bulk and returns their tokens (any database with the app's secret). */
export async function createInvitations(
  bench: Pick<BenchApp, 'database' | 'appSecret' | 'templateVersionId'>,
  count: number,
): Promise<string[]> {
  const tokens: string[] = [];
  const expiresAt = new Date(Date.now() + 86_400_000);
  for (let done = 0; done < count; done += 1000) {
    const rows = await bench.database.db
      .insert(invitations)
      .values(
        Array.from({ length: Math.min(1000, count - done) }, () => ({
          workOrderId: crypto.randomUUID(),
          templateVersionId: bench.templateVersionId,
          source: 'rule' as const,
          contact: { locale: 'zh-CN' },
          channels: ['email'],
          status: 'delivered' as const,
          expiresAt,
        })),
      )
      .returning({ id: invitations.id });
    for (const r of rows) tokens.push(invitationToken(bench.appSecret, r.id));
  }
  return tokens;
}
