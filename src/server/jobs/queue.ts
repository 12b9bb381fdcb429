import { createHash, randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import PgBoss from 'pg-boss';
import type { z } from 'zod';
import type { AppConfig } from '../config.js';
import type { Database, DbOrTx } from '../db/client.js';
import { sqlRunnerOn } from '../db/sql.js';
import { beat, DEFAULT_LIVENESS, forgetWorkers, jobsNoLiveWorkerRuns, type WorkerLiveness } from './worker-liveness.js';

/**
 * What every job handler gets from the process that built the queue: the configuration, the secrets and the clock.
 * Given to the queue's constructor (main.ts, the test harness, the benchmarks), never looked up from a global.
 */
export interface JobEnvironment {
  config: AppConfig;
  /** Signs invitation tokens (APP_SECRET, or generated once and kept in the database). */
  appSecret: string;
  now: () => Date;
  /** Points where a test makes a job fail on purpose (e.g. a worker "killed" after the provider answered). */
  hooks?: JobHooks;
}

export interface JobHooks {
  /** invitations.deliver: after the provider answered, before the attempt is marked. */
  afterProviderAnswer?: () => void | Promise<void>;
}

export interface JobContext extends JobEnvironment {
  database: Database;
  log: FastifyBaseLogger;
  jobs: JobQueue;
  /** pg-boss job id and the attempt number (0 for the first run). */
  jobId: string;
  retryCount: number;
}

/** A typed job: its payload is validated on send and again on receipt; a job whose record is gone just returns. */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  payload: S;
  /** Retries after the first failure (default 5), exponential backoff from `retryDelaySeconds` (default 5). */
  retryLimit?: number;
  retryDelaySeconds?: number;
  expireInSeconds?: number;
  /** How many jobs of this kind a process runs at once (default 1). */
  concurrency?: number;
  handler: (payload: z.infer<S>, ctx: JobContext) => Promise<void>;
  /**
   * Optional: take up to `size` jobs per fetch and run them through `handler` together (one fetch, one completion
   * for the batch). Jobs the batch handler reports in `failed` are failed on their own (retried as pg-boss retries
   * any job); the others complete together. A throw fails the whole batch. `handler` stays the one-job path.
   */
  batch?: {
    size: number;
    /** Batches a process runs at once (default `concurrency`): each holds up to `size` jobs in flight. */
    concurrency?: number;
    handler: (jobs: BatchJob<z.infer<S>>[], ctx: BatchContext) => Promise<{ failed: BatchFailure[] }>;
  };
}

/** One job of a batch: its payload and the pg-boss id and retry count that `JobContext` carries for one job. */
export interface BatchJob<P> {
  payload: P;
  jobId: string;
  retryCount: number;
}

export type BatchContext = Omit<JobContext, 'jobId' | 'retryCount'>;

export interface BatchFailure {
  jobId: string;
  error: unknown;
}

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

export interface SendOptions {
  /** A Date, or seconds from now. */
  startAfter?: Date | number;
  /**
   * Idempotency key: sending the same job name + key again while the first job exists enqueues nothing
   * (the job id is derived from the key, and pg-boss inserts with ON CONFLICT DO NOTHING).
   */
  key?: string;
  /**
   * Enqueue inside this transaction (pg-boss's `db` option): the job exists exactly when the change that asked for it
   * commits — a reaction to a change is never lost between the commit and the send, nor sent for a rolled-back change.
   */
  tx?: DbOrTx;
}

/** One job for `JobQueue.sendMany`: what `send` takes, as one value. */
export interface QueuedJob<S extends z.ZodType = z.ZodType> {
  def: JobDefinition<S>;
  payload: z.infer<S>;
  key?: string;
  startAfter?: Date | number;
}

/** Builds a `QueuedJob` with its payload checked against the definition's type. */
export function queued<S extends z.ZodType>(
  def: JobDefinition<S>,
  payload: z.infer<S>,
  opts: { key?: string; startAfter?: Date | number } = {},
): QueuedJob {
  return { def: def as unknown as JobDefinition, payload, ...opts };
}

