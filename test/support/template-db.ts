import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../../src/server/config.js';
import { type Database, openPostgres, wrapPglite } from '../../src/server/db/client.js';
import { runMigrations } from '../../src/server/db/migrate.js';
import { JobQueue } from '../../src/server/jobs/queue.js';
import { jobDefinitions } from '../../src/server/modules/index.js';

/**
 * Migrating a fresh database costs seconds, so vitest's global setup prepares one migrated template per run
 * (a PGlite dump file, or a PostgreSQL template database) and every test file clones it.
 */
export const TEMPLATE_ENV = 'RATELOOP_TEST_TEMPLATE';

async function prepare(database: Database): Promise<void> {
  await runMigrations(database);
  // Only creates pg-boss's schema and queues; no job runs here, so the environment is a placeholder.
  const env = { config: loadConfig({ NODE_ENV: 'test' }), appSecret: 'template', now: () => new Date() };
  const jobs = new JobQueue(database, pino({ level: 'silent' }), env);
  jobs.register(...jobDefinitions);
  await jobs.start();
  await jobs.stop();
}

export async function createPgliteTemplate(): Promise<string> {
  const client = new PGlite();
  const database = await wrapPglite(client);
  await prepare(database);
  const dump = await client.dumpDataDir('none');
  const file = path.join(os.tmpdir(), `rateloop-template-${process.pid}-${Date.now()}.tar`);
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  return file;
}

export function adminUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export const randomDbName = (prefix: string) =>
  `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

export async function createPostgresTemplate(baseUrl: string): Promise<string> {
  const name = randomDbName('rateloop_tpl');
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const database = await openPostgres(adminUrl(baseUrl, name), 2);
  await prepare(database);
  await database.close();
  return name;
}

export async function dropPostgresDatabase(baseUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}
