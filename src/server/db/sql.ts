import { getTableColumns, type InferSelectModel, type SQL, type SQLWrapper, sql, type Table } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database, DbOrTx } from './client.js';

/**
 * Runs a raw statement and returns its rows typed as `T` (the caller states the shape its SELECT/RETURNING gives).
 * Both drivers (node-postgres and PGlite) answer `execute` with `{ rows }`.
 */
export async function executeRows<T>(db: DbOrTx, statement: SQL): Promise<T[]> {
  const result = (await db.execute(statement)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * `column = any($1::uuid[])`: a list of ids as ONE array parameter. `inArray` binds one parameter per id, and
 * PostgreSQL parses and plans a 2,000-element IN list slowly (measured: 2,000 ratings by id took 2–4× as long).
 */
export const anyUuid = (column: SQLWrapper, ids: readonly string[]): SQL =>
  sql`${column} = any(${sql.param(ids)}::uuid[])`;

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

const dialect = new PgDialect();

/**
 * Runs a statement built with Drizzle's `sql` as a NAMED prepared statement (see `SqlRunner.prepared`): for the hot
 * paths, where the parse and plan of a long statement would otherwise be paid on every request. The statement's text
 * must be the same for every call with that name (only its parameters change). Rows come as the driver gives them
 * (snake_case columns), typed as `T` by the caller.
 */
export async function preparedRows<T>(database: Database, name: string, statement: SQL): Promise<T[]> {
  const { sql: text, params } = dialect.sqlToQuery(statement);
  return (await database.sql.prepared<T>(name, text, params)).rows;
}

/**
 * A table's row from a raw statement's `select <table>.*` (snake_case columns as the driver gives them), mapped the
 * way Drizzle's own queries map it (camelCase keys; timestamps as Date, JSON parsed) — for hot-path statements that
 * read a whole row together with other things in one round trip.
 */
export function rowFromSql<T extends Table>(table: T, raw: Record<string, unknown>): InferSelectModel<T> {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = raw[column.name];
    out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return out as InferSelectModel<T>;
}
