import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/server/db/client.js';
import { SYSTEM_ACTOR } from '../../src/server/modules/auth/principal.js';
import { createDepartment } from '../../src/server/modules/org/departments.service.js';
import { createEmployee, type EmployeeInput } from '../../src/server/modules/org/employees.service.js';
import type { CreateDepartmentInput, CreateServiceTypeInput } from '../../src/server/modules/org/org.schemas.js';
import { createServiceType } from '../../src/server/modules/org/service-types.service.js';

export const TEST_PASSWORD = 'correct horse battery';

const uniq = () => randomUUID().slice(0, 8);

/** An employee with overrides; defaults are unique so tests never collide. */
export async function employeeFactory(db: Db, overrides: Partial<EmployeeInput> = {}) {
  const { employee } = await createEmployee(db, SYSTEM_ACTOR, {
    employeeNo: `E-${uniq()}`,
    name: `Employee ${uniq()}`,
    roles: ['engineer'],
    ...overrides,
  });
  return employee;
}

/** An employee with a console login whose password is TEST_PASSWORD (already changed unless asked otherwise). */
export async function createLoginEmployee(
  db: Db,
  opts: { roles: string[]; mustChangePassword?: boolean; overrides?: Partial<EmployeeInput> },
) {
  const username = `user_${uniq()}`;
  const { employee } = await createEmployee(db, SYSTEM_ACTOR, {
    employeeNo: `E-${uniq()}`,
    name: `User ${username}`,
    ...opts.overrides,
    roles: opts.roles,
    login: { username, password: TEST_PASSWORD, mustChangePassword: opts.mustChangePassword ?? false },
  });
  return { employee, username };
}

/** A department with overrides (a root `department` with a unique name and code unless told otherwise). */
export async function departmentFactory(db: Db, overrides: Partial<CreateDepartmentInput> = {}) {
  const id = uniq();
  return createDepartment(db, SYSTEM_ACTOR, {
    name: `Department ${id}`,
    code: `D-${id}`,
    kind: 'department',
    ...overrides,
  });
}

/** A service type with overrides (unique name and code). */
export async function serviceTypeFactory(db: Db, overrides: Partial<CreateServiceTypeInput> = {}) {
  const id = uniq();
  return createServiceType(db, SYSTEM_ACTOR, { name: `Service ${id}`, code: `svc-${id}`, ...overrides });
}
