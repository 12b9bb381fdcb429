import { and, count, desc, eq, gte, ilike, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { workOrders } from '../../db/schema/work-orders.js';
import { decodeCursor, encodeCursor } from '../../http/pagination.js';
import { notFound } from '../../http/problem.js';
import { departmentSubtree } from '../org/departments.service.js';
import { escapeLike } from '../org/employees.service.js';
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

/** The work order with the state of its workflow nodes. */
export async function getWorkOrder(db: DbOrTx, id: string) {
  const row = await getWorkOrderRow(db, id);
  const [view] = await presentWorkOrders(db, [row]);
  const [config, nodes] = await Promise.all([getWorkflowConfig(db, row.serviceTypeId), nodesOfWorkOrder(db, id)]);
  return { ...view!, workflow: presentWorkflowState(config, nodes) };
}

const dayOrInstant = (v: string) => new Date(v.length === 10 ? `${v}T00:00:00Z` : v);

/** Newest first; keyset cursor on (createdAt, id); `total` counts every match. */
export async function listWorkOrders(db: DbOrTx, q: WorkOrderListQuery) {
  const where: (SQL | undefined)[] = [];
  if (q.status?.length) where.push(inArray(workOrders.status, q.status));
  if (q.serviceTypeId) where.push(eq(workOrders.serviceTypeId, q.serviceTypeId));
  if (q.departmentId) {
    const ids = await departmentSubtree(db, q.departmentId);
    where.push(inArray(workOrders.departmentId, ids.length ? ids : [q.departmentId]));
  }
  if (q.engineerId) where.push(sql`${workOrders.engineerIds} @> array[${q.engineerId}::uuid]`);
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
  if (q.createdFrom) where.push(gte(workOrders.createdAt, dayOrInstant(q.createdFrom)));
  if (q.createdTo) where.push(lt(workOrders.createdAt, dayOrInstant(q.createdTo)));
  if (q.completedFrom) where.push(gte(workOrders.completedAt, dayOrInstant(q.completedFrom)));
  if (q.completedTo) where.push(lt(workOrders.completedAt, dayOrInstant(q.completedTo)));

  const [{ total } = { total: 0 }] = await db
    .select({ total: count() })
    .from(workOrders)
    .where(and(...where));
  const pos = decodeCursor(q.cursor);
  if (pos)
    where.push(
      sql`(${workOrders.createdAt}, ${workOrders.id}) < (${new Date(Number(pos.v)).toISOString()}::timestamptz, ${pos.id}::uuid)`,
    );
  const rows = await db
    .select()
    .from(workOrders)
    .where(and(...where))
    .orderBy(desc(workOrders.createdAt), desc(workOrders.id))
    .limit(q.limit + 1);
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  const last = page.at(-1);
  return {
    items: await presentWorkOrders(db, page),
    nextCursor: more && last ? encodeCursor({ v: last.createdAt.getTime(), id: last.id }) : null,
    total: Number(total),
  };
}
