import type { TFunction } from 'i18next';
import type { ExportFormat, ExportKind } from '../../../common/exports';
import { type Answer, client, ok, type RequestBody } from '../../api/client';

/** An export as the API answers it (status, progress, expiry). */
export type ExportJob = Answer<'/exports/{id}'>;
type FilterValue = NonNullable<RequestBody<'/exports', 'post'>['filters']>[string];
/** The list's or chart's query parameters; unset ones (undefined) are left out. */
export type ExportFilters = Record<string, FilterValue | undefined>;

const definedOnly = (filters: ExportFilters) =>
  Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as Record<string, FilterValue>;

export const exportKeys = {
  all: ['exports'] as const,
  list: (query: object) => [...exportKeys.all, 'list', query] as const,
  detail: (id: string) => [...exportKeys.all, 'detail', id] as const,
};

export function startExport(kind: ExportKind, format: ExportFormat, filters: ExportFilters, language: string) {
  return ok(
    client.POST('/exports', {
      body: { kind, format, filters: definedOnly(filters), language: language.startsWith('zh') ? 'zh-CN' : 'en' },
    }),
  );
}

export const fetchExport = (id: string) => ok(client.GET('/exports/{id}', { params: { path: { id } } }));

/** The download URL (a plain link: the session cookie authorises a GET). */
export const exportDownloadUrl = (id: string) => `/api/v1/exports/${encodeURIComponent(id)}/download`;

export const isFinished = (job: Pick<ExportJob, 'status'> | undefined) =>
  job?.status === 'succeeded' || job?.status === 'failed' || job?.status === 'expired';

/** 0..100 for antd `Progress`; 100 once written. */
export function exportPercent(job: ExportJob | undefined): number {
  if (!job) return 0;
  if (job.status === 'succeeded') return 100;
  return job.total ? Math.min(99, Math.floor((job.processed / job.total) * 100)) : 0;
}

/** Why an export failed, in the user's language (`invalid_filters`, `export_failed`). */
export const exportErrorText = (t: TFunction, code: string | null) =>
  t(`exports.errors.${code ?? 'export_failed'}`, { defaultValue: t('exports.errors.export_failed') });
