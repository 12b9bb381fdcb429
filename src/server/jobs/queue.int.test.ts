import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDatabase } from '../../../test/support/db.js';
import { loadConfig } from '../config.js';
import type { Database } from '../db/client.js';
import { defineJob, JobQueue } from './queue.js';

let database: Database;
let queue: JobQueue;
const seen: { name: string; value: number; retryCount: number; at: number }[] = [];
let failuresLeft = 2;

const echo = defineJob({
  name: 'test.echo',
  payload: z.object({ value: z.number().int() }),
  handler: async ({ value }, { retryCount }) => {
    seen.push({ name: 'echo', value, retryCount, at: Date.now() });
  },
});

const flaky = defineJob({
  name: 'test.flaky',
  payload: z.object({ value: z.number().int() }),
  retryLimit: 3,
  retryDelaySeconds: 1,
  handler: async ({ value }, { retryCount }) => {
    seen.push({ name: 'flaky', value, retryCount, at: Date.now() });
    if (failuresLeft-- > 0) throw new Error('transient failure');
  },
});

beforeAll(async () => {
  database = await createTestDatabase();
  queue = new JobQueue(
    database,
    pino({ level: 'silent' }),
    { config: loadConfig({ NODE_ENV: 'test' }), appSecret: 'test-secret', now: () => new Date() },
    { pollingIntervalSeconds: 0.5 },
  );
  queue.register(echo, flaky);
  await queue.start();
  await queue.work();
});
afterAll(async () => {
  await queue?.stop(2000);
  await database?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(predicate: () => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('typed job queue', () => {
  it('runs a job with its validated payload', async () => {
    await queue.send(echo, { value: 7 });
    await until(() => seen.some((s) => s.name === 'echo' && s.value === 7));
  });

  it('rejects a payload that does not match the job’s schema at send time', async () => {
    await expect(queue.send(echo, { value: 'seven' } as unknown as { value: number })).rejects.toThrow();
  });

  it('retries a failing job with growing delays until it succeeds', async () => {
    await queue.send(flaky, { value: 1 });
    await until(() => seen.filter((s) => s.name === 'flaky').length === 3, 40_000);
    const runs = seen.filter((s) => s.name === 'flaky');
    expect(runs.map((r) => r.retryCount)).toEqual([0, 1, 2]);
    const gap1 = runs[1]!.at - runs[0]!.at;
    const gap2 = runs[2]!.at - runs[1]!.at;
    expect(gap1).toBeGreaterThanOrEqual(900);
    expect(gap2).toBeGreaterThan(gap1 * 0.9);
  }, 60_000);

  it('enqueues one job per idempotency key', async () => {
    const a = await queue.send(echo, { value: 100 }, { key: 'invitation-1:email:0', startAfter: 60 });
    const b = await queue.send(echo, { value: 101 }, { key: 'invitation-1:email:0', startAfter: 60 });
    const c = await queue.send(echo, { value: 102 }, { key: 'invitation-1:email:1', startAfter: 60 });
    expect(a).toBeTruthy();
    expect(b).toBeNull();
    expect(c).toBeTruthy();
    expect(c).not.toBe(a);
  });

  it('a job left active by a process that ended runs again, under its own id, after its retry delay', async () => {
    // As a kill -9 leaves it: fetched (active), never completed — pg-boss alone would wait for its 15-min expiry.
    const id = await queue.send(echo, { value: 300 }, { key: 'left-active', startAfter: 3600 });
    await database.sql.query(`update pgboss.job set state = 'active', started_on = now() where id = $1`, [id]);
    expect(await queue.failJobsLeftActive()).toEqual({ 'test.echo': 1 });
    await database.sql.query(`update pgboss.job set start_after = now() where id = $1`, [id]);
    await until(() => seen.some((s) => s.name === 'echo' && s.value === 300 && s.retryCount === 1));
    const rows = await database.sql.query<{ state: string }>('select state from pgboss.job where id = $1', [id]);
    expect(rows.rows[0]?.state).toBe('completed');
    expect(await queue.failJobsLeftActive()).toEqual({});
  });

  describe('worker liveness (job_workers)', () => {
    const slowRuns: { value: number; retryCount: number }[] = [];
    let release: () => void = () => undefined;
    const slow = defineJob({
      name: 'test.slow',
      payload: z.object({ value: z.number().int() }),
      retryDelaySeconds: 1,
      handler: async ({ value }, { retryCount }) => {
        slowRuns.push({ value, retryCount });
        if (value === 1) await new Promise<void>((resolve) => (release = resolve));
      },
    });
    const liveQueue = async () => {
      const q = new JobQueue(
        database,
        pino({ level: 'silent' }),
        { config: loadConfig({ NODE_ENV: 'test' }), appSecret: 'test-secret', now: () => new Date() },
        { pollingIntervalSeconds: 0.5, liveness: { heartbeatSeconds: 0.2, staleAfterSeconds: 1 } },
      );
      q.register(slow);
      await q.start();
      await q.work();
      return q;
    };
    const stateOf = async (id: string) =>
      (await database.sql.query<{ state: string }>('select state from pgboss.job where id = $1', [id])).rows[0]?.state;
    const workerRows = async () =>
      (await database.sql.query<{ n: number }>('select count(*)::int as n from job_workers')).rows[0]!.n;
    async function eventually(predicate: () => Promise<boolean>, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!(await predicate())) {
        if (Date.now() > deadline) throw new Error('timed out');
        await sleep(100);
      }
    }

    it("a job left active by a worker that is gone is failed by a live worker's sweep and runs again", async () => {
      const live = await liveQueue();
      try {
        // As a killed worker on PostgreSQL leaves it (the embedded database's restart fails these itself): active,
        // started 5 s ago, listed by no worker seen within the last second. pg-boss alone waits for its 15-min expiry.
        const id = await live.send(slow, { value: 2 }, { key: 'gone-worker', startAfter: 3600 });
        await database.sql.query(
          `update pgboss.job set state = 'active', started_on = now() - interval '5 seconds' where id = $1`,
          [id],
        );
        await eventually(async () => (await stateOf(id!)) === 'completed');
        expect(slowRuns.filter((r) => r.value === 2)).toEqual([{ value: 2, retryCount: 1 }]);
      } finally {
        await live.stop(2000);
      }
    });

    it('a job its live worker lists is left to it, however long it runs; a stopped worker removes its row', async () => {
      const live = await liveQueue();
      let id: string | null = null;
      try {
        id = await live.send(slow, { value: 1 });
        await until(() => slowRuns.some((r) => r.value === 1));
        // Running for a minute already, as far as the sweep can tell: only the worker's list keeps it.
        await database.sql.query(`update pgboss.job set started_on = now() - interval '1 minute' where id = $1`, [id]);
        await sleep(2000); // ten beats and sweeps
        expect(await stateOf(id!)).toBe('active');
        const listing = await database.sql.query('select id from job_workers where $1 = any(active_job_ids)', [id]);
        expect(listing.rows).toHaveLength(1);
        release();
        await eventually(async () => (await stateOf(id!)) === 'completed');
        expect(slowRuns.filter((r) => r.value === 1)).toEqual([{ value: 1, retryCount: 0 }]);
      } finally {
        release();
        const before = await workerRows();
        await live.stop(2000);
        expect(await workerRows()).toBe(before - 1);
      }
    });
  });

  it('registers cron schedules', async () => {
    await queue.schedule(echo, '*/5 * * * *', { value: 5 });
    const rows = await database.sql.query<{ name: string; cron: string }>('select name, cron from pgboss.schedule');
    expect(rows.rows).toContainEqual(expect.objectContaining({ name: 'test.echo', cron: '*/5 * * * *' }));
  });
});
