import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { Database } from './client.js';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Any constant: several processes starting together on one PostgreSQL migrate one at a time. */
const MIGRATION_LOCK_KEY = 72_616_465;

export async function runMigrations(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: MIGRATIONS_DIR });
    return;
  }
  await withStartupLock(database, async () => {
    await migratePg(database.db as unknown as Parameters<typeof migratePg>[0], { migrationsFolder: MIGRATIONS_DIR });
  });
}

/**
 * Runs start-up work (migrations, the job queue's schema, first-run seeding) one process at a time: several servers
 * and workers starting together on one PostgreSQL would otherwise race to create the same rows and schemas.
 * PGlite serves one process, so there is nothing to serialise. Re-entrant within a process.
 */
let lockDepth = 0;
export async function withStartupLock<T>(database: Database, work: () => Promise<T>): Promise<T> {
  if (database.kind === 'pglite' || lockDepth > 0) return work();
  const client = await database.pool!.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    lockDepth++;
    try {
      return await work();
    } finally {
      lockDepth--;
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}
