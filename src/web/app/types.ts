/** Shapes the console reads from the REST API (see the brief / OpenAPI document). */

export const ROLES = ['admin', 'supervisor', 'engineer', 'follow_up_agent', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

export interface SessionUser {
  id: string;
  username: string;
  name: string;
  roles: string[];
  employeeId: string | null;
}

export interface Session {
  user: SessionUser;
  mustChangePassword: boolean;
  csrfToken?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

export type DepartmentKind = 'region' | 'team' | 'department';

export interface Department {
  id: string;
  name: string;
  code: string | null;
  kind: DepartmentKind;
  parentId: string | null;
  managerId: string | null;
  managerName: string | null;
  employeeCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface Employee {
  id: string;
  employeeNo: string;
  name: string;
  departmentId: string | null;
  departmentName: string | null;
  phone: string | null;
  email: string | null;
  roles: string[];
  active: boolean;
  username: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ServiceType {
  id: string;
  name: string;
  code: string;
  description: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdByName: string | null;
}

export interface ImportError {
  line: number;
  field: string | null;
  message: string;
}

export interface EmployeeImport {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  mode?: 'all_or_nothing' | 'valid_rows';
  total: number;
  processed: number;
  imported: number;
  errors: ImportError[];
}

export interface AuditEvent {
  id: string;
  at: string;
  actorType: 'user' | 'api_key' | 'system';
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
}

export interface Meta {
  roles: string[];
  scopes: string[];
}
