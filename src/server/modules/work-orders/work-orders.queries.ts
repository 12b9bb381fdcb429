import { and, count, eq, gte, ilike, inArray, lt, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { readAll } from '../../db/reads.js';
import { workOrders } from '../../db/schema/work-orders.js';
import { anyUuid, escapeLike } from '../../db/sql.js';
import { instant } from '../../http/dates.js';
import { keyset } from '../../http/pagination.js';
import type { Actor } from '../../http/principal.js';
import { fieldError, notFound } from '../../http/problem.js';
import { requireAccess, visibleWorkOrders } from '../access/require-access.js';
import { presentEvent, workOrderTimeline } from '../events/events.service.js';
import { departmentSubtree } from '../org/departments.service.js';
import { presentWorkflowState } from '../workflows/nodes.presenter.js';
import { nodesOfWorkOrder } from '../workflows/nodes.service.js';
import { getWorkflowConfig } from '../workflows/workflows.service.js';
import { presentWorkOrders } from './work-orders.presenter.js';
import type { WorkOrderListQuery } from './work-orders.schemas.js';

export async function getWorkOrderRow(db: DbOrTx, id: string) {
  const [row] = await db.select().from(workOrders).where(eq(workOrders.id, id)).limit(1);
  if (!row) throw notFound('Work order', id);
  return row;
}

/** The row, when the actor may see it (404 otherwise, as for a missing one). */
export async function readWorkOrderRow(db: DbOrTx, actor: Actor, id: string) {
  await requireAccess(db, actor, 'work_order', [id]);
  return getWorkOrderRow(db, id);
}

/** The work order with the state of its workflow nodes. */
export async function getWorkOrder(db: DbOrTx, actor: Actor, id: string) {
  await requireAccess(db, actor, 'work_order', [id]);
  const row = await getWorkOrderRow(db, id);
  const [view] = await presentWorkOrders(db, [row]);
  const [config, nodes] = await readAll(db, [
    () => getWorkflowConfig(db, row.serviceTypeId),
    () => nodesOfWorkOrder(db, id),
  ]);
  return { ...view!, workflow: presentWorkflowState(config, nodes, row.round, row.status) };
}

const workOrdersPages = {
  '-createdAt': keyset({ kind: 'timestamp', sort: workOrders.createdAt, id: workOrders.id, order: 'desc' }),
  createdAt: keyset({ kind: 'timestamp', sort: workOrders.createdAt, id: workOrders.id, order: 'asc' }),
} as const;

/** Newest first unless `sort` says otherwise; keyset cursor on (createdAt, id); `total` counts every match. */
export async function listWorkOrders(db: DbOrTx, actor: Actor, q: WorkOrderListQuery) {
  const where: (SQL | undefined)[] = [await visibleWorkOrders(db, actor)];
  if (q.status?.length) where.push(inArray(workOrders.status, q.status));
  if (q.serviceTypeId) where.push(eq(workOrders.serviceTypeId, q.serviceTypeId));
  if (q.departmentId) {
    const ids = await departmentSubtree(db, q.departmentId);
    where.push(inArray(workOrders.departmentId, ids.length ? ids : [q.departmentId]));
  }
  if (q.engineerId) {
    const engineerId = q.engineerId === 'me' ? signedInEmployee(actor) : q.engineerId;
    where.push(sql`${workOrders.engineerIds} @> array[${engineerId}::uuid]`);
  }
  if (q.store) where.push(eq(workOrders.store, q.store));
  if (q.touchpoint) where.push(eq(workOrders.touchpoint, q.touchpoint));
  if (q.priority) where.push(eq(workOrders.priority, q.priority));
  if (q.q) {
    const pattern = `%${escapeLike(q.q)}%`;
    where.push(
      or(
        ilike(workOrders.number, pattern),
        ilike(workOrders.externalId, pattern),
        ilike(workOrders.subject, pattern),
        ilike(workOrders.customerName, pattern),
        ilike(workOrders.customerPhone, pattern),
      ),
    );
  }
  if (q.createdFrom) where.push(gte(workOrders.createdAt, instant(q.createdFrom)));
  if (q.createdTo) where.push(lt(workOrders.createdAt, instant(q.createdTo)));
  if (q.completedFrom) where.push(gte(workOrders.completedAt, instant(q.completedFrom)));
  if (q.completedTo) where.push(lt(workOrders.completedAt, instant(q.completedTo)));

  const workOrdersPage = workOrdersPages[q.sort];
  // The cursor is checked before the count, so a forged one costs no query.
  const after = workOrdersPage.after(q.cursor);
  const [{ total } = { total: 0 }] = await db
    .select({ total: count() })
    .from(workOrders)
    .where(and(...where));
  const rows = await db
    .select({ workOrder: workOrders, pageKey: workOrdersPage.key })
    .from(workOrders)
    .where(and(...where, after))
    .orderBy(...workOrdersPage.orderBy)
    .limit(q.limit + 1);
  const { items, nextCursor } = workOrdersPage.page(
    rows,
    q.limit,
    (r) => r.workOrder,
    (r) => ({ v: r.pageKey, id: r.workOrder.id }),
  );
  return { items: await presentWorkOrders(db, items), nextCursor, total: Number(total) };
}

/** `engineerId=me`: the console user's employee; an API key or the system is nobody's engineer. */
function signedInEmployee(actor: Actor): string {
  if (actor.type === 'user' && actor.id) return actor.id;
  throw fieldError('query.engineerId', 'invalid', '`me` needs a console session (an API key is no employee)');
}

/** Every event of the work order, oldest first. */
export async function getWorkOrderTimeline(db: DbOrTx, actor: Actor, id: string) {
  await readWorkOrderRow(db, actor, id);
  return { items: (await workOrderTimeline(db, id)).map(presentEvent) };
}

/**
 * A condition for another module's query: `column` (a work-order id) names a work order with this engineer among its
 * engineers and/or in one of these departments. One subquery, so the caller's list stays one statement.
 */
export function workOrderIdMatches(
  db: DbOrTx,
  column: SQLWrapper,
  filter: { engineerId?: string; departmentIds?: string[] },
): SQL {
  const conditions: SQL[] = [];
  if (filter.engineerId) conditions.push(sql`${filter.engineerId}::uuid = any(${workOrders.engineerIds})`);
  if (filter.departmentIds) conditions.push(inArray(workOrders.departmentId, filter.departmentIds));
  return inArray(
    column,
    db
      .select({ id: workOrders.id })
      .from(workOrders)
      .where(and(...conditions)),
  );
}

/**
 * A work order's number and subject — what a customer page shows — as a subquery another module's hot-path statement
 * joins on `id` (the customer page reads its invitation and this in one round trip).
 */
export const workOrderSummarySql = sql`select id, number, subject from ${workOrders}`;

/** What analytics credits a rating or an invitation to: the work order's attributes now, for several ids at once. */
export async function workOrderAttributes(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: workOrders.id,
      number: workOrders.number,
      serviceTypeId: workOrders.serviceTypeId,
      departmentId: workOrders.departmentId,
      engineerIds: workOrders.engineerIds,
      store: workOrders.store,
      touchpoint: workOrders.touchpoint,
    })
    .from(workOrders)
    .where(anyUuid(workOrders.id, ids));
}

