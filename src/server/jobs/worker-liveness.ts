import os from 'node:os';
import type { Database } from '../db/client.js';

/**
 * How a process running jobs tells the others it is alive, and which jobs it runs (`job_workers`).
 *
 * pg-boss marks a fetched job `active` and, if its process dies, leaves it so until the job's `expireInSeconds`
 * (15 min for deliveries) and its next maintenance. Each worker writes its row every `heartbeatSeconds` with the ids
 * of the jobs it is running, and then looks for jobs `active` for longer than `staleAfterSeconds` that no worker seen
 * within `staleAfterSeconds` lists: their process is gone (killed, crashed, cut off), and they are failed, so that
 * pg-boss retries them under their own id after their retry delay.
 *
 * A job fetched a moment ago is in its worker's next beat, well within `staleAfterSeconds` (several beats): only a
 * worker whose event loop stood still for longer than that loses its jobs to a retry, which every job tolerates (each
 * finds its own earlier attempt: deliveries, webhooks, exports). A process that runs no jobs (`RUN_WORKERS=false`)
 * writes no row and fetches none.
 */
export interface WorkerLiveness {
  heartbeatSeconds: number;
  staleAfterSeconds: number;
}

export const DEFAULT_LIVENESS: WorkerLiveness = { heartbeatSeconds: 10, staleAfterSeconds: 60 };

/** Rows of workers not seen for this long are deleted (they only ever matter for `staleAfterSeconds`). */
const FORGET_AFTER_SECONDS = 24 * 3600;

/** This worker is alive and running these jobs now. */
export async function beat(database: Database, workerId: string, activeJobIds: string[]): Promise<void> {
  await database.executeSql(
    `insert into job_workers (id, host, pid, seen_at, active_job_ids) values ($1, $2, $3, now(), $4::uuid[])
     on conflict (id) do update set seen_at = now(), active_job_ids = excluded.active_job_ids`,
    [workerId, os.hostname(), process.pid, activeJobIds],
  );
}

/** The jobs `active` for longer than `staleAfterSeconds` that no worker seen within that time is running. */
export async function jobsNoLiveWorkerRuns(
  database: Database,
  staleAfterSeconds: number,
): Promise<{ id: string; name: string }[]> {
  const { rows } = await database.executeSql(
    `select j.id::text as id, j.name
       from pgboss.job j
      where j.state = 'active'
        and j.started_on < now() - make_interval(secs => $1)
        and not exists (select 1 from job_workers w
                         where w.seen_at > now() - make_interval(secs => $1) and j.id = any(w.active_job_ids))`,
    [staleAfterSeconds],
  );
  return rows as { id: string; name: string }[];
}

/** A worker that stopped (gracefully) or was last seen long ago is removed. */
export async function forgetWorkers(database: Database, workerId: string | null): Promise<void> {
  await database.executeSql(`delete from job_workers where id = $1 or seen_at < now() - make_interval(secs => $2)`, [
    workerId,
    FORGET_AFTER_SECONDS,
  ]);
}
