import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { departments, employees } from '../../db/schema/org.js';
import type { Actor } from '../../http/principal.js';
import { departmentSubtree } from '../org/departments.service.js';

/**
 * Which work orders (and so which of their invitations and ratings) an actor may see. Permissions
 * (`src/common/roles.ts`, enforced per route by `http/access.ts`) say *what* a caller may do; the scope says *on
 * which resources*. THE rule, in one place:
 *
 * - the system (jobs, start-up), API keys (an integration acts for the organisation), admins, analysts (reports are
 *   organisation-wide) and follow-up agents (a central call team: PRODUCT.md gives them a queue assigned by
 *   follow-up rules — a named user or round robin over a group — across departments, with the work order and the
 *   customer's past ratings) see the whole organisation;
 * - a supervisor sees the work orders of their own department's subtree and of the subtree of every department
 *   they manage (`departments.manager_id`);
 * - an engineer sees the work orders of their own department (not its sub-departments);
 * - every console user sees the work orders they are assigned to (`work_orders.engineer_ids`).
 *
 * Several roles add up (the widest wins). A work order without a department is seen through its engineers only,
 * besides by organisation-wide actors.
 */
export type ResourceScope =
  | { kind: 'organisation' }
  | {
      kind: 'limited';
      /** The employee: work orders listing them among the engineers are theirs. */
      employeeId: string;
      /** Work orders whose `department_id` is one of these. */
      departmentIds: string[];
    };

const ORGANISATION: ResourceScope = { kind: 'organisation' };
const ORGANISATION_ROLES = new Set(['admin', 'analyst', 'follow_up_agent']);

/** One computation per actor, i.e. per request (actors are built per request; the system's needs no query). */
const cache = new WeakMap<Actor, Promise<ResourceScope>>();

export function scopeOf(db: DbOrTx, actor: Actor): Promise<ResourceScope> {
  if (actor.type !== 'user') return Promise.resolve(ORGANISATION);
  let scope = cache.get(actor);
  if (!scope) {
    scope = computeScope(db, actor);
    cache.set(actor, scope);
    // A failed look-up is not remembered.
    scope.catch(() => cache.delete(actor));
  }
  return scope;
}

async function computeScope(db: DbOrTx, actor: Actor): Promise<ResourceScope> {
  const employeeId = actor.id;
  // A user actor always names its employee; without one there is nobody to scope to, so nothing is visible.
  if (!employeeId) return { kind: 'limited', employeeId: '00000000-0000-0000-0000-000000000000', departmentIds: [] };
  const [employee] = await db
    .select({ departmentId: employees.departmentId, roles: employees.roles })
    .from(employees)
    .where(eq(employees.id, employeeId))
    .limit(1);
  // Actors rebuilt from a job payload (CSV imports) carry no roles: the employee's current ones apply.
  const roles = actor.roles ?? employee?.roles ?? [];
  if (roles.some((r) => ORGANISATION_ROLES.has(r))) return ORGANISATION;
  const own = employee?.departmentId ?? null;
  const visible = new Set<string>();
  if (roles.includes('supervisor')) {
    const managed = await db
      .select({ id: departments.id })
      .from(departments)
      .where(eq(departments.managerId, employeeId));
    const roots = [...new Set([...(own ? [own] : []), ...managed.map((d) => d.id)])];
    for (const root of roots) for (const id of await departmentSubtree(db, root)) visible.add(id);
  }
  if (roles.includes('engineer') && own) visible.add(own);
  return { kind: 'limited', employeeId, departmentIds: [...visible] };
}
