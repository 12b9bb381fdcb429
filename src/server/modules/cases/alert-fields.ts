import { DIMENSION_TYPES, type DimensionType, isScoredDimension } from '../../../common/scoring/index.js';
import type { DbOrTx } from '../../db/client.js';
import { publishedDimensions } from '../templates/version-dimensions.js';
import {
  ALERT_OPERATOR_LABELS,
  ALERT_OPERATORS,
  ALERT_PREFIX_FIELDS,
  ALERT_RATING_FIELDS,
  DIMENSION_PREFIX,
} from './alert-conditions.js';
import type { AlertFieldsView } from './alert-rules.schemas.js';

/** Question types an answer condition can compare (a multiple choice is a list, a text is matched by keywords). */
const ANSWERABLE: readonly DimensionType[] = DIMENSION_TYPES.filter((t) => t !== 'multi_choice' && t !== 'text');

/**
 * `GET /alert-rules/fields`: the fixed rating fields, the prefixed ones (`rating.dimensions.<key>`,
 * `rating.answers.<key>`), and the questions of the published templates whose keys fill those prefixes — the newest
 * published definition of each key, so the builder offers "Attitude (attitude)" rather than a blank to type into.
 */
export async function alertFields(db: DbOrTx): Promise<AlertFieldsView> {
  const dimensions = (await publishedDimensions(db)).filter((d) => ANSWERABLE.includes(d.type));
  const keysFor = (prefix: string) =>
    dimensions.filter((d) => prefix !== DIMENSION_PREFIX || isScoredDimension(d)).map((d) => d.key);
  return {
    ratingFields: ALERT_RATING_FIELDS.map((f) => ({
      ...f,
      operators: [...f.operators],
      values: f.values ? [...f.values] : undefined,
    })),
    prefixFields: ALERT_PREFIX_FIELDS.map((f) => ({
      ...f,
      operators: [...f.operators],
      questionKeys: keysFor(f.prefix),
    })),
    operators: ALERT_OPERATORS.map((name) => ({ name, label: ALERT_OPERATOR_LABELS[name] })),
    questions: dimensions.map((d) => ({
      key: d.key,
      type: d.type,
      label: d.label,
      scored: isScoredDimension(d),
      ...(d.type === 'single_choice' && { options: (d.options ?? []).map((o) => ({ key: o.key, label: o.label })) }),
    })),
  };
}
