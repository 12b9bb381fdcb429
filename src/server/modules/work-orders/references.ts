import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { departments, employees, serviceTypes } from '../../db/schema/org.js';
import { type FieldError, issue } from '../../http/problem.js';
import { departmentAncestors } from '../org/departments.service.js';

/** Checks the ids a work order points at; each problem is named by its field. */
export async function checkReferences(
  tx: DbOrTx,
  input: { serviceTypeId?: string; engineerIds?: string[]; departmentId?: string | null; regionId?: string | null },
  errors: FieldError[],
): Promise<void> {
  if (input.serviceTypeId) {
    const [st] = await tx
      .select({ active: serviceTypes.active })
      .from(serviceTypes)
      .where(eq(serviceTypes.id, input.serviceTypeId));
    if (!st) errors.push(issue('serviceTypeId', 'not_found', 'no such service type'));
    else if (!st.active) errors.push(issue('serviceTypeId', 'inactive', 'the service type is inactive'));
  }
  if (input.engineerIds?.length) {
    const found = await tx.select({ id: employees.id }).from(employees).where(inArray(employees.id, input.engineerIds));
    const known = new Set(found.map((e) => e.id));
    input.engineerIds.forEach((id, i) => {
      if (!known.has(id)) errors.push(issue(`engineerIds.${i}`, 'not_found', 'no such employee'));
    });
  }
  if (input.departmentId) {
    const [d] = await tx.select({ id: departments.id }).from(departments).where(eq(departments.id, input.departmentId));
    if (!d) errors.push(issue('departmentId', 'not_found', 'no such department'));
  }
  if (input.regionId) {
    const [r] = await tx.select({ kind: departments.kind }).from(departments).where(eq(departments.id, input.regionId));
    if (!r) errors.push(issue('regionId', 'not_found', 'no such department'));
    else if (r.kind !== 'region') errors.push(issue('regionId', 'not_a_region', 'is not a region'));
  }
}

/** The nearest ancestor of kind `region` (or the department itself), null when there is none. */
export async function regionOf(tx: DbOrTx, departmentId: string | null | undefined): Promise<string | null> {
  if (!departmentId) return null;
  const chain = await departmentAncestors(tx, departmentId);
  if (chain.length === 0) return null;
  const rows = await tx
    .select({ id: departments.id, kind: departments.kind })
    .from(departments)
    .where(inArray(departments.id, chain));
  const regions = new Set(rows.filter((r) => r.kind === 'region').map((r) => r.id));
  return chain.find((id) => regions.has(id)) ?? null;
}
