import '../../../../test/support/no-network.js';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { testDbKind } from '../../../../test/support/db.js';
import { openPostgres } from '../../db/client.js';
import { executeRows } from '../../db/sql.js';
import { SYSTEM_ACTOR } from '../../http/principal.js';
import { type DomainEventType, recordEvent } from './events.service.js';
import {
  PROCESSOR_MAX_ATTEMPTS,
  type ProcessorEnvironment,
  registerProcessors,
  retryDueFailures,
  runProcessorBatch,
  skipProcessorsToNow,
} from './processor-runner.js';
import { processorFailures, processorStatuses, retryParkedEvent } from './processor-status.js';
import { defineProcessor, type EventProcessor } from './processors.js';

/**
 * The processor runner (processor-runner.ts): at least once, in position order, per work order in order behind a
 * failure, retried with backoff and parked; commit-safe against a transaction that inserts first and commits last;
 * effects and position in one transaction; one worker per processor at a time.
 */
let t: TestApp;
let clock = new Date();
const env = (): ProcessorEnvironment => ({
  database: t.database,
  jobs: t.ctx.jobs,
  config: t.ctx.config,
  appSecret: t.ctx.appSecret,
  now: () => clock,
  log: pino({ level: 'silent' }),
});

beforeAll(async () => {
  t = await createTestApp();
  await t.ctx.db.execute(
    sql`create table processor_effects (processor text not null, event_seq bigint not null, at timestamptz default clock_timestamp())`,
  );
});
afterAll(async () => {
  await t?.close();
});
beforeEach(() => {
  clock = new Date();
});

/** A processor that records each event it handles in `processor_effects`, through the batch's transaction. */
function recorder(
  name: string,
  opts: { fail?: (seq: number) => boolean; events?: DomainEventType[]; slowMs?: number } = {},
): EventProcessor {
  return defineProcessor({
    name,
    events: opts.events ?? ['rating.submitted'],
    startFrom: 'now',
    async handle(event, { tx }) {
      if (opts.fail?.(event.seq)) throw new Error(`cannot handle ${event.seq}`);
      await tx.execute(sql`insert into processor_effects (processor, event_seq) values (${name}, ${event.seq})`);
      if (opts.slowMs) await tx.execute(sql`select pg_sleep(${opts.slowMs / 1000})`);
    },
  });
}

const effects = async (name: string) =>
  (
    await executeRows<{ event_seq: string }>(
      t.ctx.db,
      sql`select event_seq from processor_effects where processor = ${name} order by at, event_seq`,
    )
  ).map((r) => Number(r.event_seq));

const rated = async (workOrderId: string | null = randomUUID()) =>
  (
    await recordEvent(t.ctx.db, SYSTEM_ACTOR, {
      type: 'rating.submitted',
      workOrderId,
      subjectType: 'rating',
      subjectId: randomUUID(),
    })
  ).seq;

/**
 * Waits until event `seq` is below the watermark (every transaction that might precede it has ended). On a shared
 * PostgreSQL server a long transaction in ANOTHER database holds the watermark back too (transaction ids are
 * server-wide), as other test files' transactions do here.
 */
