import { and, type Column, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { invitations } from '../../db/schema/invitations.js';
import { ratings } from '../../db/schema/ratings.js';
import { workOrders } from '../../db/schema/work-orders.js';
import type { Actor } from '../../http/principal.js';
import { fieldError, notFound } from '../../http/problem.js';
import { type ResourceScope, scopeOf } from './scope.js';

/**
 * Resource checks after Immich's `requireAccess(actor, permission, ids)`: set-based (one query for any number of
 * ids), called on the first lines of a service function. This module only reads: the work orders decide, and an
 * invitation or a rating is visible exactly when its work order is.
 *
 * A resource outside the caller's scope is answered like one that does not exist (404 with the same text) — for
 * reads and writes alike: a 403 would confirm what the 404 hides.
 */
export type Resource = 'work_order' | 'invitation' | 'rating';

const LABEL: Record<Resource, string> = { work_order: 'Work order', invitation: 'Invitation', rating: 'Rating' };

/** The condition on `work_orders` rows for a limited scope. */
function workOrderCondition(scope: Extract<ResourceScope, { kind: 'limited' }>): SQL {
  const assigned = sql`${workOrders.engineerIds} @> array[${scope.employeeId}::uuid]`;
  return scope.departmentIds.length
    ? (or(inArray(workOrders.departmentId, scope.departmentIds), assigned) as SQL)
    : assigned;
}

/** A `where` condition on `work_orders` limiting a list to the actor's scope; undefined when they see everything. */
export async function visibleWorkOrders(db: DbOrTx, actor: Actor): Promise<SQL | undefined> {
  const scope = await scopeOf(db, actor);
  return scope.kind === 'organisation' ? undefined : workOrderCondition(scope);
}

/**
 * A `where` condition for a table with a work-order column (invitations, ratings, events…): rows of visible work
 * orders only; undefined when the actor sees everything. One subquery, so a list stays one statement.
 */
export async function visibleThroughWorkOrder(db: DbOrTx, actor: Actor, workOrderId: Column): Promise<SQL | undefined> {
  const scope = await scopeOf(db, actor);
  if (scope.kind === 'organisation') return undefined;
  return inArray(workOrderId, db.select({ id: workOrders.id }).from(workOrders).where(workOrderCondition(scope)));
}

/** The ids among `ids` the actor may see (those that exist and are in scope); one query per call. */
export async function accessibleIds(db: DbOrTx, actor: Actor, resource: Resource, ids: string[]): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Set();
  const scope = await scopeOf(db, actor);
  const limit = scope.kind === 'organisation' ? undefined : workOrderCondition(scope);
  let rows: { id: string }[];
  if (resource === 'work_order') {
    rows = await db
      .select({ id: workOrders.id })
      .from(workOrders)
      .where(and(inArray(workOrders.id, unique), limit));
  } else {
    const table = resource === 'invitation' ? invitations : ratings;
    rows = await db
      .select({ id: table.id })
      .from(table)
      .innerJoin(workOrders, eq(workOrders.id, table.workOrderId))
      .where(and(inArray(table.id, unique), limit));
  }
  return new Set(rows.map((r) => r.id));
}

/**
 * Throws 404 (as for a missing one) unless the actor may see every one of `ids`. Organisation-wide actors pass
 * without a query: the service's own look-up answers 404 for a resource that does not exist.
 */
export async function requireAccess(db: DbOrTx, actor: Actor, resource: Resource, ids: string[]): Promise<void> {
  if ((await scopeOf(db, actor)).kind === 'organisation') return;
  const visible = await accessibleIds(db, actor, resource, ids);
  const missing = ids.find((id) => !visible.has(id));
  if (missing !== undefined) throw notFound(LABEL[resource], missing);
}

/**
 * A limited actor may create or change a work order only so that it stays theirs (in one of their departments,
 * or assigned to them): nobody files work into, or moves work out to, a department they cannot see.
 */
export async function requireStaysInScope(
  db: DbOrTx,
  actor: Actor,
  row: { departmentId: string | null; engineerIds: string[] },
): Promise<void> {
  const scope = await scopeOf(db, actor);
  if (scope.kind === 'organisation') return;
  if (row.engineerIds.includes(scope.employeeId)) return;
  if (row.departmentId && scope.departmentIds.includes(row.departmentId)) return;
  // `not_found`: to this caller a department outside their scope is as good as absent.
  throw fieldError('departmentId', 'not_found', 'is not one of your departments (nor are you among the engineers)');
}
