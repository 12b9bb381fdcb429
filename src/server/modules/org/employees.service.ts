import { and, count, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import { rolesBeyond } from '../../../common/roles.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { violatedUniqueConstraint } from '../../db/errors.js';
import { accounts } from '../../db/schema/auth.js';
import { departments, employees } from '../../db/schema/org.js';
import { escapeLike } from '../../db/sql.js';
import { keyset } from '../../http/pagination.js';
import type { Actor } from '../../http/principal.js';
import { conflict, fieldError, issue, notFound, ProblemError } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.service.js';
import { createAccount } from '../auth/accounts.service.js';
import { endSessionsOfEmployee } from '../auth/session.service.js';
import { departmentSubtree } from './departments.service.js';
import { type EmployeeView, presentEmployee } from './org.presenters.js';
import type { EmployeeListQuery, UpdateEmployeeInput } from './org.schemas.js';

export interface EmployeeInput {
  employeeNo: string;
  name: string;
  departmentId?: string | null;
  phone?: string | null;
  email?: string | null;
  roles: string[];
  active?: boolean;
}

export interface LoginInput {
  username: string;
  /** Omitted → a random initial password is generated and returned once. */
  password?: string;
  mustChangePassword?: boolean;
}

const employeeNoTaken = (employeeNo: string) =>
  conflict(`Employee number "${employeeNo}" is already used.`, 'conflict', [
    issue('employeeNo', 'is_taken', 'is already used'),
  ]);

const beyondPower = (roles: string[], what: string) =>
  new ProblemError(
    403,
    'privilege-escalation',
    'Forbidden',
    `You cannot ${what} an employee with a console login holding ${roles.map((r) => `"${r}"`).join(', ')}: it carries permissions you do not have.`,
    [
      issue('roles', 'roles_beyond_own', `carries permissions you do not have: ${roles.join(', ')}`, {
        roles: roles.join(', '),
      }),
    ],
  );

/**
 * Roles only give power through a console login, so a role is granted when an employee with a login holds it. Nobody
 * may grant more than they hold (an `org:write` API key cannot mint an admin), nor change the roles or the active
 * state of someone who holds more than they do.
 */
function checkGrant(actor: Actor, roles: string[], what: 'create' | 'give roles to' | 'change') {
  const beyond = rolesBeyond(actor.permissions, roles);
  if (beyond.length) throw beyondPower(beyond, what);
}

/** Serialises changes that could leave the organisation without an administrator (two admins demoting each other). */
const ADMIN_GUARD_LOCK = sql`select pg_advisory_xact_lock(hashtext('rateloop:last-admin'))`;

async function otherActiveAdmins(tx: DbOrTx, exceptId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(employees)
    .innerJoin(accounts, eq(accounts.employeeId, employees.id))
    .where(
      and(eq(employees.active, true), sql`'admin' = any(${employees.roles})`, sql`${employees.id} <> ${exceptId}`),
    );
  return Number(row?.n ?? 0);
}

/** Turns a unique violation from a race between the check and the write into the same 409 as the check. */
async function translateUnique<T>(work: () => Promise<T>, employeeNo: string | undefined): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const constraint = violatedUniqueConstraint(err);
    if (constraint === 'accounts_username_uq') {
      throw conflict('The username is taken.', 'conflict', [issue('login.username', 'is_taken', 'is taken')]);
    }
    if (constraint !== null && employeeNo) throw employeeNoTaken(employeeNo);
    throw err;
  }
}

async function checkEmployeeReferences(
  tx: DbOrTx,
  input: { employeeNo?: string; departmentId?: string | null },
  selfId?: string,
) {
  if (input.departmentId) {
    const [dep] = await tx
      .select({ id: departments.id })
      .from(departments)
      .where(eq(departments.id, input.departmentId));
    if (!dep) throw fieldError('departmentId', 'not_found', 'no such department');
  }
  if (input.employeeNo !== undefined) {
    const [taken] = await tx
      .select({ id: employees.id })
      .from(employees)
      .where(
        and(eq(employees.employeeNo, input.employeeNo), selfId ? sql`${employees.id} <> ${selfId}::uuid` : undefined),
      );
    if (taken) throw employeeNoTaken(input.employeeNo);
  }
}

function selectEmployees(db: DbOrTx) {
  return db
    .select({ employee: employees, departmentName: departments.name, username: accounts.username })
    .from(employees)
    .leftJoin(departments, eq(departments.id, employees.departmentId))
    .leftJoin(accounts, eq(accounts.employeeId, employees.id));
}

export async function getEmployee(db: DbOrTx, id: string): Promise<EmployeeView> {
  const [row] = await selectEmployees(db).where(eq(employees.id, id)).limit(1);
  if (!row) throw notFound('Employee', id);
  return presentEmployee(row);
}

/** Creates an employee, and their console login when `login` is given. */
export async function createEmployee(db: Db, actor: Actor, input: EmployeeInput & { login?: LoginInput }) {
  return translateUnique(
    () =>
      db.transaction(async (tx) => {
        if (input.login) checkGrant(actor, input.roles, 'create');
        await checkEmployeeReferences(tx, input);
        const [row] = await tx
          .insert(employees)
          .values({
            employeeNo: input.employeeNo,
            name: input.name,
            departmentId: input.departmentId ?? null,
            phone: input.phone ?? null,
            email: input.email ?? null,
            roles: [...new Set(input.roles)],
            active: input.active ?? true,
          })
          .returning();
        const employee = row!;
        const account = input.login ? await createAccount(tx, { employeeId: employee.id, ...input.login }) : null;
        await recordAudit(tx, actor, {
          action: 'employee.created',
          entityType: 'employee',
          entityId: employee.id,
          after: await getEmployee(tx, employee.id),
        });
        return { employee, initialPassword: account?.initialPassword ?? null };
      }),
    input.employeeNo,
  );
}

