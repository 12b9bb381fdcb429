import type { PGlite, Transaction } from '@electric-sql/pglite';
import pg from 'pg';
import type { Database } from '../../src/server/db/client.js';

/**
 * Counts the database round trips `fn` makes, at the driver: on PostgreSQL every `pg.Client#query` (each is one
 * request and its answer on the wire, BEGIN and COMMIT included); on PGlite every `query`/`exec` of the client and of
 * its transactions, plus BEGIN and COMMIT of each transaction (what they would cost on a server). Nothing else may use
 * the database meanwhile (no workers): the count is the process's.
 */
export async function countRoundTrips<T>(
  database: Database,
  fn: () => Promise<T>,
): Promise<{ result: T; trips: number }> {
  let trips = 0;
  if (database.kind === 'postgres') {
    const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const original = proto.query;
    proto.query = function (this: unknown, ...args: unknown[]) {
      trips++;
      return original.apply(this, args);
    };
    try {
      return { result: await fn(), trips };
    } finally {
      proto.query = original;
    }
  }
  const client = database.pglite as PGlite;
  const { query, exec, transaction } = client;
  const counted = <F extends (...args: never[]) => unknown>(f: F, self: unknown): F =>
    ((...args: Parameters<F>) => {
      trips++;
      return f.apply(self, args);
    }) as F;
  client.query = counted(query, client);
  client.exec = counted(exec, client);
  client.transaction = (async (cb: (tx: Transaction) => Promise<unknown>) => {
    trips += 2;
    return transaction.call(client, (tx) => {
      tx.query = counted(tx.query, tx);
      tx.exec = counted(tx.exec, tx);
      return cb(tx);
    });
  }) as typeof client.transaction;
  try {
    return { result: await fn(), trips };
  } finally {
    client.query = query;
    client.exec = exec;
    client.transaction = transaction;
  }
}
