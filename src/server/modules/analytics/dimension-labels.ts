import type { Dimension } from '../../../common/scoring/index.js';
import type { DbOrTx } from '../../db/client.js';
import { publishedDimensionsNewestFirst } from '../templates/versions.service.js';
import { DIMENSION_SCALES, type Language } from './analytics.schemas.js';

export type DimensionScale = (typeof DIMENSION_SCALES)[number];

/** What a dimension key means in reports: its type (scale), inversion and label, from the latest published version. */
export interface DimensionMeta {
  key: string;
  scale: DimensionScale;
  inverted: boolean;
  label: string;
  /** Position in the newest template that has it, for a stable order. */
  order: number;
}

const isScale = (t: string): t is DimensionScale => (DIMENSION_SCALES as readonly string[]).includes(t);

/** Pure: dimension keys → their meaning, the newest publication winning (SCORING.md §5: dimensions merge by key). */
export function dimensionMetaOf(versions: readonly (readonly Dimension[])[], language: Language) {
  const out = new Map<string, DimensionMeta>();
  let order = 0;
  for (const dimensions of versions) {
    for (const d of dimensions) {
      if (out.has(d.key) || !isScale(d.type)) continue;
      const label = d.label[language] || d.label[language === 'en' ? 'zh-CN' : 'en'] || d.key;
      out.set(d.key, { key: d.key, scale: d.type, inverted: d.inverted === true, label, order: order++ });
    }
  }
  return out;
}

export async function dimensionMeta(db: DbOrTx, language: Language): Promise<Map<string, DimensionMeta>> {
  return dimensionMetaOf(await publishedDimensionsNewestFirst(db), language);
}
