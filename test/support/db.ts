import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openPostgres, wrapPglite } from '../../src/server/db/client.js';
import { adminUrl, dropPostgresDatabase, randomDbName, TEMPLATE_ENV } from './template-db.js';

export type TestDbKind = 'pglite' | 'postgres';
export const testDbKind = (): TestDbKind => (process.env.RATELOOP_TEST_DB === 'postgres' ? 'postgres' : 'pglite');

/** A fresh, migrated database of its own for a test file: a PGlite clone, or a new PostgreSQL database. */
export async function createTestDatabase(): Promise<Database> {
  const template = inject(TEMPLATE_ENV);
  if (testDbKind() === 'postgres') {
    const baseUrl = process.env.TEST_DATABASE_URL!;
    const name = randomDbName('rateloop_test');
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    try {
      // Concurrent clones of one template can collide ("source database is being accessed"): retry.
      for (let attempt = 0; ; attempt++) {
        try {
          await admin.query(`create database ${name} template ${template}`);
          break;
        } catch (err) {
          if ((err as { code?: string }).code !== '55006' || attempt > 50) throw err;
          await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
        }
      }
    } finally {
      await admin.end();
    }
    const database = await openPostgres(adminUrl(baseUrl, name), 5);
    const close = database.close;
    database.close = async () => {
      await close();
      await dropPostgresDatabase(baseUrl, name);
    };
    return database;
  }
  const client = new PGlite({ loadDataDir: new Blob([fs.readFileSync(template)]) });
  return wrapPglite(client);
}
