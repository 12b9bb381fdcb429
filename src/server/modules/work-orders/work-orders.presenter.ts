import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { departments, employees, serviceTypes } from '../../db/schema/org.js';
import type { workOrders } from '../../db/schema/work-orders.js';
import { workOrderNodes } from '../../db/schema/workflows.js';
import { TRANSITIONS } from './status.js';
import type { WorkOrderView } from './work-orders.schemas.js';

export type WorkOrderRow = typeof workOrders.$inferSelect;

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Presents rows with the names of their service type, departments and engineers and their rating node, in four queries for any page. */
export async function presentWorkOrders(db: DbOrTx, rows: WorkOrderRow[]): Promise<WorkOrderView[]> {
  if (rows.length === 0) return [];
  const uniq = (ids: (string | null)[]) => [...new Set(ids.filter((id): id is string => !!id))];
  const typeIds = uniq(rows.map((r) => r.serviceTypeId));
  const deptIds = uniq(rows.flatMap((r) => [r.departmentId, r.regionId]));
  const engIds = uniq(rows.flatMap((r) => r.engineerIds));
  const [types, depts, engs, ratingNodes] = await Promise.all([
    db
      .select({ id: serviceTypes.id, name: serviceTypes.name })
      .from(serviceTypes)
      .where(inArray(serviceTypes.id, typeIds)),
    deptIds.length
      ? db
          .select({ id: departments.id, name: departments.name })
          .from(departments)
          .where(inArray(departments.id, deptIds))
      : [],
    engIds.length
      ? db.select({ id: employees.id, name: employees.name }).from(employees).where(inArray(employees.id, engIds))
      : [],
    db
      .select({ workOrderId: workOrderNodes.workOrderId, status: workOrderNodes.status, reason: workOrderNodes.reason })
      .from(workOrderNodes)
      .where(
        and(
          eq(workOrderNodes.type, 'rating'),
          inArray(
            workOrderNodes.workOrderId,
            rows.map((r) => r.id),
          ),
        ),
      ),
  ]);
  const ratingNodeOf = new Map(ratingNodes.map((n) => [n.workOrderId, { status: n.status, reason: n.reason }]));
  const names = new Map([...types, ...depts, ...engs].map((r) => [r.id, r.name]));
  const ref = (id: string | null) => (id ? { id, name: names.get(id) ?? '' } : null);
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    externalId: r.externalId,
    subject: r.subject,
    serviceType: ref(r.serviceTypeId)!,
    recordType: r.recordType,
    customer: {
      name: r.customerName,
      phone: r.customerPhone,
      email: r.customerEmail,
      wechatOpenId: r.customerWechatOpenId,
      locale: r.customerLocale,
    },
    engineers: r.engineerIds.map((id) => ref(id)!),
    department: ref(r.departmentId),
    region: ref(r.regionId),
    store: r.store,
    touchpoint: r.touchpoint,
    priority: r.priority,
    custom: r.custom,
    status: r.status,
    allowedTransitions: [...TRANSITIONS[r.status]],
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    completedAt: iso(r.completedAt),
    closedAt: iso(r.closedAt),
    cancelledAt: iso(r.cancelledAt),
    ratingNode: ratingNodeOf.get(r.id) ?? null,
  }));
}
