import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { departments, employeeImports, employees } from '../../db/schema/org.js';
import type { Actor } from '../../http/principal.js';
import { notFound } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.service.js';
import {
  CSV_COLUMNS,
  type DepartmentLookup,
  type EmployeeRow,
  fileError,
  type ImportError,
  importError,
  parseCsvRecords,
  readHeader,
  validateRecord,
} from './employee-csv.js';
import { type EmployeeImportView, presentEmployeeImport } from './org.presenters.js';

export type ImportMode = 'all_or_nothing' | 'valid_rows';

/** Progress is written every this many rows. */
export const PROGRESS_EVERY = 100;
const INSERT_BATCH = 500;
/** A file of 100k bad rows would otherwise make a response of many megabytes; the console shows the first ones. */
export const MAX_REPORTED_ERRORS = 1000;

export async function createEmployeeImport(
  db: Db,
  actor: Actor,
  input: { csv: string; mode: ImportMode },
): Promise<EmployeeImportView> {
  const [row] = await db
    .insert(employeeImports)
    .values({ csv: input.csv, mode: input.mode, createdBy: actor.type === 'user' ? actor.id : null })
    .returning();
  return presentEmployeeImport(row!);
}

export async function getEmployeeImport(db: Db, id: string): Promise<EmployeeImportView> {
  const [row] = await db.select().from(employeeImports).where(eq(employeeImports.id, id)).limit(1);
  if (!row) throw notFound('Employee import', id);
  return presentEmployeeImport(row);
}

export async function markImportFailed(db: Db, id: string, message: string): Promise<void> {
  await db
    .update(employeeImports)
    .set({ status: 'failed', errors: [fileError('import_failed', message)], finishedAt: new Date() })
    .where(eq(employeeImports.id, id));
}

function capErrors(errors: ImportError[]): ImportError[] {
  const sorted = [...errors].sort((a, b) => a.line - b.line);
  if (sorted.length <= MAX_REPORTED_ERRORS) return sorted;
  const shown = sorted.slice(0, MAX_REPORTED_ERRORS);
  const more = sorted.length - shown.length;
  return [
    ...shown,
    importError(sorted.at(-1)!.line, null, 'more_errors', `${more} more errors not shown`, { count: more }),
  ];
}

async function loadDepartments(db: Db): Promise<DepartmentLookup> {
  const rows = await db
    .select({ id: departments.id, code: departments.code, name: departments.name })
    .from(departments);
  const lookup: DepartmentLookup = { byCode: new Map(), byName: new Map() };
  for (const d of rows) {
    if (d.code) lookup.byCode.set(d.code, d.id);
    lookup.byName.set(d.name, [...(lookup.byName.get(d.name) ?? []), d.id]);
  }
  return lookup;
}

class ImportRejected extends Error {
  constructor(readonly errors: ImportError[]) {
    super('import rejected');
  }
}

/**
 * The work of the `org.import-employees` job. Safe to run again after a crash: a finished import is left alone,
 * and everything it writes (employees, final status, audit event) commits in one transaction.
 */
