import type { Dimension, DimensionOption, ScoringTemplate } from './types';

/** Test helpers: compact builders for dimensions and templates. */
export function dim(key: string, type: Dimension['type'], extra: Partial<Dimension> = {}): Dimension {
  return { key, type, required: false, weight: 1, label: { 'zh-CN': key, en: key }, ...extra };
}

export function opt(key: string, score?: number): DimensionOption {
  return score === undefined
    ? { key, label: { 'zh-CN': key, en: key } }
    : { key, label: { 'zh-CN': key, en: key }, score };
}

/** The manual's template (SCORING.md §2 worked example). */
export function manualTemplate(weights: [number, number, number, number] = [30, 40, 20, 10]): ScoringTemplate {
  return {
    weighting: true,
    dimensions: [
      dim('speed', 'star5', { required: true, weight: weights[0] }),
      dim('technical', 'star5', { required: true, weight: weights[1] }),
      dim('attitude', 'star5', { required: true, weight: weights[2] }),
      dim('resolved', 'yes_no', { required: true, weight: weights[3] }),
      dim('comment', 'text', { weight: 0 }),
    ],
  };
}
