import { z } from 'zod';
import { EXPORT_FORMATS, EXPORT_KINDS, EXPORT_LANGUAGES, EXPORT_STATUSES } from '../../../common/exports.js';

const filterValue = z.union([
  z.string().max(200),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.string().max(200)).max(200),
]);

export const createExportBody = z.object({
  kind: z.enum(EXPORT_KINDS).describe('The ratings list (one row per rating) or one dashboard table.'),
  format: z.enum(EXPORT_FORMATS),
  filters: z
    .record(z.string().max(64), filterValue)
    .default({})
    .refine((f) => Object.keys(f).length <= 40, 'too many filters')
    .describe(
      'The analytics filters of the list or dashboard being exported (`from`, `to`, `departmentId`, `engineerId`, …, and `granularity` for the trend), exactly as its own endpoint takes them.',
    ),
  language: z.enum(EXPORT_LANGUAGES).default('zh-CN').describe('Language of the headers and words in the file.'),
});
export type CreateExportInput = z.infer<typeof createExportBody>;

export const exportSchema = z.object({
  id: z.string(),
  kind: z.enum(EXPORT_KINDS),
  format: z.enum(EXPORT_FORMATS),
  language: z.enum(EXPORT_LANGUAGES),
  filters: z.record(z.string(), z.unknown()),
  status: z.enum(EXPORT_STATUSES),
  /** Rows to write, once known (null while the job has not counted them). */
  total: z.number().int().nullable(),
  processed: z.number().int(),
  /** When failed: `invalid_filters` (the filters were refused) or `export_failed`; the console translates both. */
  error: z.string().nullable(),
  /** Bytes of the file, once written. */
  size: z.number().int().nullable(),
  fileName: z.string().nullable().describe('The name the download is saved under.'),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  expiresAt: z.string(),
});
export type ExportView = z.infer<typeof exportSchema>;
