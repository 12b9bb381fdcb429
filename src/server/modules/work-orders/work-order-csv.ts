import type { z } from 'zod';
import type { FieldError } from '../../http/problem.js';
import { codeOfIssue } from '../../http/zod-issues.js';
import { type CsvRecord, columnCountError, headerErrors, type ImportError, importError } from '../org/employee-csv.js';
import type { FieldDefinition } from '../workflows/workflows.schemas.js';
import { customFromText, validateCustomFields } from './custom-fields.js';
import { type CreateWorkOrderInput, createWorkOrderBody } from './work-orders.schemas.js';

/** Known columns (any case, any order); only subject and serviceType are required. Plus `custom.<key>` columns. */
export const WORK_ORDER_CSV_COLUMNS = [
  'externalId',
  'number',
  'subject',
  'serviceType',
  'recordType',
  'customerName',
  'customerPhone',
  'customerEmail',
  'customerWechatOpenId',
  'customerLocale',
  'engineers',
  'department',
  'store',
  'touchpoint',
  'priority',
  'status',
] as const;
type Column = (typeof WORK_ORDER_CSV_COLUMNS)[number];
const REQUIRED: Column[] = ['subject', 'serviceType'];

export interface Header {
  columns: Partial<Record<Column, number>>;
  custom: { key: string; index: number }[];
  width: number;
}

export function readWorkOrderHeader(fields: string[]): { header: Header } | { errors: ImportError[] } {
  const byLower = new Map(WORK_ORDER_CSV_COLUMNS.map((c) => [c.toLowerCase(), c]));
  const header: Header = { columns: {}, custom: [], width: fields.length };
  const unknown: string[] = [];
  const repeated: string[] = [];
  for (const [index, raw] of fields.entries()) {
    const name = raw.trim();
    const column = byLower.get(name.toLowerCase());
    if (name.toLowerCase().startsWith('custom.')) header.custom.push({ key: name.slice(7), index });
    else if (!column) unknown.push(name);
    else if (header.columns[column] !== undefined) repeated.push(column);
    else header.columns[column] = index;
  }
  const missing = REQUIRED.filter((c) => header.columns[c] === undefined);
  const errors = headerErrors(unknown, missing, repeated);
  if (errors.length) return { errors };
  return { header };
}

export interface Lookups {
  serviceTypes: Map<string, { id: string; fieldDefinitions: FieldDefinition[] }>;
  departments: { byCode: Map<string, string>; byName: Map<string, string[]> };
  employeesByNo: Map<string, string>;
}

/** API field paths → the CSV column a user can find in their file. */
function columnOf(path: string): string {
  if (path.startsWith('custom.')) return path;
  if (path.startsWith('customer.')) return `customer${path[9]!.toUpperCase()}${path.slice(10)}`;
  if (path.startsWith('engineerIds')) return 'engineers';
  if (path === 'serviceTypeId') return 'serviceType';
  if (path === 'departmentId' || path === 'regionId') return 'department';
  return path;
}

export const importErrorsOf = (line: number, errors: FieldError[]): ImportError[] =>
  errors.map((e) => importError(line, columnOf(e.path), e.code, e.message, e.params));

/** zod's issues with the codes the API would answer them with (`http/zod-issues.ts`). */
const issuesToErrors = (line: number, error: z.ZodError): ImportError[] =>
  error.issues.map((i) => {
    const { code, params } = codeOfIssue(i);
    return importError(line, columnOf(i.path.join('.')), code, i.message, params);
  });

/** Turns one record into the API's create body (lookups by code/number), or the row's errors. */
export function recordToInput(
  record: CsvRecord,
  header: Header,
  lookups: Lookups,
): { input: CreateWorkOrderInput } | { errors: ImportError[] } {
  const { line, fields } = record;
  if (fields.length !== header.width) return { errors: [columnCountError(line, header.width, fields.length)] };
  const value = (c: Column) => {
    const i = header.columns[c];
    return i === undefined ? '' : (fields[i] ?? '').trim();
  };
  const orNull = (c: Column) => value(c) || undefined;
  const errors: ImportError[] = [];

  const st = lookups.serviceTypes.get(value('serviceType'));
  if (value('serviceType') && !st)
    errors.push(
      importError(line, 'serviceType', 'not_found', `unknown service type "${value('serviceType')}"`, {
        value: value('serviceType'),
      }),
    );

  let departmentId: string | undefined;
  const dept = value('department');
  if (dept) {
    const byName = lookups.departments.byName.get(dept) ?? [];
    departmentId = lookups.departments.byCode.get(dept) ?? (byName.length === 1 ? byName[0] : undefined);
    if (!departmentId)
      errors.push(
        byName.length > 1
          ? importError(line, 'department', 'ambiguous_name', `"${dept}" names several departments: use its code`, {
              value: dept,
            })
          : importError(line, 'department', 'not_found', `unknown department "${dept}"`, { value: dept }),
      );
  }
  const engineerIds: string[] = [];
  for (const no of value('engineers')
    .split(/[;|]/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const id = lookups.employeesByNo.get(no);
    if (id) engineerIds.push(id);
    else errors.push(importError(line, 'engineers', 'not_found', `unknown employee number "${no}"`, { value: no }));
  }
  const defs = new Map((st?.fieldDefinitions ?? []).map((d) => [d.key, d]));
  const custom: Record<string, unknown> = {};
  for (const { key, index } of header.custom) {
    const v = customFromText((fields[index] ?? '').trim(), defs.get(key));
    if (v !== undefined) custom[key] = v;
  }
  if (st) errors.push(...importErrorsOf(line, validateCustomFields(custom, st.fieldDefinitions).errors));
  const candidate = {
    externalId: orNull('externalId'),
    number: orNull('number'),
    subject: value('subject'),
    serviceTypeId: st?.id ?? '00000000-0000-4000-8000-000000000000',
    recordType: orNull('recordType'),
    customer: {
      name: orNull('customerName'),
      phone: orNull('customerPhone'),
      email: orNull('customerEmail'),
      wechatOpenId: orNull('customerWechatOpenId'),
      locale: orNull('customerLocale'),
    },
    engineerIds,
    departmentId,
    store: orNull('store'),
    touchpoint: orNull('touchpoint'),
    priority: orNull('priority'),
    status: orNull('status'),
    custom,
  };
  const parsed = createWorkOrderBody.safeParse(candidate);
  if (!parsed.success) errors.push(...issuesToErrors(line, parsed.error));
  if (errors.length || !parsed.success) return { errors };
  return { input: parsed.data };
}
