import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { acquireDataDirLock } from './pglite-lock.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** The one database type every service uses, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query API as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface SqlRunner {
  /** Parameterised query returning rows (used by pg-boss and raw SQL helpers). */
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: T[] }>;
  /**
   * The same as a named prepared statement: PostgreSQL parses and plans `text` once per connection and then only
   * binds and executes it (the hot paths' statements); PGlite, in process, runs it as a plain query.
   */
  prepared<T = Record<string, unknown>>(name: string, text: string, values: unknown[]): Promise<{ rows: T[] }>;
}

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  sql: SqlRunner;
  /** For pg-boss: multi-statement SQL without parameters must go through PGlite's `exec`. */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Present only for PostgreSQL: the pool (LISTEN and advisory locks need a dedicated client). */
  pool?: pg.Pool;
  /** Present only for PGlite. */
  pglite?: PGlite;
}

export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  // Idle connections are kept 5 minutes (pg's default is 10 s). A new backend maps each shared buffer page it touches
  // for the first time: a report read of 5,600 rollup pages took 130 ms on a fresh connection and 18 ms on a used one
  // (shared_buffers 4 GB without huge pages, BENCHMARKS.md "Analytics II reports"); with 10 s, a console used now and
  // then met fresh connections on most requests.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: 300_000 });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it. Queries in flight still reject normally.
  });
  pool.on('connect', (client) => {
    // A client checked out when its connection dies (a restarted server, a terminated backend) emits 'error' with no
    // listener — an uncaught exception that would end the process. Its query in flight rejects anyway, and the pool
    // discards the client when it is released.
    client.on('error', () => {});
  });
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const sqlRunner: SqlRunner = {
    query: async (text, values) => {
      const res = await pool.query(text, values as unknown[]);
      return { rows: res.rows };
    },
    prepared: async (name, text, values) => {
      const res = await pool.query({ name, text, values });
      return { rows: res.rows };
    },
  };
  return {
    kind: 'postgres',
    db,
    sql: sqlRunner,
    executeSql: (text, values) => sqlRunner.query(text, values),
    ping: async () => {
      await pool.query('select 1');
    },
    close: () => pool.end(),
    pool,
  };
}

export async function wrapPglite(client: PGlite, onClose?: () => void): Promise<Database> {
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  const sqlRunner: SqlRunner = {
    query: async <T>(text: string, values?: unknown[]) => {
      const res = await client.query<T>(text, values as unknown[]);
      return { rows: res.rows };
    },
    prepared: async <T>(_name: string, text: string, values: unknown[]) => {
      const res = await client.query<T>(text, values);
      return { rows: res.rows };
    },
  };
  return {
    kind: 'pglite',
    db,
    sql: sqlRunner,
    executeSql: async (text, values) => {
      if (!values || values.length === 0) {
        const results = await client.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      }
      return sqlRunner.query(text, values);
    },
    ping: async () => {
      await client.query('select 1');
    },
    close: async () => {
      try {
        if (!client.closed) await client.close();
      } finally {
        onClose?.();
      }
    },
    pglite: client,
  };
}

/**
 * PGlite runs PostgreSQL inside a WebAssembly memory that never shrinks: every page it has touched stays resident for
 * the life of the process. Its shared_buffers default (initdb's 128 MB) fills up as tables are read and alone made
 * ~120 MB of the server's resident memory (BENCHMARKS.md, "Memory, embedded mode"). The embedded mode serves one
 * small installation, and pages missing from the buffer cache come from the OS page cache, not the disk.
 */
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

/**
 * Creates the database files of a new data folder (initdb) in a worker thread, which then ends. PGlite's initdb runs
 * a second WebAssembly PostgreSQL and the initdb program beside it, ~350 MB of memories that are garbage once it
 * returns, yet V8 frees them only at a major collection, which an idle server may not reach for minutes: the first
 * start stayed ~150 MB above a reopened one. A worker's memories go when the worker ends.
 * The worker's code is CommonJS evaluated in place, so it is the same under tsx, vitest and the compiled server.
 */
async function initDataDirInWorker(dataDir: string): Promise<void> {
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     const { PGlite } = require(workerData.pglite);
     PGlite.create(workerData.dataDir, { startParams: workerData.startParams }).then((pg) => pg.close());`,
    {
      eval: true,
      workerData: {
        pglite: createRequire(import.meta.url).resolve('@electric-sql/pglite'),
        dataDir,
        startParams: PGLITE_START_PARAMS,
      },
    },
  );
  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`initdb worker exited with ${code}`))));
  });
}

/** Opens the embedded database in `dataDir`, holding the data-folder lock for the life of the process. */
export async function openPglite(dataDir: string): Promise<Database> {
  const lock = acquireDataDirLock(dataDir);
  try {
    if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await initDataDirInWorker(dataDir);
    const client = await PGlite.create(dataDir, { startParams: PGLITE_START_PARAMS });
    return await wrapPglite(client, () => lock.release());
  } catch (err) {
    lock.release();
    throw err;
  }
}
