import { z } from 'zod';
import { coded, FIELD_ERROR_CODES } from '../../../common/error-codes.js';
import { ROLES } from '../../../common/roles.js';
import type { ImportErrorRecord } from '../../db/schema/org.js';
import { pageQuery } from '../../http/pagination.js';

/** Shared by the HTTP body and the CSV import so both accept exactly the same values. */
export const PHONE_PATTERN = /^[+0-9 ()-]{5,30}$/;
export const SERVICE_TYPE_CODE_PATTERN = /^[a-z0-9_-]{1,40}$/;
export const DEPARTMENT_KINDS = ['region', 'team', 'department'] as const;
export const MAX_IMPORT_CSV_CHARS = 10 * 1024 * 1024;

export const idParams = z.object({ id: z.uuid().describe('The record id.') });

const queryBool = (description: string) =>
  z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe(description);

// ---- departments ----------------------------------------------------------------------------------------------

export const departmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  code: z.string().nullable().describe('Short unique code, e.g. `EAST`; also how a CSV import names the department.'),
  kind: z.enum(DEPARTMENT_KINDS).describe('`region` → `team`; `department` for anything else in the tree.'),
  parentId: z.string().nullable().describe('The parent department; null for a root of the tree.'),
  managerId: z.string().nullable().describe('The employee who manages the department.'),
  managerName: z.string().nullable(),
  employeeCount: z
    .number()
    .int()
    .describe('Employees directly in this department (active or not, sub-departments excluded).'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const departmentFields = {
  name: z.string().trim().min(1).max(200).describe('Display name.'),
  code: z.string().trim().min(1).max(50).nullable().describe('Unique short code (optional).'),
  kind: z.enum(DEPARTMENT_KINDS).describe('`region`, `team` or `department`.'),
  parentId: z.uuid().nullable().describe('Parent department id; null or omitted for a root.'),
  managerId: z.uuid().nullable().describe('Employee id of the manager; null for none.'),
};

export const createDepartmentBody = z.object({
  name: departmentFields.name,
  code: departmentFields.code.optional(),
  kind: departmentFields.kind,
  parentId: departmentFields.parentId.optional(),
  managerId: departmentFields.managerId.optional(),
});
export const updateDepartmentBody = createDepartmentBody.partial();
export type CreateDepartmentInput = z.infer<typeof createDepartmentBody>;
export type UpdateDepartmentInput = z.infer<typeof updateDepartmentBody>;

export const departmentListQuery = z.object({ ...pageQuery });

// ---- employees ------------------------------------------------------------------------------------------------

export const employeeSchema = z.object({
  id: z.string(),
  employeeNo: z.string().describe('The company’s own employee number (unique).'),
  name: z.string(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  roles: z.array(z.string()).describe('Any of `admin`, `supervisor`, `engineer`, `follow_up_agent`, `analyst`.'),
  active: z.boolean().describe('Inactive employees cannot log in and are not assigned work.'),
  username: z.string().nullable().describe('Console login name, or null when the employee has no login.'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const employeeFields = {
  employeeNo: z.string().trim().min(1).max(50).describe('Unique employee number, 1–50 characters.'),
  name: z.string().trim().min(1).max(200).describe('Full name.'),
  departmentId: z.uuid().nullable().describe('Department id; null for none.'),
  phone: z
    .string()
    .trim()
    .regex(PHONE_PATTERN, coded('invalid_phone', 'is not a valid phone number'))
    .nullable()
    .describe('Digits, spaces, `+ ( ) -`; 5–30 characters.'),
  email: z.email('is not a valid email address').max(254).nullable().describe('E-mail address.'),
  roles: z
    .array(z.enum(ROLES))
    .max(ROLES.length * 2)
    .describe('Roles held (may be empty).'),
  active: z.boolean().describe('False deactivates the employee and ends their sessions.'),
};

export const createEmployeeBody = z.object({
  employeeNo: employeeFields.employeeNo,
  name: employeeFields.name,
  departmentId: employeeFields.departmentId.optional(),
  phone: employeeFields.phone.optional(),
  email: employeeFields.email.optional(),
  roles: employeeFields.roles,
  active: employeeFields.active.optional(),
  login: z
    .object({
      username: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .regex(/^\S+$/, 'must not contain spaces')
        .describe('Console login name (unique, case-insensitive).'),
    })
    .optional()
    .describe(
      'Creates a console login with a random initial password, returned once; it must be changed at first login.',
    ),
});
export const updateEmployeeBody = createEmployeeBody.omit({ login: true }).partial();
export type UpdateEmployeeInput = z.infer<typeof updateEmployeeBody>;

export const createdEmployeeSchema = z.object({
  employee: employeeSchema,
  initialPassword: z
    .string()
    .nullable()
    .describe('The login’s initial password, shown only in this response; null when no login was created.'),
});

export const employeeListQuery = z.object({
  ...pageQuery,
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe('Case-insensitive substring of name, employee number, phone or e-mail.'),
  departmentId: z.uuid().optional().describe('Only employees of this department.'),
  includeSubDepartments: queryBool('With `departmentId`: also employees of its sub-departments (default true).'),
  role: z.enum(ROLES).optional().describe('Only employees holding this role.'),
  active: queryBool('Only active (true) or inactive (false) employees.'),
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .optional()
    .describe('Numbered paging: skip this many rows (instead of `cursor`).'),
});
export type EmployeeListQuery = z.infer<typeof employeeListQuery>;

export const employeePageSchema = z.object({
  items: z.array(employeeSchema),
  nextCursor: z.string().nullable(),
  total: z.number().int().describe('How many employees match the filters in all.'),
});

// ---- service types --------------------------------------------------------------------------------------------

export const serviceTypeSchema = z.object({
  id: z.string(),
  name: z.string(),
  code: z.string().describe('Stable machine code, e.g. `installation`.'),
  description: z.string().nullable(),
  active: z.boolean().describe('Inactive service types are kept for history but not offered for new work.'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const createServiceTypeBody = z.object({
  name: z.string().trim().min(1).max(100).describe('Display name.'),
  code: z
    .string()
    .regex(SERVICE_TYPE_CODE_PATTERN, 'must be 1–40 of a-z, 0-9, _ and -')
    .describe('Unique code: 1–40 of `a-z 0-9 _ -`.'),
  description: z.string().trim().max(1000).nullable().optional().describe('Optional longer description.'),
  active: z.boolean().optional().describe('Default true; set false to retire the type.'),
});
export const updateServiceTypeBody = createServiceTypeBody.partial();
export type CreateServiceTypeInput = z.infer<typeof createServiceTypeBody>;
export type UpdateServiceTypeInput = z.infer<typeof updateServiceTypeBody>;

export const serviceTypeListQuery = z.object({
  ...pageQuery,
  active: queryBool('Only active (true) or inactive (false) service types.'),
});

// ---- employee imports -----------------------------------------------------------------------------------------

export const importErrorSchema = z.object({
  line: z.number().int().describe('Line of the file (the header is line 1).'),
  field: z.string().nullable().describe('The column at fault, or null for the whole row/file.'),
  message: z.string().describe('English, for integrators; translate `code`.'),
  code: z
    .enum(FIELD_ERROR_CODES)
    .nullable()
    .describe('What is wrong, as a field error code with `params`; null only on imports run before codes existed.'),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

/** Stored import errors as the API shows them (older rows have no code). */
export const presentImportErrors = (errors: ImportErrorRecord[]): z.infer<typeof importErrorSchema>[] =>
  errors.map(({ code, ...rest }) => ({ ...rest, code: code ?? null }));

export const employeeImportSchema = z.object({
  id: z.string(),
  status: z
    .enum(['queued', 'running', 'succeeded', 'failed'])
    .describe('`queued` until the job runs; `failed` when nothing was imported because of errors.'),
  mode: z.enum(['all_or_nothing', 'valid_rows']),
  total: z.number().int().describe('Data rows in the file (known once parsing is done).'),
  processed: z.number().int().describe('Rows checked so far.'),
  imported: z.number().int().describe('Employees created.'),
  errors: z.array(importErrorSchema),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const createImportBody = z.object({
  csv: z
    .string()
    .min(1)
    .max(MAX_IMPORT_CSV_CHARS, 'must be at most 10 MB')
    .describe(
      'The CSV text. Header (any order, case-insensitive): employeeNo,name,department,phone,email,roles,active.',
    ),
  mode: z
    .enum(['all_or_nothing', 'valid_rows'])
    .describe('`all_or_nothing`: any bad row imports nothing; `valid_rows`: import the good rows, report the bad.'),
});
