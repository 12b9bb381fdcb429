import type { DbOrTx } from '../../db/client.js';
import { type FieldError, issue } from '../../http/problem.js';
import { departmentAncestors } from '../org/departments.service.js';
import { departmentKinds, existingEmployeeIds, serviceTypeActive } from '../org/lookups.js';

/** Checks the ids a work order points at; each problem is named by its field. */
export async function checkReferences(
  tx: DbOrTx,
  input: { serviceTypeId?: string; engineerIds?: string[]; departmentId?: string | null; regionId?: string | null },
  errors: FieldError[],
): Promise<void> {
  if (input.serviceTypeId) {
    const active = await serviceTypeActive(tx, input.serviceTypeId);
    if (active === undefined) errors.push(issue('serviceTypeId', 'not_found', 'no such service type'));
    else if (!active) errors.push(issue('serviceTypeId', 'inactive', 'the service type is inactive'));
  }
  if (input.engineerIds?.length) {
    const known = await existingEmployeeIds(tx, input.engineerIds);
    input.engineerIds.forEach((id, i) => {
      if (!known.has(id)) errors.push(issue(`engineerIds.${i}`, 'not_found', 'no such employee'));
    });
  }
  if (input.departmentId) {
    const kinds = await departmentKinds(tx, [input.departmentId]);
    if (!kinds.has(input.departmentId)) errors.push(issue('departmentId', 'not_found', 'no such department'));
  }
  if (input.regionId) {
    const kind = (await departmentKinds(tx, [input.regionId])).get(input.regionId);
    if (!kind) errors.push(issue('regionId', 'not_found', 'no such department'));
    else if (kind !== 'region') errors.push(issue('regionId', 'not_a_region', 'is not a region'));
  }
}

/** The nearest ancestor of kind `region` (or the department itself), null when there is none. */
export async function regionOf(tx: DbOrTx, departmentId: string | null | undefined): Promise<string | null> {
  if (!departmentId) return null;
  const chain = await departmentAncestors(tx, departmentId);
  if (chain.length === 0) return null;
  const kinds = await departmentKinds(tx, chain);
  return chain.find((id) => kinds.get(id) === 'region') ?? null;
}
