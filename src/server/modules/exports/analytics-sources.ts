import type { ExportSources } from './export-sources.js';

/** The analytics module's rows (merged from wt-analytics). */
export const analyticsSources: ExportSources = {
  ratings: async () => {
    throw new Error('the analytics drill-down is not merged yet');
  },
  dashboard: async () => {
    throw new Error('the analytics module is not merged yet');
  },
};
