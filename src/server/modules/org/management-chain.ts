/**
 * Who answers for a department (issue 17, routing of alerts and escalation of remediation cases): the manager of
 * the department, walking up the tree while a department has none (or an inactive one); escalation goes to the
 * next distinct manager further up, then to the organisation's administrators.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { employees } from '../../db/schema/org.js';
import { executeRows } from '../../db/sql.js';

export interface ChainStep {
  /** The employee who is responsible at this step. */
  employeeId: string;
  /** The department they manage (null: an administrator, past the top of the tree). */
  departmentId: string | null;
  kind: 'manager' | 'admin';
}

const MAX_DEPTH = 1000;

/**
 * The managers from the department up (nearest first; each person once, at their lowest department; inactive
 * managers skipped), then the active administrators who are not already in it. Empty only when nobody qualifies.
 */
export async function managementChain(db: DbOrTx, departmentId: string | null): Promise<ChainStep[]> {
  const managers = departmentId
    ? await executeRows<{ department_id: string; manager_id: string }>(
        db,
        sql`
        with recursive up(id, parent_id, manager_id, depth) as (
          select id, parent_id, manager_id, 0 from departments where id = ${departmentId}::uuid
          union all
          select d.id, d.parent_id, d.manager_id, up.depth + 1
            from departments d join up on d.id = up.parent_id where up.depth < ${MAX_DEPTH}
        )
        select up.id::text as department_id, up.manager_id::text as manager_id
          from up join employees e on e.id = up.manager_id and e.active
         order by up.depth`,
      )
    : [];
  const steps: ChainStep[] = [];
  const seen = new Set<string>();
  for (const m of managers) {
    if (seen.has(m.manager_id)) continue;
    seen.add(m.manager_id);
    steps.push({ employeeId: m.manager_id, departmentId: m.department_id, kind: 'manager' });
  }
  const admins = await db
    .select({ id: employees.id })
    .from(employees)
    .where(and(eq(employees.active, true), sql`'admin' = any(${employees.roles})`))
    .orderBy(employees.employeeNo);
  for (const a of admins) {
    if (seen.has(a.id)) continue;
    seen.add(a.id);
    steps.push({ employeeId: a.id, departmentId: null, kind: 'admin' });
  }
  return steps;
}
