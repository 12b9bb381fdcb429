import { stat } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { exports } from '../../db/schema/exports.js';
import type { Actor } from '../../http/principal.js';
import { ProblemError } from '../../http/problem.js';
import { yieldToRequests } from '../../jobs/yield-to-requests.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import type { Cell } from './cells.js';
import { exportFileName, exportFilePath, removeExportFile } from './export-files.js';
import type { ExportSources } from './export-sources.js';
import { sheetNameOf } from './exports.presenter.js';
import { ratingCells, ratingHeaders } from './ratings-table.js';
import { openTableWriter } from './table-writer.js';

type ExportRow = typeof exports.$inferSelect;

/** `processed` is written every this many rows: often enough for a progress bar, rarely enough to cost nothing. */
export const PROGRESS_EVERY = 1000;

/**
 * The row loop gives the event loop a turn (`setImmediate`) once it has run this long. On PGlite the database is this
 * process and its queries resolve without ever reaching the event loop, so without it the whole export ran as one
 * stretch: the customer page waited up to 16.6 s beside a 20,000-rating XLSX export (bench/dashboard/rating-page.ts).
 */
const YIELD_AFTER_MS = 20;

export interface ExportRunStats {
  rows: number;
  /** Highest `process.memoryUsage()` seen at the progress ticks, in bytes (logged; asserted by the memory test). */
  peakRss: number;
  peakHeapUsed: number;
  /** RSS at each progress tick, in bytes: a bounded export levels off, an accumulating one climbs with the rows. */
  rssAtTicks: number[];
}

interface Table {
  headers: string[];
  total: number | null;
  rows: AsyncIterable<Cell[]>;
}

/** The export's creator, as the sources see them: their current roles decide their scope (`access/scope.ts`). */
const creatorOf = (row: ExportRow): Actor => ({ type: row.createdByType, id: row.createdBy, name: null, ip: null });

async function tableOf(db: Db, row: ExportRow, sources: ExportSources): Promise<Table> {
  const actor = creatorOf(row);
  if (row.kind === 'ratings') {
    const [source, profile] = await Promise.all([sources.ratings(db, actor, row.filters), getOrganisationProfile(db)]);
    const { dimensions } = source;
    return {
      headers: ratingHeaders(dimensions, row.language),
      total: source.total,
      rows: (async function* () {
        for await (const r of source.rows) yield ratingCells(r, dimensions, row.language, profile.timeZone);
      })(),
    };
  }
  const table = await sources.dashboard(db, actor, row.kind, row.filters, row.language);
  return {
    headers: table.headers,
    total: table.rows.length,
    rows: (async function* () {
      yield* table.rows;
    })(),
  };
}

const setExport = (db: Db, id: string, values: Partial<ExportRow>) =>
  db.update(exports).set(values).where(eq(exports.id, id));

/**
 * THE export job's work: streams the rows into `<DATA_DIR>/exports/<id>.<format>`, `processed` updated every
 * {@link PROGRESS_EVERY} rows. Restartable: a retry starts the file over (the writer truncates). A finished,
 * failed or expired export is left alone; filters a source refuses fail the export (`invalid_filters`) without retry.
 */
export async function runExport(
  db: Db,
  dataDir: string,
  exportId: string,
  sources: ExportSources,
  now: () => Date = () => new Date(),
): Promise<ExportRunStats | null> {
  const [row] = await db.select().from(exports).where(eq(exports.id, exportId));
  if (!row || row.status === 'succeeded' || row.status === 'failed' || row.status === 'expired') return null;
  await setExport(db, exportId, { status: 'running', processed: 0, total: null, error: null });
  const stats: ExportRunStats = { rows: 0, peakRss: 0, peakHeapUsed: 0, rssAtTicks: [] };
  const sample = () => {
    const m = process.memoryUsage();
    stats.peakRss = Math.max(stats.peakRss, m.rss);
    stats.peakHeapUsed = Math.max(stats.peakHeapUsed, m.heapUsed);
    stats.rssAtTicks.push(m.rss);
  };
  let table: Table;
  try {
    table = await tableOf(db, row, sources);
  } catch (err) {
    if (!(err instanceof ProblemError) || err.status !== 400) throw err;
    await setExport(db, exportId, { status: 'failed', error: 'invalid_filters', finishedAt: now() });
    return null;
  }
  if (table.total !== null) await setExport(db, exportId, { total: table.total });
  const path = await exportFilePath(dataDir, exportId, row.format);
  const writer = await openTableWriter(row.format, path, sheetNameOf(row));
  try {
    sample();
    await writer.writeRow(table.headers);
    let ranSince = performance.now();
    for await (const cells of table.rows) {
      await writer.writeRow(cells);
      stats.rows++;
      if (performance.now() - ranSince > YIELD_AFTER_MS) {
        await yieldToRequests();
        ranSince = performance.now();
      }
      if (stats.rows % PROGRESS_EVERY === 0) {
        sample();
        await setExport(db, exportId, { processed: stats.rows });
      }
    }
    await writer.close();
    sample();
  } catch (err) {
    await writer.abort().catch(() => undefined);
    await removeExportFile(dataDir, exportFileName(exportId, row.format));
    throw err;
  }
  const size = (await stat(path)).size;
  await setExport(db, exportId, {
    status: 'succeeded',
    total: stats.rows,
    processed: stats.rows,
    file: exportFileName(exportId, row.format),
    size,
    finishedAt: now(),
  });
  return stats;
}

/** After the last retry: the export fails with a code the console translates, and its partial file goes. */
export async function markExportFailed(db: Db, dataDir: string, exportId: string, now: Date): Promise<void> {
  const [row] = await db.select().from(exports).where(eq(exports.id, exportId));
  if (!row || row.status === 'succeeded' || row.status === 'expired') return;
  await removeExportFile(dataDir, exportFileName(exportId, row.format));
  await setExport(db, exportId, { status: 'failed', error: 'export_failed', finishedAt: now });
}
