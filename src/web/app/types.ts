/**
 * Shared shapes of the auth and organisation APIs, derived from the generated schema (src/web/api/schema.d.ts,
 * `npm run gen:api`) — never written by hand. Roles and permissions come from src/common/roles.ts.
 */
import type { Answer, ItemOf } from '../api/client';

export type Session = Answer<'/auth/session'>;
export type SessionUser = Session['user'];

export type Department = ItemOf<'/departments'>;
export type DepartmentKind = Department['kind'];
export type Employee = ItemOf<'/employees'>;
export type ServiceType = ItemOf<'/service-types'>;
export type ApiKey = ItemOf<'/api-keys'>;
export type EmployeeImport = Answer<'/employee-imports/{id}'>;
export type ImportError = EmployeeImport['errors'][number];
export type AuditEvent = ItemOf<'/audit-events'>;
export type Meta = Answer<'/meta'>;