/** Work orders by id, whole rows (for modules that show or decide on them: follow-up tasks). */
export async function workOrderRowsByIds(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(workOrders)
    .where(anyUuid(workOrders.id, [...new Set(ids)]));
}

/** At most this many of a customer's work orders show in the portal (newest first). */
export const CONTACT_WORK_ORDERS_LIMIT = 100;

/**
 * A verified customer's work orders, newest first (the customer portal, issue 20): `phone:+86…` matches the work
 * orders whose customer phone normalises to it (`rateloop_phone_key`, indexed, migration 0038), `email:…` those whose
 * customer e-mail is it, case-insensitively. Cancelled work orders are left out.
 */
export async function workOrdersOfContact(db: DbOrTx, address: string) {
  const value = address.slice(address.indexOf(':') + 1);
  const match = address.startsWith('phone:')
    ? sql`rateloop_phone_key(${workOrders.customerPhone}) = ${value}`
    : address.startsWith('email:')
      ? sql`lower(btrim(${workOrders.customerEmail})) = ${value.toLowerCase()}`
      : sql`false`;
  return db
    .select({
      id: workOrders.id,
      number: workOrders.number,
      subject: workOrders.subject,
      status: workOrders.status,
      serviceTypeId: workOrders.serviceTypeId,
      engineerIds: workOrders.engineerIds,
      customerName: workOrders.customerName,
      createdAt: workOrders.createdAt,
      completedAt: workOrders.completedAt,
    })
    .from(workOrders)
    .where(and(match, sql`${workOrders.status} <> 'cancelled'`))
    .orderBy(sql`${workOrders.createdAt} desc`, sql`${workOrders.id} desc`)
    .limit(CONTACT_WORK_ORDERS_LIMIT);
}
