import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { EXPORT_FORMATS, EXPORT_KINDS, EXPORT_LANGUAGES, EXPORT_STATUSES } from '../../../common/exports.js';

/**
 * One export (CSV or XLSX) asked for by a console user or an API key, produced by the `exports.run` job. The file
 * itself is not in the database: the job streams it to `<DATA_DIR>/exports/<id>.<format>` (bounded memory on PGlite
 * and PostgreSQL alike, no bytea round trip), and `file` keeps its name relative to that folder.
 */
export const exports = pgTable(
  'exports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: EXPORT_KINDS }).notNull(),
    format: text('format', { enum: EXPORT_FORMATS }).notNull(),
    /** The filters as the caller sent them (the analytics filters of the list or dashboard it exports). */
    filters: jsonb('filters').$type<Record<string, unknown>>().notNull(),
    language: text('language', { enum: EXPORT_LANGUAGES }).notNull(),
    status: text('status', { enum: EXPORT_STATUSES }).notNull().default('queued'),
    total: integer('total'),
    processed: integer('processed').notNull().default(0),
    /** A stable code (src/common/error-codes.ts field codes) the console translates, when failed. */
    error: text('error'),
    /** The file's name inside the exports folder, once written. */
    file: text('file'),
    size: bigint('size', { mode: 'number' }),
    /** Who asked: an employee (console) or an API key; only they (and admins) may read or download it. */
    createdByType: text('created_by_type', { enum: ['user', 'api_key'] }).notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('exports_creator_idx').on(t.createdBy, t.createdAt), index('exports_expires_idx').on(t.expiresAt)],
);
