import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { openPostgres } from '../../src/server/db/client.js';
import type { TestApp } from './app.js';

/**
 * Another application on the database of `first` (PostgreSQL only), as a second server process would be: its own
 * pg pool and Fastify instance, so nothing in memory is shared with `first`. It borrows `first`'s job queue (only
 * for enqueueing; close it before `first`, whose close drops the database).
 */
export async function createSecondApp(
  first: TestApp,
  env: Record<string, string> = {},
): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const pool = first.database.pool;
  if (!pool) throw new Error('createSecondApp needs PostgreSQL');
  const url = (pool.options as { connectionString?: string }).connectionString;
  if (!url) throw new Error('the first app’s pool has no connection string');
  const database = await openPostgres(url, 5);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', WEB_DIST_DIR: '/nonexistent', ...env });
  const app = await buildApp({
    config,
    database,
    db: database.db,
    jobs: first.ctx.jobs,
    appSecret: first.ctx.appSecret,
  });
  await app.ready();
  return {
    app,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
