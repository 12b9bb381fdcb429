import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from './client.js';

/**
 * Runs a raw statement and returns its rows typed as `T` (the caller states the shape its SELECT/RETURNING gives).
 * Both drivers (node-postgres and PGlite) answer `execute` with `{ rows }`.
 */
export async function executeRows<T>(db: DbOrTx, statement: SQL): Promise<T[]> {
  const result = (await db.execute(statement)) as unknown as { rows: T[] };
  return result.rows;
}

/** Escapes LIKE/ILIKE wildcards (`%`, `_`) and the escape character itself, so user text matches literally. */
export const escapeLike = (text: string) => text.replace(/[%_\\]/g, '\\$&');

/**
 * A `$1`-style SQL runner on a Drizzle handle (pg-boss's `db` option): a job sent through it is inserted in that
 * transaction, so it exists exactly when the change that asked for it commits.
 */
export function sqlRunnerOn(db: DbOrTx) {
  return {
    executeSql: async (text: string, values: unknown[] = []): Promise<{ rows: unknown[] }> => {
      const parts = text.split(/\$(\d+)/);
      const chunks: SQL[] = [];
      parts.forEach((part, i) => {
        chunks.push(i % 2 === 0 ? sql.raw(part) : sql`${sql.param(values[Number(part) - 1])}`);
      });
      return { rows: await executeRows<unknown>(db, sql.join(chunks)) };
    },
  };
}
