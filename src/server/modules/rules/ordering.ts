import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { badRequest, type FieldError, issue } from '../../http/problem.js';

/**
 * Rules evaluated in order — rating rules here, alert rules in `cases` — keep `priority` 1..n with no gaps. These
 * are the shared steps: where a rule lands, writing the new numbers, and checking a reorder request.
 */

/** `ids` with `id` moved to 1-based `priority` (the end when none is given; clamped to the list). */
export function placed(ids: string[], id: string, priority: number | undefined): string[] {
  const rest = ids.filter((x) => x !== id);
  const at = priority === undefined ? rest.length : Math.min(Math.max(priority - 1, 0), rest.length);
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}

/** Writes priorities 1..n in the order of `ids` to `table` (its `id` and `priority` columns), only where they change. */
export async function renumber(tx: DbOrTx, table: PgTable, ids: string[], current: Map<string, number>): Promise<void> {
  for (const [i, id] of ids.entries()) {
    if (current.get(id) !== i + 1) {
      await tx.execute(sql`update ${table} set priority = ${i + 1} where id = ${id}::uuid`);
    }
  }
}

/** A reorder request must list every rule exactly once: 400 naming each unknown, repeated or missing id. */
export function assertEveryRuleOnce(ids: string[], existing: readonly { id: string }[], noun: string): void {
  const known = new Set(existing.map((r) => r.id));
  const errors: FieldError[] = [];
  ids.forEach((id, i) => {
    if (!known.has(id)) errors.push(issue(`ids.${i}`, 'not_found', `is not ${noun}`));
    else if (ids.indexOf(id) !== i) errors.push(issue(`ids.${i}`, 'duplicate', 'is listed twice'));
  });
  const missing = existing.filter((r) => !ids.includes(r.id));
  if (missing.length) {
    errors.push(
      issue('ids', 'missing_items', `must list every rule; missing ${missing.map((r) => r.id).join(', ')}`, {
        items: missing.map((r) => r.id).join(', '),
      }),
    );
  }
  if (errors.length)
    throw badRequest(`\`ids\` must be every ${noun.replace(/^an? /, '')} exactly once, in the new order.`, errors);
}
