import {
  type Dimension,
  type DimensionType,
  isScoredDimension,
  type LocalisedText,
  type ScoringTemplate,
  validateAnswers,
} from '../../../common/scoring';
import type { ProblemFieldError } from '../../app/api';
import { fieldErrorText } from '../../app/problemText';
import type { DraftBody, TemplateLayout } from './templatesApi';

/**
 * The draft editor's form values and their conversion to and from the API's dimension shape. The form keeps every
 * field of every type (so switching a type back and forth loses nothing); `toDraftBody` sends only what the type uses.
 */

export interface OptionValues {
  key: string;
  label: LocalisedText;
  /** Empty = the option is not scored. */
  score?: number | null;
}

export interface DimensionValues {
  key: string;
  type: DimensionType;
  required: boolean;
  weight: number;
  label: LocalisedText;
  help: { 'zh-CN'?: string; en?: string };
  options: OptionValues[];
  outcome: boolean;
  inverted: boolean;
  maxLength?: number | null;
}

export interface DraftValues {
  layout: TemplateLayout;
  weighting: boolean;
  dimensions: DimensionValues[];
}

export const CHOICE_TYPES: readonly DimensionType[] = ['single_choice', 'multi_choice'];
export const isChoice = (type: DimensionType | undefined) => type !== undefined && CHOICE_TYPES.includes(type);

export function fromDimension(d: Dimension): DimensionValues {
  return {
    key: d.key,
    type: d.type,
    required: d.required,
    weight: d.weight,
    label: { 'zh-CN': d.label['zh-CN'] ?? '', en: d.label.en ?? '' },
    help: { 'zh-CN': d.help?.['zh-CN'] ?? '', en: d.help?.en ?? '' },
    options: (d.options ?? []).map((o) => ({
      key: o.key,
      label: { 'zh-CN': o.label['zh-CN'] ?? '', en: o.label.en ?? '' },
      score: o.score ?? null,
    })),
    outcome: Boolean(d.outcome),
    inverted: Boolean(d.inverted),
    maxLength: d.maxLength ?? null,
  };
}

export function fromVersion(version: {
  layout: TemplateLayout;
  weighting: boolean;
  dimensions: Dimension[];
}): DraftValues {
  return { layout: version.layout, weighting: version.weighting, dimensions: version.dimensions.map(fromDimension) };
}

const trimmed = (text: string | undefined | null) => (text ?? '').trim();

/** One dimension as the API stores it: only the properties its type uses. Tolerates half-filled form values. */
export function toDimension(v: Partial<DimensionValues> | undefined): Dimension {
  const type = v?.type ?? 'star5';
  const d: Dimension = {
    key: trimmed(v?.key),
    type,
    required: Boolean(v?.required),
    weight: typeof v?.weight === 'number' && Number.isFinite(v.weight) ? v.weight : 0,
    label: { 'zh-CN': trimmed(v?.label?.['zh-CN']), en: trimmed(v?.label?.en) },
  };
  const help = { 'zh-CN': trimmed(v?.help?.['zh-CN']), en: trimmed(v?.help?.en) };
  if (help['zh-CN'] || help.en) {
    d.help = {};
    if (help['zh-CN']) d.help['zh-CN'] = help['zh-CN'];
    if (help.en) d.help.en = help.en;
  }
  if (isChoice(type)) {
    d.options = (v?.options ?? []).map((o) => {
      const option: NonNullable<Dimension['options']>[number] = {
        key: trimmed(o?.key),
        label: { 'zh-CN': trimmed(o?.label?.['zh-CN']), en: trimmed(o?.label?.en) },
      };
      // Multiple-choice answers are never scored, so their options carry no score.
      if (type === 'single_choice' && typeof o?.score === 'number') option.score = o.score;
      return option;
    });
  }
  if (v?.outcome) d.outcome = true;
  if (type === 'yes_no' && v?.inverted) d.inverted = true;
  if (type === 'text' && typeof v?.maxLength === 'number') d.maxLength = v.maxLength;
  return d;
}

export function toDraftBody(values: Partial<DraftValues> | undefined): DraftBody {
  return {
    layout: values?.layout === 'horizontal' ? 'horizontal' : 'vertical',
    weighting: Boolean(values?.weighting),
    dimensions: (values?.dimensions ?? []).map(toDimension),
  };
}

/** A key not used yet: `<base>`, `<base>_2`, `<base>_3`… */
export function uniqueKey(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const clean =
    base
      .toLowerCase()
      .replace(/[^a-z0-9_]/g, '_')
      .replace(/^[^a-z]+/, '')
      .slice(0, 34) || 'question';
  if (!used.has(clean)) return clean;
  for (let n = 2; ; n++) if (!used.has(`${clean}_${n}`)) return `${clean}_${n}`;
}

export function newDimension(type: DimensionType, taken: Iterable<string>): DimensionValues {
  return {
    key: uniqueKey('question', taken),
    type,
    required: false,
    weight: isScoredType(type) ? 10 : 0,
    label: { 'zh-CN': '', en: '' },
    help: { 'zh-CN': '', en: '' },
    options: isChoice(type) ? [newOption([])] : [],
    outcome: false,
    inverted: false,
    maxLength: null,
  };
}

export function newOption(taken: Iterable<string>): OptionValues {
  return { key: uniqueKey('option', taken), label: { 'zh-CN': '', en: '' }, score: null };
}

export function duplicateDimension(d: DimensionValues, taken: Iterable<string>): DimensionValues {
  return {
    ...structuredClone(d),
    key: uniqueKey(`${d.key || 'question'}_copy`, taken),
    outcome: false,
  };
}

/** Types that can ever be scored (single_choice only when an option has a score). */
export function isScoredType(type: DimensionType): boolean {
  return type === 'star5' || type === 'score10' || type === 'nps' || type === 'yes_no' || type === 'single_choice';
}

export { isScoredDimension };

/**
 * The preview's answers restricted to what the current template accepts: answers to removed questions, or that no
 * longer fit a question whose type changed, are dropped (they would make every later score invalid).
 */
export function keepValidAnswers(template: ScoringTemplate, answers: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of template.dimensions) {
    if (!Object.hasOwn(answers, d.key)) continue;
    const one = validateAnswers(
      { weighting: template.weighting, dimensions: [{ ...d, required: false }] },
      {
        [d.key]: answers[d.key],
      },
    );
    if (one.ok) out[d.key] = answers[d.key];
  }
  return out;
}

export interface PublishErrorGroup {
  /** Form path of the field (e.g. `['dimensions', 2, 'label', 'en']`), or null for errors about the whole draft. */
  name: (string | number)[] | null;
  dimensionIndex: number | null;
  field: string;
  message: string;
}

/** Splits a publish problem's `errors[]` into field errors of the draft form and general ones. */
export function splitPublishErrors(errors: ProblemFieldError[]): PublishErrorGroup[] {
  return errors.map((error) => {
    const { path } = error;
    const message = fieldErrorText(error);
    const parts = path
      .replace(/^body[./]/, '')
      .split('.')
      .filter(Boolean)
      .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    const dimensionIndex = parts[0] === 'dimensions' && typeof parts[1] === 'number' ? parts[1] : null;
    const field = dimensionIndex === null ? parts.join('.') : parts.slice(2).join('.');
    return { name: dimensionIndex === null || parts.length < 3 ? null : parts, dimensionIndex, field, message };
  });
}