export async function runEmployeeImport(db: Db, importId: string, actor: Actor): Promise<void> {
  const [job] = await db.select().from(employeeImports).where(eq(employeeImports.id, importId)).limit(1);
  if (!job || job.status === 'succeeded' || job.status === 'failed') return;
  await db
    .update(employeeImports)
    .set({ status: 'running', processed: 0, imported: 0, errors: [] })
    .where(eq(employeeImports.id, importId));

  const finishFailed = (errors: ImportError[], total = 0) =>
    db
      .update(employeeImports)
      .set({
        status: 'failed',
        total,
        processed: total,
        imported: 0,
        errors: capErrors(errors),
        finishedAt: new Date(),
      })
      .where(eq(employeeImports.id, importId));

  const parsed = parseCsvRecords(job.csv);
  if ('error' in parsed) return void (await finishFailed([parsed.error]));
  const [headerRecord, ...records] = parsed.records;
  if (!headerRecord) return void (await finishFailed([fileError('empty_file', 'the file is empty')]));
  const header = readHeader(headerRecord.fields);
  if ('errors' in header) return void (await finishFailed(header.errors));
  const total = records.length;
  await db.update(employeeImports).set({ total }).where(eq(employeeImports.id, importId));

  const lookup = await loadDepartments(db);
  const errors: ImportError[] = [];
  const valid: EmployeeRow[] = [];
  const firstLineOf = new Map<string, number>();

  for (let start = 0; start < total; start += PROGRESS_EVERY) {
    const chunk: EmployeeRow[] = [];
    for (const record of records.slice(start, start + PROGRESS_EVERY)) {
      const result = validateRecord(record, header.columns, lookup);
      const employeeNo =
        record.fields.length === CSV_COLUMNS.length ? (record.fields[header.columns.employeeNo] ?? '').trim() : '';
      const firstLine = employeeNo ? firstLineOf.get(employeeNo) : undefined;
      if (employeeNo && firstLine === undefined) firstLineOf.set(employeeNo, record.line);
      const rowErrors = 'errors' in result ? result.errors : [];
      if (firstLine !== undefined) {
        rowErrors.unshift(
          importError(record.line, 'employeeNo', 'duplicate_of_line', `duplicates line ${firstLine}`, {
            line: firstLine,
          }),
        );
      }
      if (rowErrors.length) errors.push(...rowErrors);
      else if ('row' in result) chunk.push(result.row);
    }
    if (chunk.length) {
      const existing = await db
        .select({ employeeNo: employees.employeeNo })
        .from(employees)
        .where(
          inArray(
            employees.employeeNo,
            chunk.map((r) => r.employeeNo),
          ),
        );
      const taken = new Set(existing.map((e) => e.employeeNo));
      for (const row of chunk) {
        if (taken.has(row.employeeNo))
          errors.push(
            importError(row.line, 'employeeNo', 'is_taken', `"${row.employeeNo}" already exists`, {
              value: row.employeeNo,
            }),
          );
        else valid.push(row);
      }
    }
    await db
      .update(employeeImports)
      .set({ processed: Math.min(start + PROGRESS_EVERY, total) })
      .where(eq(employeeImports.id, importId));
  }

  if (job.mode === 'all_or_nothing' && errors.length) return void (await finishFailed(errors, total));

  try {
    await db.transaction(async (tx) => {
      let imported = 0;
      for (let i = 0; i < valid.length; i += INSERT_BATCH) {
        const batch = valid.slice(i, i + INSERT_BATCH);
        const inserted = await tx
          .insert(employees)
          .values(batch.map(({ line: _line, ...row }) => row))
          .onConflictDoNothing({ target: employees.employeeNo })
          .returning({ employeeNo: employees.employeeNo });
        imported += inserted.length;
        if (inserted.length < batch.length) {
          // Someone created the same employee number after the check above.
          const done = new Set(inserted.map((r) => r.employeeNo));
          for (const row of batch) {
            if (!done.has(row.employeeNo))
              errors.push(
                importError(row.line, 'employeeNo', 'is_taken', `"${row.employeeNo}" already exists`, {
                  value: row.employeeNo,
                }),
              );
          }
        }
      }
      if (job.mode === 'all_or_nothing' && errors.length) throw new ImportRejected(errors);
      const reported = capErrors(errors);
      await tx
        .update(employeeImports)
        .set({ status: 'succeeded', total, processed: total, imported, errors: reported, finishedAt: new Date() })
        .where(eq(employeeImports.id, importId));
      await recordAudit(tx, actor, {
        action: 'employee.imported',
        entityType: 'employee_import',
        entityId: importId,
        after: { mode: job.mode, total, imported, rejected: total - imported, errors: errors.length },
      });
    });
  } catch (err) {
    if (err instanceof ImportRejected) return void (await finishFailed(err.errors, total));
    throw err;
  }
}
