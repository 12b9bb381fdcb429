import { afterAll } from 'vitest';

/**
 * Fails a database test file in which two statements were sent at once on one connection — a transaction's reads
 * started together with `Promise.all` (use `readAll`, src/server/db/reads.ts). node-postgres only queues them and
 * warns once per process ("client.query() when the client is already executing a query"); pg@9 will refuse them.
 */
const seen: string[] = [];
process.on('warning', (warning) => {
  if (warning.message.includes('already executing a query')) seen.push(warning.message);
});

afterAll(() => {
  if (seen.length > 0) {
    throw new Error(
      `${seen[0]} — a transaction ran statements at once; read with readAll (src/server/db/reads.ts) instead.`,
    );
  }
});
