import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { Database } from '../../src/server/db/client.js';

/**
 * Counts the round trips one database handle makes while `fn` runs — what a request costs on the wire.
 *
 * - PostgreSQL: every `pg.Client#query` on a connection to this database (a pool query, a transaction's BEGIN,
 *   each statement, COMMIT): node-postgres sends one query's Parse/Bind/Execute/Sync together and waits for its
 *   answer, so one call is one round trip.
 * - PGlite: every `query`/`exec` on the instance, and inside `transaction()` its BEGIN and COMMIT plus each statement
 *   of the callback's handle — the same accounting as on the wire, so both databases are held to one budget.
 *
 * Only this database's traffic caused by `fn` is counted: statements issued in its async context (tracked with
 * AsyncLocalStorage), so the job queue's own polling and other test files on the same server are left out.
 */
export async function countRoundTrips<T>(
  database: Database,
  fn: () => Promise<T>,
): Promise<{ result: T; roundTrips: number; statements: string[] }> {
  const statements: string[] = [];
  const mine = {};
  const record = (text: unknown) => {
    if (context.getStore() !== mine) return;
    const s = typeof text === 'string' ? text : ((text as { text?: string } | null)?.text ?? String(text));
    statements.push(s.replace(/\s+/g, ' ').slice(0, 160));
  };
  const restore = database.kind === 'postgres' ? spyPostgres(database, record) : spyPglite(database, record);
  try {
    // Awaited inside the context: a lazy thenable (light-my-request's inject) starts its work only when awaited.
    const result = await context.run(mine, async () => await fn());
    return { result, roundTrips: statements.length, statements };
  } finally {
    restore();
  }
}

const context = new AsyncLocalStorage<object>();

function spyPostgres(database: Database, record: (text: unknown) => void) {
  const pool = database.pool!;
  const dbName = (pool.options as { connectionString?: string }).connectionString
    ? new URL((pool.options as { connectionString: string }).connectionString).pathname.slice(1)
    : undefined;
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    if ((this as unknown as { database?: string }).database === dbName) record(args[0]);
    return original.apply(this, args);
  };
  return () => {
    proto.query = original;
  };
}

type Queryable = {
  query: (...args: unknown[]) => Promise<unknown>;
  exec: (...args: unknown[]) => Promise<unknown>;
};

function spyPglite(database: Database, record: (text: unknown) => void) {
  const client = database.pglite as unknown as Queryable & {
    transaction: (cb: (tx: Queryable) => Promise<unknown>) => Promise<unknown>;
  };
  const { query, exec, transaction } = client;
  const counted = (target: Queryable, q: Queryable['query'], e: Queryable['exec']) => ({
    query: (...args: unknown[]) => {
      record(args[0]);
      return q.apply(target, args);
    },
    exec: (...args: unknown[]) => {
      record(args[0]);
      return e.apply(target, args);
    },
  });
  Object.assign(client, counted(client, query, exec));
  client.transaction = (cb) => {
    record('BEGIN');
    return transaction
      .call(client, (tx: Queryable) => cb(Object.assign(Object.create(tx), counted(tx, tx.query, tx.exec))))
      .finally(() => record('COMMIT'));
  };
  return () => {
    Object.assign(client, { query, exec, transaction });
  };
}