export async function updateEmployee(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdateEmployeeInput,
): Promise<EmployeeView> {
  return translateUnique(
    () =>
      db.transaction(async (tx) => {
        const before = await getEmployee(tx, id);
        const changesPower =
          (input.roles !== undefined && !sameRoles(input.roles, before.roles)) ||
          (input.active !== undefined && input.active !== before.active);
        if (before.username !== null && changesPower) {
          checkGrant(actor, before.roles, 'change');
          if (input.roles) checkGrant(actor, input.roles, 'give roles to');
        }
        if (actor.type === 'user' && actor.id === id) {
          // Without this, the last administrator could lock everyone out of the console.
          if (input.active === false) {
            throw conflict('You cannot deactivate yourself.', 'self-lockout', [
              issue('active', 'self_deactivation', 'cannot deactivate yourself'),
            ]);
          }
          if (input.roles && before.roles.includes('admin') && !input.roles.includes('admin')) {
            throw conflict('You cannot remove your own admin role.', 'self-lockout', [
              issue('roles', 'self_admin_removal', 'cannot remove your own admin role'),
            ]);
          }
        }
        const wasAdmin = before.username !== null && before.active && before.roles.includes('admin');
        const staysAdmin = (input.active ?? before.active) && (input.roles ?? before.roles).includes('admin');
        if (wasAdmin && !staysAdmin) {
          await tx.execute(ADMIN_GUARD_LOCK);
          if ((await otherActiveAdmins(tx, id)) === 0) {
            throw conflict('The organisation needs at least one active administrator.', 'last-admin', [
              issue(input.active === false ? 'active' : 'roles', 'last_admin', 'would remove the last administrator'),
            ]);
          }
        }
        await checkEmployeeReferences(
          tx,
          {
            employeeNo: input.employeeNo !== before.employeeNo ? input.employeeNo : undefined,
            departmentId: input.departmentId,
          },
          id,
        );
        await tx
          .update(employees)
          .set({
            ...(input.employeeNo !== undefined && { employeeNo: input.employeeNo }),
            ...(input.name !== undefined && { name: input.name }),
            ...(input.departmentId !== undefined && { departmentId: input.departmentId }),
            ...(input.phone !== undefined && { phone: input.phone }),
            ...(input.email !== undefined && { email: input.email }),
            ...(input.roles !== undefined && { roles: [...new Set(input.roles)] }),
            ...(input.active !== undefined && { active: input.active }),
            updatedAt: new Date(),
          })
          .where(eq(employees.id, id));
        if (before.active && input.active === false) await endSessionsOfEmployee(tx, id);
        const after = await getEmployee(tx, id);
        await recordAudit(tx, actor, {
          action: 'employee.updated',
          entityType: 'employee',
          entityId: id,
          before,
          after,
        });
        return after;
      }),
    input.employeeNo,
  );
}

const sameRoles = (a: readonly string[], b: readonly string[]) =>
  new Set(a).size === new Set(b).size && a.every((r) => b.includes(r));

/** By employee number, then id (the number is unique today, the id keeps the order total regardless). */
const employeesPage = keyset({ kind: 'text', sort: employees.employeeNo, id: employees.id, order: 'asc' });

export async function listEmployees(db: Db, q: EmployeeListQuery) {
  if (q.offset !== undefined && q.cursor)
    throw fieldError('query.offset', 'not_combinable', 'cannot be combined with cursor', { other: 'cursor' });
  const where: (SQL | undefined)[] = [];
  if (q.q) {
    const pattern = `%${escapeLike(q.q)}%`;
    where.push(
      or(
        ilike(employees.name, pattern),
        ilike(employees.employeeNo, pattern),
        ilike(employees.phone, pattern),
        ilike(employees.email, pattern),
      ),
    );
  }
  if (q.departmentId) {
    const ids = q.includeSubDepartments === false ? [q.departmentId] : await departmentSubtree(db, q.departmentId);
    where.push(inArray(employees.departmentId, ids.length > 0 ? ids : [q.departmentId]));
  }
  if (q.role) where.push(sql`${q.role} = any(${employees.roles})`);
  if (q.active !== undefined) where.push(eq(employees.active, q.active));
  const after = employeesPage.after(q.cursor);

  const [{ total } = { total: 0 }] = await db
    .select({ total: count() })
    .from(employees)
    .where(and(...where));

  const rows = await selectEmployees(db)
    .where(and(...where, after))
    .orderBy(...employeesPage.orderBy)
    .limit(q.limit + 1)
    .offset(q.offset ?? 0);
  return {
    ...employeesPage.page(rows, q.limit, presentEmployee, (r) => ({ v: r.employee.employeeNo, id: r.employee.id })),
    total: Number(total),
  };
}

/** Whether the employee exists (active or not); for other modules validating a reference. */
export async function employeeExists(db: DbOrTx, id: string): Promise<boolean> {
  const [row] = await db.select({ id: employees.id }).from(employees).where(eq(employees.id, id));
  return Boolean(row);
}
