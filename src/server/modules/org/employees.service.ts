import type { Db } from '../../db/client.js';
import { employees } from '../../db/schema/org.js';
import { recordAudit } from '../audit/audit.service.js';
import { createAccount } from '../auth/accounts.service.js';
import type { Actor } from '../auth/principal.js';

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

/** Creates an employee, and their console login when `login` is given. */
export async function createEmployee(db: Db, actor: Actor, input: EmployeeInput & { login?: LoginInput }) {
  return db.transaction(async (tx) => {
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
      after: { ...employee, username: input.login?.username ?? null },
    });
    return { employee, initialPassword: account?.initialPassword ?? null };
  });
}
