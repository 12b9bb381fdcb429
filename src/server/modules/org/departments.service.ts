import { and, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '../../db/client.js';
import { violatedUniqueConstraint } from '../../db/errors.js';
import { departments, employees } from '../../db/schema/org.js';
import { executeRows } from '../../db/sql.js';
import { keyset } from '../../http/pagination.js';
import type { Actor } from '../../http/principal.js';
import { conflict, fieldError, issue, notFound } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.service.js';
import { type DepartmentView, presentDepartment } from './org.presenters.js';
import type { CreateDepartmentInput, UpdateDepartmentInput } from './org.schemas.js';

/** Guards against a corrupted tree (a cycle written around the service) making the recursion endless. */
const MAX_DEPTH = 1000;

/** The department and all its ancestors, nearest first (`[id, parent, grandparent, …]`); empty when unknown. */
export async function departmentAncestors(db: DbOrTx, departmentId: string): Promise<string[]> {
  const rows = await executeRows<{ id: string }>(
    db,
    sql`
    with recursive up(id, parent_id, depth) as (
      select id, parent_id, 0 from departments where id = ${departmentId}::uuid
      union all
      select d.id, d.parent_id, up.depth + 1 from departments d join up on d.id = up.parent_id where up.depth < ${MAX_DEPTH}
    )
    select id::text as id from up order by depth`,
  );
  return rows.map((r) => r.id);
}

/** The department and all its descendants (breadth first); empty when unknown. */
export async function departmentSubtree(db: DbOrTx, departmentId: string): Promise<string[]> {
  const rows = await executeRows<{ id: string }>(
    db,
    sql`
    with recursive down(id, depth) as (
      select id, 0 from departments where id = ${departmentId}::uuid
      union all
      select d.id, down.depth + 1 from departments d join down on d.parent_id = down.id where down.depth < ${MAX_DEPTH}
    )
    select id::text as id from down order by depth, id`,
  );
  return rows.map((r) => r.id);
}

const manager = alias(employees, 'manager');

function selectDepartments(db: DbOrTx) {
  return db
    .select({
      department: departments,
      managerName: manager.name,
      employeeCount: sql<number>`(select count(*) from employees e where e.department_id = ${departments.id})::int`,
    })
    .from(departments)
    .leftJoin(manager, eq(manager.id, departments.managerId));
}

const departmentsPage = keyset({ kind: 'text', sort: departments.name, id: departments.id, order: 'asc' });

export async function listDepartments(db: Db, q: { limit: number; cursor?: string }) {
  const rows = await selectDepartments(db)
    .where(departmentsPage.after(q.cursor))
    .orderBy(...departmentsPage.orderBy)
    .limit(q.limit + 1);
  return departmentsPage.page(rows, q.limit, presentDepartment, (r) => ({ v: r.department.name, id: r.department.id }));
}

export async function getDepartment(db: DbOrTx, id: string): Promise<DepartmentView> {
  const [row] = await selectDepartments(db).where(eq(departments.id, id)).limit(1);
  if (!row) throw notFound('Department', id);
  return presentDepartment(row);
}

async function checkReferences(tx: DbOrTx, input: UpdateDepartmentInput, selfId?: string) {
  if (input.parentId) {
    const [parent] = await tx
      .select({ id: departments.id })
      .from(departments)
      .where(eq(departments.id, input.parentId));
    if (!parent) throw fieldError('parentId', 'not_found', 'no such department');
    if (selfId) {
      // Moving under itself or one of its descendants would detach a loop from the tree.
      const chain = await departmentAncestors(tx, input.parentId);
      if (chain.includes(selfId)) {
        throw conflict('A department cannot be moved under itself or one of its sub-departments.', 'department-cycle', [
          issue('parentId', 'cycle', 'would create a cycle'),
        ]);
      }
    }
  }
  if (input.managerId) {
    const [found] = await tx.select({ id: employees.id }).from(employees).where(eq(employees.id, input.managerId));
    if (!found) throw fieldError('managerId', 'not_found', 'no such employee');
  }
  if (input.code) {
    const [taken] = await tx
      .select({ id: departments.id })
      .from(departments)
      .where(and(eq(departments.code, input.code), selfId ? sql`${departments.id} <> ${selfId}::uuid` : undefined));
    if (taken) throw codeTaken(input.code);
  }
}

const codeTaken = (code: string) =>
  conflict(`Department code "${code}" is already used.`, 'conflict', [issue('code', 'is_taken', 'is already used')]);

/** Tree changes are serialised so two concurrent moves cannot together close a cycle. */
const lockTree = (tx: DbOrTx) => tx.execute(sql`select pg_advisory_xact_lock(hashtext('rateloop.departments.tree'))`);

async function translateUnique<T>(work: () => Promise<T>, code: string | null | undefined): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (violatedUniqueConstraint(err) !== null && code) throw codeTaken(code);
    throw err;
  }
}

export async function createDepartment(db: Db, actor: Actor, input: CreateDepartmentInput): Promise<DepartmentView> {
  return translateUnique(
    () =>
      db.transaction(async (tx) => {
        await checkReferences(tx, input);
        const [row] = await tx
          .insert(departments)
          .values({
            name: input.name,
            code: input.code ?? null,
            kind: input.kind,
            parentId: input.parentId ?? null,
            managerId: input.managerId ?? null,
          })
          .returning({ id: departments.id });
        const after = await getDepartment(tx, row!.id);
        await recordAudit(tx, actor, {
          action: 'department.created',
          entityType: 'department',
          entityId: after.id,
          after,
        });
        return after;
      }),
    input.code,
  );
}

export async function updateDepartment(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdateDepartmentInput,
): Promise<DepartmentView> {
  return translateUnique(
    () =>
      db.transaction(async (tx) => {
        if (input.parentId !== undefined) await lockTree(tx);
        const before = await getDepartment(tx, id);
        if (input.parentId === id) {
          throw conflict('A department cannot be its own parent.', 'department-cycle', [
            issue('parentId', 'cycle', 'would create a cycle'),
          ]);
        }
        await checkReferences(tx, input, id);
        await tx
          .update(departments)
          .set({
            ...(input.name !== undefined && { name: input.name }),
            ...(input.code !== undefined && { code: input.code }),
            ...(input.kind !== undefined && { kind: input.kind }),
            ...(input.parentId !== undefined && { parentId: input.parentId }),
            ...(input.managerId !== undefined && { managerId: input.managerId }),
            updatedAt: new Date(),
          })
          .where(eq(departments.id, id));
        const after = await getDepartment(tx, id);
        await recordAudit(tx, actor, {
          action: 'department.updated',
          entityType: 'department',
          entityId: id,
          before,
          after,
        });
        return after;
      }),
    input.code,
  );
}

export async function deleteDepartment(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockTree(tx);
    const before = await getDepartment(tx, id);
    const [child] = await tx
      .select({ id: departments.id })
      .from(departments)
      .where(eq(departments.parentId, id))
      .limit(1);
    if (child) throw conflict('The department has sub-departments: move or delete them first.', 'department-not-empty');
    if (before.employeeCount > 0) {
      throw conflict(
        `The department still has ${before.employeeCount} employee(s): move them first.`,
        'department-not-empty',
      );
    }
    await tx.delete(departments).where(eq(departments.id, id));
    await recordAudit(tx, actor, { action: 'department.deleted', entityType: 'department', entityId: id, before });
  });
}
