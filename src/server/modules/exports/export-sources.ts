import type { ExportKind, ExportLanguage } from '../../../common/exports.js';
import type { Dimension } from '../../../common/scoring/index.js';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../http/principal.js';
import type { Cell } from './cells.js';
import type { ExportRating } from './ratings-table.js';

export type DashboardKind = Exclude<ExportKind, 'ratings'>;

/** The rows of a ratings export: the columns' dimensions first (known before the first row), then the ratings. */
export interface RatingRows {
  dimensions: readonly Dimension[];
  /** The row count when the source knows it up front (for the progress bar), else null. */
  total: number | null;
  rows: AsyncIterable<ExportRating>;
}

/** A dashboard table: a handful of rows (buckets, dimensions, channels, ★), computed at once. */
export interface DashboardTable {
  headers: string[];
  rows: Cell[][];
}

/**
 * Where an export's rows come from. The job uses the analytics module's (`analytics-sources.ts`), which applies the
 * filters exactly as the dashboard and the drill-down list do, within what the creator may see; tests may pass
 * their own. A source refuses bad filters with a 400 `ProblemError` (the export then fails as `invalid_filters`).
 */
export interface ExportSources {
  ratings(db: Db, actor: Actor, filters: Record<string, unknown>): Promise<RatingRows>;
  dashboard(
    db: Db,
    actor: Actor,
    kind: DashboardKind,
    filters: Record<string, unknown>,
    language: ExportLanguage,
  ): Promise<DashboardTable>;
}
