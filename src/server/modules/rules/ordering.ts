import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { badRequest, type FieldError, issue } from '../../http/problem.js';

/**
 * Rules evaluated in order — rating rules here, alert rules in `cases`, follow-up rules in `follow-ups` — keep
 * `priority` 1..n with no gaps. These are the shared steps: where a rule lands (new, moved), closing the gap a
 * deleted one leaves, and setting a whole order after checking it; each on the rules its caller locked.
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

interface Ordered {
  id: string;
  priority: number;
}

const priorities = (rows: readonly Ordered[]) => new Map(rows.map((r) => [r.id, r.priority]));

/**
 * A rule just inserted at the end (priority n + 1) moved to `priority` (the end when none is given); answers its
 * 1-based place.
 */
export async function placeNew(
  tx: DbOrTx,
  table: PgTable,
  existing: readonly Ordered[],
  id: string,
  priority: number | undefined,
): Promise<number> {
  const order = placed([...existing.map((r) => r.id), id], id, priority);
  await renumber(tx, table, order, new Map([...priorities(existing), [id, existing.length + 1]]));
  return order.indexOf(id) + 1;
}

/** An existing rule moved to `priority` among `all` (the rules as locked); nothing when no priority is given. */
export async function moveTo(
  tx: DbOrTx,
  table: PgTable,
  all: readonly Ordered[],
  id: string,
  priority: number | undefined,
): Promise<void> {
  if (priority === undefined) return;
  await renumber(
    tx,
    table,
    placed(
      all.map((r) => r.id),
      id,
      priority,
    ),
    priorities(all),
  );
}

/** Closes the gap a deleted rule left among `all` (the rules as locked before the delete). */
export async function closeGap(tx: DbOrTx, table: PgTable, all: readonly Ordered[], deletedId: string): Promise<void> {
  const rest = all.filter((r) => r.id !== deletedId);
  await renumber(
    tx,
    table,
    rest.map((r) => r.id),
    priorities(rest),
  );
}

/** Sets the whole order at once: `ids` must be every rule of `all` exactly once (400 otherwise). */
export async function setOrder(
  tx: DbOrTx,
  table: PgTable,
  all: readonly Ordered[],
  ids: string[],
  noun: string,
): Promise<void> {
  assertEveryRuleOnce(ids, all, noun);
  await renumber(tx, table, ids, priorities(all));
}
