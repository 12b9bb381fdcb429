import { type AnyColumn, asc, desc, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { fieldError } from './problem.js';

/**
 * Long enough for a cursor ending on a 200-character CJK name (600 bytes of UTF-8 → ~850 base64url characters);
 * every other shape is checked by `decodeCursor`.
 */
const MAX_CURSOR_CHARS = 2000;

/** `?limit=` (default 50, max 500) and an opaque `?cursor=` — the list convention of API-CONTRACT.md. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Page size (1–500, default 50).'),
  cursor: z.string().max(MAX_CURSOR_CHARS).optional().describe('Opaque cursor from the previous page’s `nextCursor`.'),
};

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/**
 * How a list's sort value travels in its cursor:
 * - `timestamp`: text at full (microsecond) precision in UTC, `YYYY-MM-DDTHH:MM:SS.ffffffZ`, selected by SQL
 *   (a JS Date keeps milliseconds only, so a cursor built from one skips rows sharing the millisecond);
 * - `text`: the column's value as is (compared with the column's collation, tie-broken on id);
 * - `number`: a finite JSON number.
 */
export type SortKind = 'timestamp' | 'text' | 'number';
type SortValue<K extends SortKind> = K extends 'number' ? number : string;

/** A keyset position: the sort value and the id of the last row of a page. */
export interface CursorPosition<K extends SortKind = SortKind> {
  v: SortValue<K>;
  id: string;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/;
/** The SQL twin of TIMESTAMP (`to_char` of the value in UTC). */
const TIMESTAMP_SQL_FORMAT = sql.raw(`'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`);
const MAX_TEXT_VALUE = 1000;
// A lone surrogate (or U+0000, checked apart): PostgreSQL cannot take either as text.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A real calendar instant in years 1–9999 (what PostgreSQL parses back exactly), in the TIMESTAMP format. */
function isCursorTimestamp(v: string): boolean {
  const m = TIMESTAMP.exec(v);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 1 || hour > 23 || minute > 59 || second > 59) return false;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isSortValue(kind: SortKind, v: unknown): boolean {
  switch (kind) {
    case 'timestamp':
      return typeof v === 'string' && isCursorTimestamp(v);
    case 'text':
      return typeof v === 'string' && v.length <= MAX_TEXT_VALUE && !v.includes('\u0000') && !LONE_SURROGATE.test(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
  }
}

export function encodeCursor(pos: CursorPosition): string {
  return Buffer.from(JSON.stringify({ v: pos.v, id: pos.id })).toString('base64url');
}

const notOurs = () => fieldError('query.cursor', 'invalid_cursor', 'is not a cursor this API issued');

/**
 * The position in a cursor this API issued for a list sorted by `kind`, or undefined without one. Anything else —
 * bad base64url, not JSON, another shape, an id that is not a uuid, a value that is not of the list's sort kind —
 * is a 400 on `query.cursor`, never a database error.
 */
export function decodeCursor<K extends SortKind>(cursor: string | undefined, kind: K): CursorPosition<K> | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  if (!BASE64URL.test(cursor)) throw notOurs();
  let pos: unknown;
  try {
    pos = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw notOurs();
  }
  if (typeof pos !== 'object' || pos === null || Array.isArray(pos)) throw notOurs();
  const keys = Object.keys(pos);
  const { v, id } = pos as Record<string, unknown>;
  if (keys.length !== 2 || typeof id !== 'string' || !UUID.test(id) || !isSortValue(kind, v)) throw notOurs();
  return { v: v as SortValue<K>, id };
}

/** Turns `limit + 1` fetched rows into a page. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  present: (row: R) => T,
  position: (row: R) => CursorPosition,
): { items: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return { items: pageRows.map(present), nextCursor: more && last ? encodeCursor(position(last)) : null };
}

export interface KeysetSpec<K extends SortKind> {
  kind: K;
  /** The sort column (NOT NULL). */
  sort: AnyColumn;
  /** The unique tie-breaker (a uuid primary key). */
  id: AnyColumn;
  order: 'asc' | 'desc';
}

/**
 * Keyset paging on `(sort, id)` — the one way lists page. Select `key` beside the row (it is the sort value exactly as
 * the cursor carries it), order by `orderBy`, filter with `after(cursor)`, fetch `limit + 1`, and hand the rows to
 * `page` with the position of a row (`{ v: row.pageKey, id }`).
 */
export function keyset<K extends SortKind>(spec: KeysetSpec<K>) {
  const { kind, sort, id, order } = spec;
  const direction = order === 'asc' ? asc : desc;
  const key = (
    kind === 'timestamp' ? sql`to_char(${sort} at time zone 'UTC', ${TIMESTAMP_SQL_FORMAT})` : sql`${sort}`
  ) as SQL<SortValue<K>>;
  return {
    key,
    orderBy: [direction(sort), direction(id)] as [SQL, SQL],
    /** Rows after the cursor's position (undefined without a cursor); a cursor this API did not issue → 400. */
    after(cursor: string | undefined): SQL | undefined {
      const pos = decodeCursor(cursor, kind);
      if (!pos) return undefined;
      const value = kind === 'timestamp' ? sql`${pos.v}::timestamptz` : sql`${pos.v}`;
      return order === 'asc'
        ? sql`(${sort}, ${id}) > (${value}, ${pos.id}::uuid)`
        : sql`(${sort}, ${id}) < (${value}, ${pos.id}::uuid)`;
    },
    page<R, T>(rows: R[], limit: number, present: (row: R) => T, position: (row: R) => CursorPosition<K>) {
      return toPage(rows, limit, present, position);
    },
  };
}
