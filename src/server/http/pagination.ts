import { z } from 'zod';
import { fieldError } from './problem.js';

/** `?limit=` (default 50, max 500) and an opaque `?cursor=` — the list convention of API-CONTRACT.md. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Page size (1–500, default 50).'),
  cursor: z.string().max(500).optional().describe('Opaque cursor from the previous page’s `nextCursor`.'),
};

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** A keyset position: the sort value and the id of the last row of a page. */
export interface CursorPosition {
  v: string | number;
  id: string;
}

export function encodeCursor(pos: CursorPosition): string {
  return Buffer.from(JSON.stringify(pos)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): CursorPosition | undefined {
  if (!cursor) return undefined;
  try {
    const pos = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorPosition;
    if (typeof pos?.id === 'string' && (typeof pos.v === 'string' || typeof pos.v === 'number')) return pos;
  } catch {
    // fall through
  }
  throw fieldError('query.cursor', 'is not a cursor this API issued');
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
