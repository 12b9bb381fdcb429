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
  /**
   * Limits on the customer-facing routes, per minute (defaults in `modules/ratings/rate-limits.ts`). Set by whoever
   * builds the app: the benchmark (thousands of ratings from one address) and tests raise or lower them here.
   */
  publicRateLimits?: Partial<PublicRateLimits>;
}

export interface PublicRateLimits {
  /** Requests per client IP (a scanner or a script). */
  perIpPerMinute: number;
  /** Requests per token and client IP (one link hammered by one client). */
  perTokenPerMinute: number;
}
