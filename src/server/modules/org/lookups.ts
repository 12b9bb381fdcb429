import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { readAll } from '../../db/reads.js';
import { departments, employees, serviceTypes } from '../../db/schema/org.js';
import { anyUuid, executeRows } from '../../db/sql.js';

/**
 * Reads of org's tables for other modules (work orders check and present what they point at): one query per kind,
 * for any number of ids.
 */

/** The names of service types, departments and employees by id (ids are UUIDs, so one map serves all three). */
export async function orgNames(
  db: DbOrTx,
  ids: { serviceTypeIds: string[]; departmentIds: string[]; employeeIds: string[] },
): Promise<Map<string, string>> {
  const namesIn = async (table: typeof serviceTypes | typeof departments | typeof employees, of: string[]) =>
    of.length ? db.select({ id: table.id, name: table.name }).from(table).where(anyUuid(table.id, of)) : [];
  const [types, depts, engs] = await readAll(db, [
    () => namesIn(serviceTypes, ids.serviceTypeIds),
    () => namesIn(departments, ids.departmentIds),
    () => namesIn(employees, ids.employeeIds),
  ]);
  return new Map([...types, ...depts, ...engs].map((r) => [r.id, r.name]));
}

/** Whether the service type is active; undefined when there is no such service type. */
export async function serviceTypeActive(db: DbOrTx, id: string): Promise<boolean | undefined> {
  const [row] = await db.select({ active: serviceTypes.active }).from(serviceTypes).where(eq(serviceTypes.id, id));
  return row?.active;
}

/** Those of `ids` that are employees. */
export async function existingEmployeeIds(db: DbOrTx, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: employees.id }).from(employees).where(anyUuid(employees.id, ids));
  return new Set(rows.map((r) => r.id));
}

/** The kind (`region`, `team`, `department`) of each of `ids` that is a department. */
export async function departmentKinds(
  db: DbOrTx,
  ids: string[],
): Promise<Map<string, (typeof departments.$inferSelect)['kind']>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: departments.id, kind: departments.kind })
    .from(departments)
    .where(anyUuid(departments.id, ids));
  return new Map(rows.map((r) => [r.id, r.kind]));
}

/** What a CSV import may name rows by: every service type's code, every department's code and name, every employee's number. */
export async function referenceKeys(db: DbOrTx) {
  const [types, depts, emps] = await readAll(db, [
    () => db.select({ id: serviceTypes.id, code: serviceTypes.code }).from(serviceTypes),
    () => db.select({ id: departments.id, code: departments.code, name: departments.name }).from(departments),
    () => db.select({ id: employees.id, no: employees.employeeNo }).from(employees),
  ]);
  return { serviceTypes: types, departments: depts, employees: emps };
}

/** How to reach employees (notifications): their e-mail, phone, department and whether they are active. */
export async function employeeContacts(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: employees.id,
      email: employees.email,
      phone: employees.phone,
      departmentId: employees.departmentId,
      active: employees.active,
      roles: employees.roles,
    })
    .from(employees)
    .where(anyUuid(employees.id, ids));
}

/** The e-mail addresses of active administrators (delivery problems are mailed to them). */
export async function activeAdminEmails(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .select({ email: employees.email })
    .from(employees)
    .where(and(eq(employees.active, true), isNotNull(employees.email), sql`'admin' = any(${employees.roles})`));
  return [...new Set(rows.map((r) => r.email!.trim().toLowerCase()).filter(Boolean))];
}

/**
 * The organisation's part of the console's set-up checklist: a department, an employee besides the first admin
 * (two active employees) and an active service type exist.
 */
export async function orgSetupFacts(db: DbOrTx) {
  const [row] = await executeRows<{ departments: boolean; employees: boolean; service_types: boolean }>(
    db,
    sql`select exists(select 1 from ${departments}) as departments,
      (select count(*) from (select 1 from ${employees} where ${employees.active} limit 2) e) >= 2 as employees,
      exists(select 1 from ${serviceTypes} where ${serviceTypes.active}) as service_types`,
  );
  return { department: !!row?.departments, employee: !!row?.employees, serviceType: !!row?.service_types };
}

/**
 * A follow-up group's agents (issue 19): the active employees of the department holding the `follow_up_agent` role,
 * in id order (the order round robin goes round in).
 */
export async function activeFollowUpAgents(db: DbOrTx, departmentId: string): Promise<string[]> {
  const rows = await db
    .select({ id: employees.id })
    .from(employees)
    .where(
      and(
        eq(employees.departmentId, departmentId),
        eq(employees.active, true),
        sql`'follow_up_agent' = any(${employees.roles})`,
      ),
    )
    .orderBy(employees.id);
  return rows.map((r) => r.id);
}

/** The employees of these departments (not their sub-departments), e.g. a supervisor's follow-up agents. */
export async function employeeIdsInDepartments(db: DbOrTx, departmentIds: string[]): Promise<string[]> {
  if (departmentIds.length === 0) return [];
  const rows = await db
    .select({ id: employees.id })
    .from(employees)
    .where(inArray(employees.departmentId, departmentIds));
  return rows.map((r) => r.id);
}
