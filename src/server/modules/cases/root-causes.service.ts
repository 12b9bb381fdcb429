import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { caseRootCauses } from '../../db/schema/cases.js';

export type RootCauseRow = typeof caseRootCauses.$inferSelect;

/** The root causes a case may be closed with, in the configured order (inactive ones only with `all`). */
export async function listRootCauses(db: DbOrTx, all = false): Promise<RootCauseRow[]> {
  return db
    .select()
    .from(caseRootCauses)
    .where(all ? undefined : eq(caseRootCauses.active, true))
    .orderBy(asc(caseRootCauses.position), asc(caseRootCauses.key));
}

export async function activeRootCause(db: DbOrTx, id: string): Promise<RootCauseRow | undefined> {
  const [row] = await db
    .select()
    .from(caseRootCauses)
    .where(and(eq(caseRootCauses.id, id), eq(caseRootCauses.active, true)));
  return row;
}
