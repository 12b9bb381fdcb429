import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/db.js';
import type { Database, DbOrTx } from './client.js';
import { readAll } from './reads.js';

let database: Database;
const warnings: string[] = [];
const onWarning = (w: Error) => warnings.push(w.message);

beforeAll(async () => {
  database = await createTestDatabase();
  process.on('warning', onWarning);
});
afterAll(async () => {
  process.off('warning', onWarning);
  await database?.close();
});

/** A read that notes when it starts and ends, and sleeps on the server so reads started together overlap. */
function traced(log: string[], name: string) {
  return async (db: DbOrTx) => {
    log.push(`${name}:start`);
    await db.execute(sql`select pg_sleep(0.05)`);
    log.push(`${name}:end`);
    return name;
  };
}

describe('readAll', () => {
  it('on the database starts every read at once and keeps their order in the answer', async () => {
    const log: string[] = [];
    const { db } = database;
    const [a, b] = await readAll(db, [() => traced(log, 'a')(db), () => traced(log, 'b')(db)] as const);
    expect([a, b]).toEqual(['a', 'b']);
    expect(log.slice(0, 2)).toEqual(['a:start', 'b:start']);
  });

  it('in a transaction runs one read after the other: no statement waits behind another on the connection', async () => {
    const log: string[] = [];
    const answer = await database.db.transaction(async (tx) =>
      readAll(tx, [() => traced(log, 'a')(tx), () => traced(log, 'b')(tx), async () => 42] as const),
    );
    expect(answer).toEqual(['a', 'b', 42]);
    expect(log).toEqual(['a:start', 'a:end', 'b:start', 'b:end']);
    expect(warnings.filter((w) => w.includes('already executing'))).toEqual([]);
  });
});
