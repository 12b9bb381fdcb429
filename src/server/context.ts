import type { FastifyBaseLogger } from 'fastify';
import type { AppConfig } from './config.js';
import type { Database, Db } from './db/client.js';
import type { JobQueue } from './jobs/queue.js';

/** What every route and service may use: built once in main.ts (or by the test harness). */
export interface AppContext {
  config: AppConfig;
  database: Database;
  db: Db;
  jobs: JobQueue;
  log: FastifyBaseLogger;
  /** Signs invitation tokens (APP_SECRET, or generated once and kept in the database). */
  appSecret: string;
}