async function readable(seq: number) {
  const until = Date.now() + 60_000;
  for (;;) {
    const [row] = await executeRows<{ ok: boolean }>(
      t.ctx.db,
      sql`select txid < pg_snapshot_xmin(pg_current_snapshot()) as ok from domain_events where seq = ${seq}`,
    );
    if (row?.ok) return;
    if (Date.now() > until) throw new Error(`event ${seq} stayed above the watermark`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Registers `p` (starting "now") once every event already written is below the watermark, so it starts after all of
 * them — otherwise, with the watermark held back by another database's transaction, it would also get earlier
 * tests' events (a "now" start is at least once).
 */
async function register(p: EventProcessor) {
  const [row] = await executeRows<{ seq: string | null }>(t.ctx.db, sql`select max(seq) as seq from domain_events`);
  if (row?.seq) await readable(Number(row.seq));
  await registerProcessors(t.ctx.db, [p]);
}

/** Runs batches until nothing is left to read; with `last`, first waits until that event can be read. */
async function drain(p: EventProcessor, last?: number) {
  if (last !== undefined) await readable(last);
  while ((await runProcessorBatch(env(), p)).read > 0) {}
}

describe('event processors', () => {
  it('skip what has committed when told (an imported history is the past), and handle what comes after', async () => {
    const p = recorder(`skip-${randomUUID()}`);
    await register(p);
    const history = [await rated(), await rated(), await rated()];
    await readable(history.at(-1)!);
    await skipProcessorsToNow(t.ctx.db);
    const position = async () =>
      (
        await executeRows<{ txid: string; seq: string }>(
          t.ctx.db,
          sql`select txid::text as txid, seq from event_processors where name = ${p.name}`,
        )
      )[0];
    const moved = await position();
    await skipProcessorsToNow(t.ctx.db);
    // Never backwards (nor anywhere, when nothing new committed in between).
    expect(BigInt((await position())!.txid)).toBeGreaterThanOrEqual(BigInt(moved!.txid));
    const news = await rated();
    await drain(p, news);
    expect(await effects(p.name)).toEqual([news]);
  });

  it('start at the watermark, handle only their event types, each event once, and move their position', {
    timeout: 120_000,
  }, async () => {
    const before = await rated();
    const p = recorder(`p-${randomUUID()}`);
    await register(p);
    const a = await rated();
    await recordEvent(t.ctx.db, SYSTEM_ACTOR, { type: 'invitation.opened', subjectType: 'invitation' });
    const b = await rated(null);
    await drain(p, b);
    await drain(p);
    expect(await effects(p.name)).toEqual([a, b]);
    expect(await effects(p.name)).not.toContain(before);
    const [status] = await processorStatuses(t.ctx.db, [p]);
    expect(status).toMatchObject({ name: p.name, pending: 0, handled: 2, retrying: 0, parked: 0 });
  });

  it('retry a handler that fails twice, then succeeds; the work order’s later events wait behind it', {
    timeout: 120_000,
  }, async () => {
    let tries = 0;
    const wo = randomUUID();
    const p = recorder(`p-${randomUUID()}`, { fail: (seq) => seq === first && ++tries <= 2 });
    await register(p);
    const first = await rated(wo);
    const second = await rated(wo);
    const other = await rated();
    await drain(p, other);
    // The other work order's event is handled at once; the second event of `wo` waits behind the first.
    expect(await effects(p.name)).toEqual([other]);
    const [waiting] = await processorStatuses(t.ctx.db, [p]);
    expect(waiting?.retrying).toBe(2);

    // Not due yet: nothing happens.
    expect(await retryDueFailures(env(), p)).toBe(0);
    // Each retry waits its backoff: 5 s (±10 %), then 30 s.
    clock = new Date(clock.getTime() + 6_000);
    expect(await retryDueFailures(env(), p)).toBe(1); // fails again (2nd failure)
    expect(await effects(p.name)).toEqual([other]);
    clock = new Date(clock.getTime() + 34_000);
    await retryDueFailures(env(), p); // the first succeeds
    await retryDueFailures(env(), p); // then the second, in order
    expect(await effects(p.name)).toEqual([other, first, second]);
    expect(tries).toBe(3); // two failures, then the success
    const [done] = await processorStatuses(t.ctx.db, [p]);
    expect(done).toMatchObject({ retrying: 0, parked: 0, handled: 3 });
  });

  it('park an event that keeps failing, show it, and handle it once retried by hand', {
    timeout: 120_000,
  }, async () => {
    let broken = true;
    const p = recorder(`p-${randomUUID()}`, { fail: () => broken });
    await register(p);
    const seq = await rated();
    await drain(p, seq);
    for (let i = 1; i < PROCESSOR_MAX_ATTEMPTS; i++) {
      clock = new Date(clock.getTime() + 3 * 3_600_000);
      await retryDueFailures(env(), p);
    }
    const parked = (await processorFailures(t.ctx.db)).filter((f) => f.processor === p.name);
    expect(parked).toHaveLength(1);
    expect(parked[0]).toMatchObject({ eventSeq: seq, attempts: PROCESSOR_MAX_ATTEMPTS, eventType: 'rating.submitted' });
    expect(parked[0]?.error).toContain(`cannot handle ${seq}`);
    expect((await processorStatuses(t.ctx.db, [p]))[0]?.parked).toBe(1);

    broken = false;
    await retryParkedEvent(t.ctx.db, p.name, seq);
    await retryDueFailures(env(), p);
    expect(await effects(p.name)).toEqual([seq]);
    expect((await processorStatuses(t.ctx.db, [p]))[0]).toMatchObject({ parked: 0, retrying: 0 });
    await expect(retryParkedEvent(t.ctx.db, p.name, seq)).rejects.toMatchObject({ status: 404 });
  });
});

describe.skipIf(testDbKind() !== 'postgres')('event processors on PostgreSQL (real concurrency)', () => {
  it('see an event whose transaction took its id first and committed last, and every event once', {
    timeout: 120_000,
  }, async () => {
    const p = recorder(`p-${randomUUID()}`);
    await register(p);
    // The slow transaction takes its id and inserts its event first (lower txid and seq), then waits.
    const slow = t.database.pool!;
    const client = await slow.connect();
    let slowSeq = 0;
    try {
      await client.query('begin');
      const inserted = await client.query<{ seq: string }>(
        `insert into domain_events (type, subject_type, actor_type) values ('rating.submitted', 'rating', 'system')
         returning seq`,
      );
      slowSeq = Number(inserted.rows[0]!.seq);
      // A faster transaction inserts after it and commits first.
      const fast = await rated();
      expect(fast).toBeGreaterThan(slowSeq);
      await drain(p);
      // "Everything after the highest seq seen" would now stand past the slow event and skip it forever; the
      // position stays below the slow transaction, so the fast event waits too.
      expect(await effects(p.name)).toEqual([]);
      await client.query('commit');
      await drain(p, fast);
      expect((await effects(p.name)).sort((x, y) => x - y)).toEqual([slowSeq, fast]);
      await drain(p);
      expect(await effects(p.name)).toHaveLength(2);
    } finally {
      client.release();
    }
  });

  it('a processor killed mid-batch resumes without losing or double-applying an effect', {
    timeout: 120_000,
  }, async () => {
    const name = `p-${randomUUID()}`;
    let kill = true;
    const seqs: number[] = [];
    const p = defineProcessor({
      name,
      events: ['rating.submitted'],
      async handle(event, { tx }) {
        await tx.execute(sql`insert into processor_effects (processor, event_seq) values (${name}, ${event.seq})`);
        // The worker's connection dies while the batch is under way (after two effects were written).
        if (kill && event.seq === seqs[2]) await tx.execute(sql`select pg_terminate_backend(pg_backend_pid())`);
      },
    });
    await register(p);
    for (let i = 0; i < 5; i++) seqs.push(await rated());
    await readable(seqs[4]!);
    await expect(runProcessorBatch(env(), p)).rejects.toThrow();
    expect(await effects(name)).toEqual([]);
    kill = false;
    await drain(p);
    expect(await effects(name)).toEqual(seqs);
  });

  it('two workers never handle one processor’s events at the same time, and each event once', {
    timeout: 120_000,
  }, async () => {
    const name = `p-${randomUUID()}`;
    const p = recorder(name, { slowMs: 20 });
    await register(p);
    let last = 0;
    for (let i = 0; i < 30; i++) last = await rated();
    await readable(last);
    const url = (t.database.pool!.options as { connectionString: string }).connectionString;
    const other = await openPostgres(url, 3);
    try {
      const second = { ...env(), database: other };
      const work = async (e: ProcessorEnvironment) => {
        for (let i = 0; i < 40; i++) await runProcessorBatch(e, p);
      };
      await Promise.all([work(env()), work(second)]);
      const rows = await executeRows<{ event_seq: string; at: string }>(
        t.ctx.db,
        sql`select event_seq, at from processor_effects where processor = ${name} order by event_seq`,
      );
      expect(rows).toHaveLength(30);
      expect(new Set(rows.map((r) => r.event_seq)).size).toBe(30);
    } finally {
      await other.close();
    }
  });
});
