import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';

/**
 * Dates and instants in query strings. zod checks the calendar (no 2026-02-30); these also keep the year within
 * 1900–9999 — written and in UTC — because PostgreSQL rejects year 0 and JavaScript writes years past 9999 as
 * `+010000-…`, either of which would otherwise reach the database as a 500.
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;
const OUT_OF_RANGE = `must be between ${MIN_YEAR} and ${MAX_YEAR}`;

function withinYears(iso: string): boolean {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return false;
  const written = Number(iso.slice(0, 4));
  const utc = new Date(ms).getUTCFullYear();
  return written >= MIN_YEAR && written <= MAX_YEAR && utc >= MIN_YEAR && utc <= MAX_YEAR;
}

/** An ISO 8601 instant with a `Z` or `±hh:mm` offset, years 1900–9999; kept as written (full precision). */
export const instantParam = () =>
  z.iso
    .datetime({ offset: true })
    .max(64)
    .refine(withinYears, OUT_OF_RANGE)
    .describe(`ISO 8601 instant with offset, e.g. \`2026-03-01T08:00:00+08:00\` (years ${MIN_YEAR}–${MAX_YEAR}).`);

/** An instant, or a date `YYYY-MM-DD` meaning its start in UTC (normalised to `YYYY-MM-DDT00:00:00Z`). */
export const dayOrInstantParam = () =>
  z
    .union([z.iso.datetime({ offset: true }).max(64), z.iso.date()])
    .refine(withinYears, OUT_OF_RANGE)
    .transform((v) => (v.length === 10 ? `${v}T00:00:00Z` : v))
    .describe(`ISO 8601 date (its start, UTC) or instant with offset (years ${MIN_YEAR}–${MAX_YEAR}).`);

/** A validated instant string as a `timestamptz` parameter, compared at full precision by PostgreSQL. */
export const instant = (iso: string): SQL => sql`${iso}::timestamptz`;
