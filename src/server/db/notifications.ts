import pg from 'pg';
import type { Database } from './client.js';

/**
 * PostgreSQL `LISTEN`/`NOTIFY` as a wake-up without data: `onWake` runs when anyone notifies `channel`, and readers
 * then read the table itself. On PostgreSQL a dedicated connection listens (a pooled one would be handed to other
 * queries) and reconnects after a loss, waking its listener once so nothing missed in between stays unread; on PGlite
 * the embedded database's own LISTEN serves. Returns the function that stops listening.
 */
export async function listen(database: Database, channel: string, onWake: () => void): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
  if (database.pglite) {
    const unlisten = await database.pglite.listen(channel, () => onWake());
    return async () => {
      if (!database.pglite?.closed) await unlisten();
    };
  }
  const pool = database.pool;
  if (!pool) throw new Error('no PostgreSQL pool to listen on');
  let stopped = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  const connect = async (): Promise<void> => {
    if (stopped) return;
    const c = new pg.Client(pool.options);
    c.on('notification', () => onWake());
    c.on('error', () => {
      // The connection broke: reconnect in a second, and wake the listener then (it may have missed a NOTIFY).
      if (client === c) client = null;
      c.end().catch(() => {});
      if (!stopped) retry = setTimeout(() => void reconnect(), 1_000);
    });
    await c.connect();
    await c.query(`listen ${channel}`);
    client = c;
  };
  const reconnect = async () => {
    try {
      await connect();
      onWake();
    } catch {
      if (!stopped) retry = setTimeout(() => void reconnect(), 1_000);
    }
  };
  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const c = client;
    client = null;
    await c?.end().catch(() => {});
  };
}

/** Wakes every listener of `channel`, on every process (no payload: listeners read the table). */
export async function notify(database: Database, channel: string): Promise<void> {
  await database.sql.query('select pg_notify($1, $2)', [channel, '']);
}
