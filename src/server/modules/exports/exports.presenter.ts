import type { exports } from '../../db/schema/exports.js';
import type { ExportView } from './exports.schemas.js';
import { wordsOf } from './words.js';

type ExportRow = typeof exports.$inferSelect;

const SHEET_OF = {
  ratings: 'ratings',
  dashboard_trend: 'trend',
  dashboard_dimensions: 'dimensions',
  dashboard_funnel: 'funnel',
  dashboard_distribution: 'distribution',
  rankings: 'rankings',
} as const;

/** The sheet (and file) title of an export: "Ratings", "评价", … */
export const sheetNameOf = (row: Pick<ExportRow, 'kind' | 'language'>) =>
  wordsOf(row.language).sheet[SHEET_OF[row.kind]];

/** `评价_2026-12-02_1a2b3c4d.xlsx`: the title, the day it was asked for (UTC) and the id's start, so names differ. */
export function fileNameOf(row: Pick<ExportRow, 'id' | 'kind' | 'language' | 'format' | 'createdAt'>): string {
  return `${sheetNameOf(row)}_${row.createdAt.toISOString().slice(0, 10)}_${row.id.slice(0, 8)}.${row.format}`;
}

export function presentExport(row: ExportRow): ExportView {
  return {
    id: row.id,
    kind: row.kind,
    format: row.format,
    language: row.language,
    filters: row.filters,
    status: row.status,
    total: row.total,
    processed: row.processed,
    error: row.error,
    size: row.size,
    fileName: row.status === 'succeeded' ? fileNameOf(row) : null,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt.toISOString(),
  };
}

/**
 * `Content-Disposition` for a download: an ASCII `filename` for old clients (non-ASCII replaced by `_`) and the real
 * UTF-8 name as RFC 5987 / RFC 6266 `filename*`.
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
