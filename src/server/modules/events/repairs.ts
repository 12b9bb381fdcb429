import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { executeRows } from '../../db/sql.js';

/** Kinds of repair a sweep may make (a change whose job was missing). */
export type RepairKind = 'invitation_delivery' | 'rating_timeout' | 'sla_timer';

/**
 * Counts what a repair sweep fixed. Every job is enqueued in its change's transaction, so a repair means a bug (or
 * a job deleted by hand): `/metrics` shows the counts as `rateloop_job_repairs_total`, and they should stay 0.
 */
export async function countRepairs(db: DbOrTx, kind: RepairKind, repaired: number): Promise<void> {
  if (repaired <= 0) return;
  await db.execute(
    sql`insert into job_repairs (kind, repaired) values (${kind}, ${repaired})
        on conflict (kind) do update set repaired = job_repairs.repaired + excluded.repaired, updated_at = now()`,
  );
}

export async function readRepairs(db: DbOrTx): Promise<{ kind: string; repaired: number }[]> {
  const rows = await executeRows<{ kind: string; repaired: string | number }>(
    db,
    sql`select kind, repaired from job_repairs order by kind`,
  );
  return rows.map((r) => ({ kind: r.kind, repaired: Number(r.repaired) }));
}
