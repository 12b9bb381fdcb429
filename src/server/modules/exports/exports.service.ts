import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { and, eq, lt, ne } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { exports } from '../../db/schema/exports.js';
import { keyset } from '../../http/pagination.js';
import type { Actor } from '../../http/principal.js';
import { conflict, forbidden, notFound, ProblemError } from '../../http/problem.js';
import { exportsDir, removeExportFile } from './export-files.js';
import { contentDisposition, fileNameOf, presentExport } from './exports.presenter.js';
import type { CreateExportInput } from './exports.schemas.js';

/** How long a finished export can be downloaded; then its file is deleted. */
export const EXPORT_TTL_MS = 24 * 3600 * 1000;

type ExportRow = typeof exports.$inferSelect;
const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** The caller as an export's owner: a console user (employee id) or an API key (key id). */
function ownerOf(actor: Actor): { type: 'user' | 'api_key'; id: string } {
  if ((actor.type === 'user' || actor.type === 'api_key') && actor.id) return { type: actor.type, id: actor.id };
  throw forbidden('Exports are asked for by a user or an API key.');
}

const isAdmin = (actor: Actor) => actor.type === 'user' && (actor.roles ?? []).includes('admin');

/** Creates the queued export (the caller enqueues its job in the same transaction: `exports.jobs.ts`). */
export async function createExport(tx: DbOrTx, actor: Actor, input: CreateExportInput, now: Date) {
  const owner = ownerOf(actor);
  const [row] = await tx
    .insert(exports)
    .values({
      kind: input.kind,
      format: input.format,
      filters: input.filters,
      language: input.language,
      createdByType: owner.type,
      createdBy: owner.id,
      createdAt: now,
      expiresAt: new Date(now.getTime() + EXPORT_TTL_MS),
    })
    .returning();
  return row!;
}

/**
 * An export the caller may see: their own, or any for an admin. Anyone else gets 404, as if it did not exist (an id
 * says nothing about whose it is).
 */
async function readableExport(db: DbOrTx, actor: Actor, id: string): Promise<ExportRow> {
  const owner = ownerOf(actor);
  const [row] = await db.select().from(exports).where(eq(exports.id, id));
  if (!row || (!isAdmin(actor) && (row.createdBy !== owner.id || row.createdByType !== owner.type)))
    throw notFound('Export', id);
  return row;
}

export async function getExport(db: Db, actor: Actor, id: string) {
  return presentExport(await readableExport(db, actor, id));
}

const exportsPage = keyset({ kind: 'timestamp', sort: exports.createdAt, id: exports.id, order: 'desc' });
type PageQuery = { limit: number; cursor?: string };

/** The caller's own exports, newest first (admins too: this is "My exports"). */
export async function listMyExports(db: Db, actor: Actor, q: PageQuery) {
  const owner = ownerOf(actor);
  const rows = await db
    .select({ row: exports, position: exportsPage.key })
    .from(exports)
    .where(and(eq(exports.createdBy, owner.id), eq(exports.createdByType, owner.type), exportsPage.after(q.cursor)))
    .orderBy(...exportsPage.orderBy)
    .limit(q.limit + 1);
  return exportsPage.page(
    rows,
    q.limit,
    (r) => presentExport(r.row),
    (r) => ({ v: r.position, id: r.row.id }),
  );
}

/** The finished file of an export: 410 once expired, 409 while it is not (or could not be) written. */
export async function openExportDownload(db: Db, actor: Actor, id: string, dataDir: string, now: Date) {
  const row = await readableExport(db, actor, id);
  if (row.status === 'expired' || row.expiresAt <= now)
    throw new ProblemError(410, 'export-expired', 'Gone', `Export ${id} has expired; export again.`);
  if (row.status !== 'succeeded' || !row.file)
    throw conflict(`Export ${id} is ${row.status}: there is no file to download.`, 'export-not-ready');
  const path = join(exportsDir(dataDir), row.file);
  const size = (await stat(path)).size;
  return {
    stream: createReadStream(path),
    size,
    contentType: CONTENT_TYPES[row.format],
    disposition: contentDisposition(fileNameOf(row)),
  };
}

/**
 * Deletes the files of expired exports and marks them `expired` (the periodic `exports.purge` job). Exports that
 * never finished expire too, so a queued one whose job was lost does not stay "queued" for ever.
 */
export async function purgeExpiredExports(db: Db, dataDir: string, now: Date): Promise<number> {
  const due = await db
    .select({ id: exports.id, file: exports.file })
    .from(exports)
    .where(and(lt(exports.expiresAt, now), ne(exports.status, 'expired')))
    .limit(1000);
  for (const row of due) {
    if (row.file) await removeExportFile(dataDir, row.file);
    await db.update(exports).set({ status: 'expired', file: null }).where(eq(exports.id, row.id));
  }
  return due.length;
}
