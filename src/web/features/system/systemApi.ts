import type { Answer } from '../../api/client';

/** GET /system/processors (server: modules/system/processors.routes.ts). */
export type ProcessorsOverview = Answer<'/system/processors'>;
export type ProcessorStatus = ProcessorsOverview['processors'][number];
export type ProcessorFailure = ProcessorsOverview['failures'][number];
export type RepairCount = ProcessorsOverview['repairs'][number];

/** The page refreshes itself this often. */
export const SYSTEM_REFRESH_MS = 5_000;
/** A processor further behind than this is shown in the warning colour. */
export const LAG_WARNING_SECONDS = 5;

export const systemKeys = {
  all: ['system'] as const,
  processors: ['system', 'processors'] as const,
};

/** A duration split for display: `{ h: 1, m: 2, s: 3 }`, larger units only when non-zero; seconds rounded. */
export function durationParts(seconds: number): { h: number; m: number; s: number } {
  const total = Math.max(0, Math.round(seconds));
  return { h: Math.floor(total / 3600), m: Math.floor((total % 3600) / 60), s: total % 60 };
}
