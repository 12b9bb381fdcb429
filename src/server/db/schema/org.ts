import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { FieldErrorCode, FieldErrorParams } from '../../../common/error-codes.js';

/** One error of a CSV import as stored (employee and work-order imports). */
export interface ImportErrorRecord {
  line: number;
  field: string | null;
  message: string;
  code?: FieldErrorCode;
  params?: FieldErrorParams;
}

export const departments = pgTable(
  'departments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    code: text('code'),
    /** region → team; "department" for anything else in the tree. */
    kind: text('kind', { enum: ['region', 'team', 'department'] })
      .notNull()
      .default('department'),
    parentId: uuid('parent_id').references((): AnyPgColumn => departments.id),
    managerId: uuid('manager_id').references((): AnyPgColumn => employees.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('departments_parent_idx').on(t.parentId),
    uniqueIndex('departments_code_uq').on(t.code).where(sql`${t.code} is not null`),
  ],
);

export const employees = pgTable(
  'employees',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    employeeNo: text('employee_no').notNull(),
    name: text('name').notNull(),
    departmentId: uuid('department_id').references((): AnyPgColumn => departments.id),
    phone: text('phone'),
    email: text('email'),
    roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('employees_employee_no_uq').on(t.employeeNo),
    index('employees_department_idx').on(t.departmentId),
    index('employees_name_idx').on(t.name),
  ],
);

export const serviceTypes = pgTable(
  'service_types',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    code: text('code').notNull(),
    description: text('description'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('service_types_code_uq').on(t.code)],
);

/** A CSV import of employees, processed by a job so the console can show progress. */
export const employeeImports = pgTable('employee_imports', {
  id: uuid('id').primaryKey().defaultRandom(),
  status: text('status', { enum: ['queued', 'running', 'succeeded', 'failed'] })
    .notNull()
    .default('queued'),
  mode: text('mode', { enum: ['all_or_nothing', 'valid_rows'] }).notNull(),
  csv: text('csv').notNull(),
  total: integer('total').notNull().default(0),
  processed: integer('processed').notNull().default(0),
  imported: integer('imported').notNull().default(0),
  // `code`/`params` (a field error code, src/common/error-codes.ts) are absent on imports stored before codes existed.
  errors: jsonb('errors').$type<ImportErrorRecord[]>().notNull().default([]),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});
