import type { SQL } from 'drizzle-orm';
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
