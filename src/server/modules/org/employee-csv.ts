import { type CsvError, parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { FieldErrorCode, FieldErrorParams } from '../../../common/error-codes.js';
import { ROLES } from '../../../common/roles.js';
import { PHONE_PATTERN } from './org.schemas.js';

/**
 * A problem with the file or one of its rows; `line` is the file's own line number (header = 1). `code` and `params`
 * are a field error's (src/common/error-codes.ts), which the console translates; `message` stays English.
 */
export interface ImportError {
  line: number;
  field: string | null;
  message: string;
  code: FieldErrorCode;
  params?: FieldErrorParams;
}

/** An import error; `params` left out when there are none. */
export const importError = (
  line: number,
  field: string | null,
  code: FieldErrorCode,
  message: string,
  params?: FieldErrorParams,
): ImportError => (params ? { line, field, message, code, params } : { line, field, message, code });

/** A whole file that could not be read or processed. */
export const fileError = (code: FieldErrorCode, message: string, params?: FieldErrorParams) =>
  importError(1, null, code, message, params);

/** A record whose number of fields differs from the header's. */
export const columnCountError = (line: number, expected: number, found: number) =>
  importError(line, null, 'wrong_column_count', `expected ${expected} columns, found ${found}`, { expected, found });

/** Header problems, one error per kind (unknown, missing, repeated), each naming its columns. */
export function headerErrors(
  unknown: string[],
  missing: string[],
  repeated: string[],
  expected?: string,
): ImportError[] {
  const errors: ImportError[] = [];
  if (unknown.length) {
    const columns = unknown.map((u) => `"${u}"`).join(', ');
    errors.push(fileError('unknown_columns', `unknown column(s): ${columns}`, { columns }));
  }
  if (missing.length)
    errors.push(
      fileError('missing_columns', `missing column(s): ${missing.join(', ')}`, { columns: missing.join(', ') }),
    );
  if (repeated.length)
    errors.push(
      fileError('repeated_columns', `repeated column(s): ${repeated.join(', ')}`, { columns: repeated.join(', ') }),
    );
  const last = errors.at(-1);
  if (last && expected) last.message += ` (expected ${expected})`;
  return errors;
}

export const CSV_COLUMNS = ['employeeNo', 'name', 'department', 'phone', 'email', 'roles', 'active'] as const;
type Column = (typeof CSV_COLUMNS)[number];

export interface CsvRecord {
  /** The line the record starts on (a quoted field may span several lines). */
  line: number;
  fields: string[];
}

/** Splits the text into records, each with its real starting line. Handles a UTF-8 BOM, quotes and CRLF. */
export function parseCsvRecords(text: string): { records: CsvRecord[] } | { error: ImportError } {
  let parsed: { record: string[]; info: { bytes: number } }[];
  try {
    parsed = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: false,
    }) as unknown as typeof parsed;
  } catch (err) {
    const e = err as CsvError & { lines?: number };
    return { error: importError(e.lines ?? 1, null, 'invalid_csv', `the file is not valid CSV: ${e.message}`) };
  }
  // csv-parse reports where each record ends in bytes; counting line breaks up to the previous end gives the start.
  const bytes = Buffer.from(text, 'utf8');
  const records: CsvRecord[] = [];
  let offset = 0;
  let line = 1;
  for (const { record, info } of parsed) {
    if (record.some((f) => f.trim() !== '')) records.push({ line, fields: record });
    for (let i = offset; i < info.bytes && i < bytes.length; i++) {
      if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) line++;
    }
    offset = info.bytes;
  }
  return { records };
}

/** Maps header names (any case, any order) to column positions, or the errors naming what is wrong. */
export function readHeader(fields: string[]): { columns: Record<Column, number> } | { errors: ImportError[] } {
  const byLower = new Map(CSV_COLUMNS.map((c) => [c.toLowerCase(), c]));
  const columns: Partial<Record<Column, number>> = {};
  const unknown: string[] = [];
  const repeated: string[] = [];
  fields.forEach((raw, index) => {
    const name = raw.trim();
    const column = byLower.get(name.toLowerCase());
    if (!column) unknown.push(name);
    else if (columns[column] !== undefined) repeated.push(column);
    else columns[column] = index;
  });
  const missing = CSV_COLUMNS.filter((c) => columns[c] === undefined);
  const errors = headerErrors(unknown, missing, repeated, CSV_COLUMNS.join(','));
  if (errors.length) return { errors };
  return { columns: columns as Record<Column, number> };
}

export interface DepartmentLookup {
  byCode: Map<string, string>;
  byName: Map<string, string[]>;
}

export interface EmployeeRow {
  line: number;
  employeeNo: string;
  name: string;
  departmentId: string | null;
  phone: string | null;
  email: string | null;
  roles: string[];
  active: boolean;
}

const emailSchema = z.email();
const ROLE_SET = new Set<string>(ROLES);

/** Checks one record on its own (no database); returns the row to insert, or its errors. */
export function validateRecord(
  record: CsvRecord,
  columns: Record<Column, number>,
  departments: DepartmentLookup,
): { row: EmployeeRow } | { errors: ImportError[] } {
  const { line, fields } = record;
  const width = CSV_COLUMNS.length;
  if (fields.length !== width) return { errors: [columnCountError(line, width, fields.length)] };
  const value = (c: Column) => (fields[columns[c]] ?? '').trim();
  const errors: ImportError[] = [];
  const fail = (field: Column, code: FieldErrorCode, message: string, params?: FieldErrorParams) =>
    errors.push(importError(line, field, code, message, params));

  const employeeNo = value('employeeNo');
  if (!employeeNo) fail('employeeNo', 'required', 'is required');
  else if (employeeNo.length > 50) fail('employeeNo', 'too_long', 'must be at most 50 characters', { max: 50 });

  const name = value('name');
  if (!name) fail('name', 'required', 'is required');
  else if (name.length > 200) fail('name', 'too_long', 'must be at most 200 characters', { max: 200 });

  let departmentId: string | null = null;
  const department = value('department');
  if (department) {
    const byName = departments.byName.get(department) ?? [];
    departmentId = departments.byCode.get(department) ?? (byName.length === 1 ? byName[0]! : null);
    if (!departmentId && byName.length > 1)
      fail('department', 'ambiguous_name', `"${department}" names several departments: use its code`, {
        value: department,
      });
    else if (!departmentId)
      fail('department', 'not_found', `unknown department "${department}"`, { value: department });
  }

  const phone = value('phone') || null;
  if (phone && !PHONE_PATTERN.test(phone)) fail('phone', 'invalid_phone', 'is not a valid phone number');

  const email = value('email') || null;
  if (email && (email.length > 254 || !emailSchema.safeParse(email).success))
    fail('email', 'invalid_email', 'is not a valid email address');

  const roles = [
    ...new Set(
      value('roles')
        .split(/[;|]/)
        .map((r) => r.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  for (const role of roles)
    if (!ROLE_SET.has(role))
      fail('roles', 'invalid_choice', `unknown role "${role}"`, { values: ROLES.join(', '), value: role });

  let active = true;
  const activeText = value('active').toLowerCase();
  if (['false', '0', 'no'].includes(activeText)) active = false;
  else if (activeText && !['true', '1', 'yes'].includes(activeText))
    fail('active', 'invalid_choice', 'must be true/false, 1/0 or yes/no', { values: 'true, false, 1, 0, yes, no' });

  if (errors.length) return { errors };
  return { row: { line, employeeNo, name, departmentId, phone, email, roles, active } };
}
