import type { z } from 'zod';
import type { departments, employeeImports, employees, serviceTypes } from '../../db/schema/org.js';
import {
  type departmentSchema,
  type employeeImportSchema,
  type employeeSchema,
  presentImportErrors,
  type serviceTypeSchema,
} from './org.schemas.js';

export type DepartmentView = z.infer<typeof departmentSchema>;
export type EmployeeView = z.infer<typeof employeeSchema>;
export type ServiceTypeView = z.infer<typeof serviceTypeSchema>;
export type EmployeeImportView = z.infer<typeof employeeImportSchema>;

export function presentDepartment(row: {
  department: typeof departments.$inferSelect;
  managerName: string | null;
  employeeCount: number;
}): DepartmentView {
  const d = row.department;
  return {
    id: d.id,
    name: d.name,
    code: d.code,
    kind: d.kind,
    parentId: d.parentId,
    managerId: d.managerId,
    managerName: row.managerName,
    employeeCount: Number(row.employeeCount),
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

export function presentEmployee(row: {
  employee: typeof employees.$inferSelect;
  departmentName: string | null;
  username: string | null;
}): EmployeeView {
  const e = row.employee;
  return {
    id: e.id,
    employeeNo: e.employeeNo,
    name: e.name,
    departmentId: e.departmentId,
    departmentName: row.departmentName,
    phone: e.phone,
    email: e.email,
    roles: e.roles,
    active: e.active,
    username: row.username,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

export function presentServiceType(row: typeof serviceTypes.$inferSelect): ServiceTypeView {
  return {
    id: row.id,
    name: row.name,
    code: row.code,
    description: row.description,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentEmployeeImport(row: typeof employeeImports.$inferSelect): EmployeeImportView {
  return {
    id: row.id,
    status: row.status,
    mode: row.mode,
    total: row.total,
    processed: row.processed,
    imported: row.imported,
    errors: presentImportErrors(row.errors),
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