/** A stable UUID (v4 layout) derived from a string, so one logical job always gets one id. */
export function jobIdFor(name: string, key: string): string {
  const h = createHash('sha256').update(`${name}\u0000${key}`).digest('hex');
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class JobQueue {
  private readonly boss: PgBoss;
  private readonly definitions = new Map<string, JobDefinition>();
  private started = false;
  private working = false;
  /** The pg-boss jobs this process is running now (its heartbeat lists them: worker-liveness.ts). */
  private readonly running = new Set<string>();
  private workerId: string | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private beating: Promise<void> | null = null;

  constructor(
    private readonly database: Database,
    private readonly log: FastifyBaseLogger,
    private readonly env: JobEnvironment,
    private readonly options: { pollingIntervalSeconds?: number; liveness?: WorkerLiveness } = {},
  ) {
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => database.executeSql(text, values) },
      schema: 'pgboss',
      // A job failing for good stays inspectable for a week.
      archiveFailedAfterSeconds: 7 * 24 * 3600,
    });
    this.boss.on('error', (err) => log.error({ err }, 'job queue error'));
  }

  register(...defs: JobDefinition[]): void {
    for (const def of defs) {
      if (this.definitions.has(def.name)) throw new Error(`job ${def.name} is registered twice`);
      this.definitions.set(def.name, def);
    }
  }

  /** Creates the pg-boss schema and queues. Workers start only with `work()`. */
  async start(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    for (const def of this.definitions.values()) {
      await this.boss.createQueue(def.name, {
        name: def.name,
        retryLimit: def.retryLimit ?? 5,
        retryDelay: def.retryDelaySeconds ?? 5,
        retryBackoff: true,
        expireInSeconds: def.expireInSeconds ?? 15 * 60,
      });
    }
    this.started = true;
  }

  /** Starts polling every registered queue in this process. */
  async work(): Promise<void> {
    if (this.working) return;
    this.working = true;
    for (const def of this.definitions.values()) {
      for (let i = 0; i < (def.batch?.concurrency ?? def.concurrency ?? 1); i++) {
        let workerId = '';
        if (def.batch) {
          const batch = def.batch;
          const runBatch = async (fetched: PgBoss.JobWithMetadata<unknown>[]) => {
            if (!fetched.length) return;
            for (const job of fetched) this.running.add(job.id);
            try {
              await this.runBatch(def, batch, fetched);
            } finally {
              for (const job of fetched) this.running.delete(job.id);
              if (workerId) this.boss.notifyWorker(workerId);
            }
          };
          workerId = await this.boss.work(
            def.name,
            {
              batchSize: batch.size,
              includeMetadata: true,
              pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2,
            },
            runBatch,
          );
          continue;
        }
        const run = async ([job]: PgBoss.JobWithMetadata<unknown>[]) => {
          if (!job) return;
          this.running.add(job.id);
          try {
            const payload = def.payload.parse(job.data);
            await def.handler(payload, {
              config: this.env.config,
              appSecret: this.env.appSecret,
              now: this.env.now,
              hooks: this.env.hooks,
              database: this.database,
              log: this.log.child({ job: def.name, jobId: job.id }),
              jobs: this,
              jobId: job.id,
              retryCount: job.retryCount,
            });
          } finally {
            this.running.delete(job.id);
            // A worker that found a job looks for the next one at once (drains a backlog) instead of sleeping a
            // polling interval after every job; an empty fetch still waits the interval.
            if (workerId) this.boss.notifyWorker(workerId);
          }
        };
        workerId = await this.boss.work(
          def.name,
          { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2 },
          run,
        );
      }
    }
    await this.startHeartbeat();
  }

  /**
   * Writes this worker's row now and every `heartbeatSeconds`, each time failing the jobs that no live worker runs
   * (worker-liveness.ts): a job whose process was killed is retried within about a minute, on PostgreSQL too.
   */
  private async startHeartbeat(): Promise<void> {
    const liveness = this.options.liveness ?? DEFAULT_LIVENESS;
    this.workerId = randomUUID();
    await beat(this.database, this.workerId, []);
    this.heartbeat = setInterval(() => {
      this.beating ??= this.beatAndSweep(liveness).finally(() => {
        this.beating = null;
      });
    }, liveness.heartbeatSeconds * 1000);
    this.heartbeat.unref();
  }

  private async beatAndSweep(liveness: WorkerLiveness): Promise<void> {
    try {
      await beat(this.database, this.workerId!, [...this.running]);
      const left = await jobsNoLiveWorkerRuns(this.database, liveness.staleAfterSeconds);
      for (const job of left) {
        this.log.warn({ job: job.name, jobId: job.id }, 'job left active by a worker that is gone: failed for a retry');
        await this.boss.fail(job.name, job.id, { message: 'the process running it stopped answering' });
      }
    } catch (err) {
      if (this.working) this.log.warn({ err }, 'job worker heartbeat failed');
    }
  }

  /**
   * One fetched batch: payloads that do not parse and jobs the handler reports failed are failed by id; pg-boss
   * then completes the rest in one statement (its completion only touches jobs still active).
   */
  private async runBatch(
    def: JobDefinition,
    batch: NonNullable<JobDefinition['batch']>,
    fetched: PgBoss.JobWithMetadata<unknown>[],
  ): Promise<void> {
    const failed: BatchFailure[] = [];
    const jobs: BatchJob<unknown>[] = [];
    for (const job of fetched) {
      const parsed = def.payload.safeParse(job.data);
      if (parsed.success) jobs.push({ payload: parsed.data, jobId: job.id, retryCount: job.retryCount });
      else failed.push({ jobId: job.id, error: parsed.error });
    }
    if (jobs.length) {
      const result = await batch.handler(jobs, {
        config: this.env.config,
        appSecret: this.env.appSecret,
        now: this.env.now,
        hooks: this.env.hooks,
        database: this.database,
        log: this.log.child({ job: def.name, batch: jobs.length }),
        jobs: this,
      });
      failed.push(...result.failed);
    }
    if (!failed.length) return;
    // Failures are the unusual path (another run holds an attempt, a database error): one statement each, so each
    // job keeps its own error message in pg-boss.
    await Promise.all(
      failed.map((f) => {
        this.log.warn({ err: f.error, job: def.name, jobId: f.jobId }, 'job of a batch failed');
        const message = f.error instanceof Error ? f.error.message : String(f.error);
        return this.boss.fail(def.name, f.jobId, { message });
      }),
    );
  }

  async send<S extends z.ZodType>(
    def: JobDefinition<S>,
    payload: z.infer<S>,
    opts: SendOptions = {},
  ): Promise<string | null> {
    if (!this.definitions.has(def.name)) throw new Error(`job ${def.name} is not registered`);
    const data = def.payload.parse(payload) as object;
    return this.boss.send(def.name, data, {
      startAfter: opts.startAfter,
      ...(opts.key ? { id: jobIdFor(def.name, opts.key) } : {}),
      ...(opts.tx ? { db: sqlRunnerOn(opts.tx) } : {}),
    });
  }

  /**
   * Many jobs in one statement (pg-boss `insert`), e.g. every invitation a bulk change created — inside `opts.tx`
   * like `send`. Jobs with a key are idempotent as in `send`.
   */
  async sendMany(items: QueuedJob[], opts: { tx?: DbOrTx } = {}): Promise<void> {
    if (items.length === 0) return;
    const rows = items.map(({ def, payload, key, startAfter }) => {
      if (!this.definitions.has(def.name)) throw new Error(`job ${def.name} is not registered`);
      const at =
        startAfter === undefined
          ? undefined
          : startAfter instanceof Date
            ? startAfter
            : new Date(Date.now() + startAfter * 1000);
      return {
        name: def.name,
        data: def.payload.parse(payload) as object,
        ...(key ? { id: jobIdFor(def.name, key) } : {}),
        // pg-boss reads a string ending in Z as an instant (anything else as an interval from now).
        ...(at ? { startAfter: at.toISOString() } : {}),
      };
    });
    await this.boss.insert(rows, opts.tx ? { db: sqlRunnerOn(opts.tx) } : {});
  }

  /**
   * The keys among `keys` for which no `def` job exists — queued, running, done or archived (for a repair sweep:
   * a change that should have enqueued a keyed job and did not).
   */
  async keysWithoutJob(def: JobDefinition, keys: string[]): Promise<string[]> {
    if (keys.length === 0) return [];
    const ids = keys.map((key) => jobIdFor(def.name, key));
    const { rows } = await this.database.executeSql(
      `select id::text as id from pgboss.job where name = $1 and id = any($2::uuid[])
       union all
       select id::text from pgboss.archive where name = $1 and id = any($2::uuid[])`,
      [def.name, ids],
    );
    const found = new Set((rows as { id: string }[]).map((r) => r.id));
    return keys.filter((_, i) => !found.has(ids[i]!));
  }

  /**
   * Fails the jobs a process that has ended left `active` (killed, crashed), so that their retries — same id, so a
   * delivery finds its own attempt — run after their retry delay instead of after pg-boss's expiry (`expireInSeconds`,
   * 15 min for deliveries) and its next maintenance. Only for a caller that knows no other process is running jobs:
   * `main.ts` calls it on the embedded database, which one process opens at a time. Answers how many, per queue.
   */
  async failJobsLeftActive(): Promise<Record<string, number>> {
    const { rows } = await this.database.executeSql(`select id, name from pgboss.job where state = 'active'`, []);
    const byName = new Map<string, string[]>();
    for (const { id, name } of rows as { id: string; name: string }[])
      byName.set(name, [...(byName.get(name) ?? []), id]);
    const failed: Record<string, number> = {};
    for (const [name, ids] of byName) {
      for (const id of ids)
        await this.boss.fail(name, id, { message: 'the process running it ended before it finished' });
      failed[name] = ids.length;
    }
    return failed;
  }

  /** Runs `def` on a cron schedule (in `tz`); one run per tick across all processes. */
  async schedule<S extends z.ZodType>(def: JobDefinition<S>, cron: string, payload: z.infer<S>, tz = 'UTC') {
    await this.boss.schedule(def.name, cron, def.payload.parse(payload) as object, { tz });
  }

  async ping(): Promise<void> {
    await this.boss.getQueues();
  }

  /** Stops taking jobs and waits (up to `timeoutMs`) for running ones to finish. */
  async stop(timeoutMs = 20_000): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.working = false;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    await this.beating;
    await this.boss.stop({ graceful: true, close: false, wait: true, timeout: timeoutMs });
    if (this.workerId) await forgetWorkers(this.database, this.workerId).catch(() => undefined);
    this.workerId = null;
  }
}
