import type { DbOrTx } from '../../db/client.js';
import { readAll } from '../../db/reads.js';
import type { workOrders } from '../../db/schema/work-orders.js';
import { orgNames } from '../org/lookups.js';
import { ratingNodeStates } from '../workflows/nodes.service.js';
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
  const [names, ratingNodeOf] = await readAll(db, [
    () => orgNames(db, { serviceTypeIds: typeIds, departmentIds: deptIds, employeeIds: engIds }),
    () =>
      ratingNodeStates(
        db,
        rows.map((r) => r.id),
      ),
  ]);
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
    round: r.round,
    allowedTransitions: [...TRANSITIONS[r.status]],
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    completedAt: iso(r.completedAt),
    closedAt: iso(r.closedAt),
    cancelledAt: iso(r.cancelledAt),
    ratingNode: ratingNodeOf.get(r.id) ?? null,
  }));
}
