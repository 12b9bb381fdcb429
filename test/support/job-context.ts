import pino from 'pino';
import type { Database } from '../../src/server/db/client.js';
import type { JobContext } from '../../src/server/jobs/queue.js';
import type { TestApp } from './app.js';

/** What a worker hands a job, at a fixed `now`: for running a job's handler directly in a test. */
export function jobContextAt(t: TestApp, now: Date, database: Database = t.database): JobContext {
  return {
    config: t.ctx.config,
    appSecret: t.ctx.appSecret,
    now: () => now,
    database,
    log: pino({ level: 'silent' }),
    jobs: t.ctx.jobs,
    jobId: 'test',
    retryCount: 0,
  };
}
