/** What can be exported (issue 16 item 5): the ratings list, and each dashboard table. */
export const EXPORT_KINDS = [
  'ratings',
  'dashboard_trend',
  'dashboard_dimensions',
  'dashboard_funnel',
  'dashboard_distribution',
  /** Analytics → Rankings (issue 18): engineers or departments, fairly ranked, with n and the band. */
  'rankings',
] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'expired'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/** The languages an export's headers and words (Yes/No, classes) come in. */
export const EXPORT_LANGUAGES = ['zh-CN', 'en'] as const;
export type ExportLanguage = (typeof EXPORT_LANGUAGES)[number];
