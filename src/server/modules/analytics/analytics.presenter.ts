import {
  type DimensionSums,
  dimensionFigure,
  type FunnelSums,
  figuresOfSums,
  type RatingSums,
  responseRateOfSums,
} from '../../../common/scoring/index.js';
import type { DimensionMeta } from './dimension-labels.js';

/** No I/O: sums → the fixed summary figures (SCORING.md §5 through src/common/scoring). */
export function presentFigures(sums: RatingSums, funnel: FunnelSums) {
  return { ...figuresOfSums(sums), responseRate: responseRateOfSums(funnel) };
}

export function totalFunnel(byChannel: Map<string, FunnelSums> | undefined): FunnelSums {
  const total: FunnelSums = { created: 0, delivered: 0, opened: 0, responded: 0 };
  for (const f of byChannel?.values() ?? []) {
    total.created += f.created;
    total.delivered += f.delivered;
    total.opened += f.opened;
    total.responded += f.responded;
  }
  return total;
}

/** Dimensions with answers, in the newest template's order, each in its own scale; unknown keys are left out. */
export function presentDimensions(sums: Map<string, DimensionSums> | undefined, meta: Map<string, DimensionMeta>) {
  return [...(sums?.entries() ?? [])]
    .flatMap(([key, s]) => {
      const m = meta.get(key);
      if (!m || s.count === 0) return [];
      const figure = dimensionFigure(m.scale, s, { inverted: m.inverted });
      return [{ key, label: m.label, average: figure.average, scale: m.scale, count: figure.count, order: m.order }];
    })
    .sort((a, b) => a.order - b.order)
    .map(({ order: _order, ...d }) => d);
}
