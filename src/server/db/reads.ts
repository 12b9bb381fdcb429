import { PgTransaction } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client.js';

type Read = () => PromiseLike<unknown>;

/**
 * Runs independent reads: at once on the database (each takes its own pooled connection), one after another in a
 * transaction. A transaction is one connection: reads started together there only queue, and node-postgres warns
 * ("client.query() when the client is already executing a query", refused from pg@9). Use it instead of
 * `Promise.all` wherever the handle may be a transaction (a function taking `DbOrTx`).
 */
export async function readAll<const R extends readonly Read[]>(
  db: DbOrTx,
  reads: R,
): Promise<{ -readonly [K in keyof R]: Awaited<ReturnType<R[K]>> }> {
  type Results = { -readonly [K in keyof R]: Awaited<ReturnType<R[K]>> };
  if (!(db instanceof PgTransaction)) return (await Promise.all(reads.map((read) => read()))) as Results;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as Results;
}
