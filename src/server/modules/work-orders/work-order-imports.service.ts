import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { workOrderImports } from '../../db/schema/work-orders.js';
import type { Actor } from '../../http/principal.js';
import { notFound, ProblemError } from '../../http/problem.js';
import type { JobQueue } from '../../jobs/queue.js';
import { recordAudit } from '../audit/audit.service.js';
import { fileError, type ImportError, importError, parseCsvRecords } from '../org/employee-csv.js';
import { referenceKeys } from '../org/lookups.js';
import { importErrorSchema, presentImportErrors } from '../org/org.schemas.js';
import { noJobs } from '../workflows/nodes.service.js';
import { enqueueNodeJobs } from '../workflows/workflows.jobs.js';
import { getWorkflowConfig } from '../workflows/workflows.service.js';
import { importErrorsOf, type Lookups, readWorkOrderHeader, recordToInput } from './work-order-csv.js';
import type { CreateWorkOrderInput } from './work-orders.schemas.js';
import { upsertInTransaction } from './work-orders.service.js';

type ImportRow = typeof workOrderImports.$inferSelect;
export const PROGRESS_EVERY = 100;
const MAX_REPORTED_ERRORS = 1000;

export const workOrderImportSchema = z.object({
  id: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  mode: z.enum(['all_or_nothing', 'valid_rows']),
  total: z.number().int(),
  processed: z.number().int(),
  created: z.number().int(),
  updated: z.number().int().describe('Rows whose externalId matched an existing work order.'),
  errors: z.array(importErrorSchema),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

const present = (r: ImportRow): z.infer<typeof workOrderImportSchema> => ({
  id: r.id,
  status: r.status,
  mode: r.mode,
  total: r.total,
  processed: r.processed,
  created: r.created,
  updated: r.updated,
  errors: presentImportErrors(r.errors),
  createdAt: r.createdAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
});

export async function createWorkOrderImport(db: Db, actor: Actor, input: { csv: string; mode: ImportRow['mode'] }) {
  const [row] = await db
    .insert(workOrderImports)
    .values({ csv: input.csv, mode: input.mode, createdBy: actor.type === 'user' ? actor.id : null })
    .returning();
  return present(row!);
}

export async function getWorkOrderImport(db: Db, id: string) {
  const [row] = await db.select().from(workOrderImports).where(eq(workOrderImports.id, id));
  if (!row) throw notFound('Work order import', id);
  return present(row);
}

const cap = (errors: ImportError[]) => [...errors].sort((a, b) => a.line - b.line).slice(0, MAX_REPORTED_ERRORS);

export async function markWorkOrderImportFailed(db: Db, id: string, message: string) {
  await db
    .update(workOrderImports)
    .set({ status: 'failed', errors: [fileError('import_failed', message)], finishedAt: new Date() })
    .where(eq(workOrderImports.id, id));
}

async function loadLookups(db: Db): Promise<Lookups> {
  const lookups: Lookups = {
    serviceTypes: new Map(),
    departments: { byCode: new Map(), byName: new Map() },
    employeesByNo: new Map(),
  };
  const keys = await referenceKeys(db);
  for (const st of keys.serviceTypes) {
    const entry = { id: st.id, fieldDefinitions: (await getWorkflowConfig(db, st.id)).fieldDefinitions };
    lookups.serviceTypes.set(st.code, entry);
    lookups.serviceTypes.set(st.id, entry);
  }
  for (const d of keys.departments) {
    if (d.code) lookups.departments.byCode.set(d.code, d.id);
    lookups.departments.byName.set(d.name, [...(lookups.departments.byName.get(d.name) ?? []), d.id]);
  }
  for (const e of keys.employees) lookups.employeesByNo.set(e.no, e.id);
  return lookups;
}

class Rejected extends Error {}

/** A refusal without field errors: upsert's only one is a known externalId outside the caller's scope (404). */
const problemAsImportError = (line: number, err: ProblemError): ImportError =>
  err.slug === 'not-found'
    ? importError(line, 'externalId', 'not_found', err.message)
    : importError(line, null, 'invalid', err.message);

/**
 * The `work-orders.import` job: a validation pass with progress, then every row written in one transaction (each
 * row in a savepoint, so a row the service refuses is reported and — in valid_rows mode — the others stay).
 * A finished import is left alone, so a retried job does nothing twice.
 */
export async function runWorkOrderImport(db: Db, jobs: JobQueue, importId: string, actor: Actor) {
  const [job] = await db.select().from(workOrderImports).where(eq(workOrderImports.id, importId));
  if (!job || job.status === 'succeeded' || job.status === 'failed') return;
  await db.update(workOrderImports).set({ status: 'running', processed: 0 }).where(eq(workOrderImports.id, importId));
  const fail = (errors: ImportError[], total = 0) =>
    db
      .update(workOrderImports)
      .set({
        status: 'failed',
        total,
        processed: total,
        created: 0,
        updated: 0,
        errors: cap(errors),
        finishedAt: new Date(),
      })
      .where(eq(workOrderImports.id, importId));

  const parsed = parseCsvRecords(job.csv);
  if ('error' in parsed) return void (await fail([parsed.error]));
  const [headerRecord, ...records] = parsed.records;
  if (!headerRecord) return void (await fail([fileError('empty_file', 'the file is empty')]));
  const header = readWorkOrderHeader(headerRecord.fields);
  if ('errors' in header) return void (await fail(header.errors));
  const total = records.length;
  const lookups = await loadLookups(db);
  const errors: ImportError[] = [];
  const valid: { line: number; input: CreateWorkOrderInput }[] = [];
  for (let start = 0; start < total; start += PROGRESS_EVERY) {
    for (const record of records.slice(start, start + PROGRESS_EVERY)) {
      const result = recordToInput(record, header.header, lookups);
      if ('errors' in result) errors.push(...result.errors);
      else valid.push({ line: record.line, input: result.input });
    }
    await db
      .update(workOrderImports)
      .set({ total, processed: Math.min(start + PROGRESS_EVERY, total) })
      .where(eq(workOrderImports.id, importId));
  }
  if (job.mode === 'all_or_nothing' && errors.length) return void (await fail(errors, total));

  const pending = noJobs();
  // The import shows no links: the token and url createInvitation returns are not used, the stored row needs neither.
  const links = { appSecret: 'unused-by-imports', publicBaseUrl: '' };
  try {
    await db.transaction(async (tx) => {
      let created = 0;
      let updated = 0;
      for (const { line, input } of valid) {
        try {
          // This row's jobs join the import's only when its savepoint holds.
          const rowJobs = noJobs();
          const r = await tx.transaction((sp) => upsertInTransaction(sp, links, actor, input, rowJobs));
          pending.deliver.push(...rowJobs.deliver);
          pending.timeouts.push(...rowJobs.timeouts);
          if (r.created) created++;
          else updated++;
        } catch (err) {
          if (!(err instanceof ProblemError)) throw err;
          errors.push(...(err.errors?.length ? importErrorsOf(line, err.errors) : [problemAsImportError(line, err)]));
        }
      }
      if (job.mode === 'all_or_nothing' && errors.length) throw new Rejected();
      await enqueueNodeJobs(jobs, pending, tx);
      await tx
        .update(workOrderImports)
        .set({
          status: 'succeeded',
          total,
          processed: total,
          created,
          updated,
          errors: cap(errors),
          finishedAt: new Date(),
        })
        .where(eq(workOrderImports.id, importId));
      await recordAudit(tx, actor, {
        action: 'work_order.imported',
        entityType: 'work_order_import',
        entityId: importId,
        after: { mode: job.mode, total, created, updated, errors: errors.length },
      });
    });
  } catch (err) {
    if (err instanceof Rejected) return void (await fail(errors, total));
    throw err;
  }
}
