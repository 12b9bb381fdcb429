import { z } from 'zod';
import { issueCode } from '../error-codes';

/**
 * The shape of a rating-template version as the scoring engine sees it. The server stores exactly this as JSON on
 * the (immutable) template version, so a rating is always re-scorable with the version it answered (SCORING.md §2).
 */

export const DIMENSION_TYPES = ['star5', 'score10', 'nps', 'yes_no', 'single_choice', 'multi_choice', 'text'] as const;
export type DimensionType = (typeof DIMENSION_TYPES)[number];

/** Default maximum length of a `text` answer, in Unicode code points, after trimming. */
export const DEFAULT_TEXT_MAX_LENGTH = 2000;

export interface LocalisedText {
  'zh-CN': string;
  en: string;
}

export interface DimensionOption {
  key: string;
  label: LocalisedText;
  /** 0..100. An option without a score makes the answer "not scored" (SCORING.md §1). */
  score?: number;
}

export interface Dimension {
  key: string;
  type: DimensionType;
  required: boolean;
  /** ≥ 0. Only ratios matter; ignored (every scored dimension weighs 1) when the template's weighting is off. */
  weight: number;
  label: LocalisedText;
  help?: { 'zh-CN'?: string; en?: string };
  /** single_choice / multi_choice only. */
  options?: DimensionOption[];
  /** The key-driver outcome (SCORING.md §8), e.g. an NPS or "would recommend" question. At most one per template. */
  outcome?: boolean;
  /** yes_no only: yes = 0, no = 100 (e.g. "did you have to call twice?"). */
  inverted?: boolean;
  /** text only: maximum length in code points; default {@link DEFAULT_TEXT_MAX_LENGTH}. */
  maxLength?: number;
}

export interface ScoringTemplate {
  weighting: boolean;
  dimensions: Dimension[];
}

/** Answer values per API-CONTRACT.md "Answer values": integers, boolean (true = yes), option key(s), text. */
export type AnswerValue = number | boolean | string | string[];
/** Raw answers as submitted, keyed by dimension key. null / undefined / '' / [] mean "not answered". */
export type Answers = Record<string, AnswerValue | null | undefined>;
/** Answers that passed {@link validateAnswers}: only answered, known keys; text trimmed. */
export type CleanAnswers = Record<string, AnswerValue>;

/** Dimension types whose answers can produce a normalised value n. */
export const SCORABLE_TYPES: readonly DimensionType[] = ['star5', 'score10', 'nps', 'yes_no', 'single_choice'];

/**
 * Whether a dimension can contribute to S. A single_choice counts only when at least one option carries a score:
 * a choice question with no scores at all is purely descriptive.
 */
export function isScoredDimension(d: Dimension): boolean {
  if (d.type === 'single_choice') return (d.options ?? []).some((o) => o.score !== undefined);
  return SCORABLE_TYPES.includes(d.type);
}

// ---------------------------------------------------------------------------------------------------------------
// zod schemas (reused by the server to validate template versions before publishing them)

const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const keySchema = z.string().regex(KEY_PATTERN, 'must start with a letter and contain only letters, digits and _');

export const localisedTextSchema = z.object({
  'zh-CN': z.string().trim().min(1),
  en: z.string().trim().min(1),
});

export const dimensionOptionSchema = z.object({
  key: keySchema,
  label: localisedTextSchema,
  score: z.number().min(0).max(100).optional(),
});

export const dimensionSchema = z
  .object({
    key: keySchema,
    type: z.enum(DIMENSION_TYPES),
    required: z.boolean(),
    weight: z.number().min(0).finite(),
    label: localisedTextSchema,
    help: z.object({ 'zh-CN': z.string().optional(), en: z.string().optional() }).optional(),
    options: z.array(dimensionOptionSchema).optional(),
    outcome: z.boolean().optional(),
    inverted: z.boolean().optional(),
    maxLength: z.number().int().min(1).optional(),
  })
  .superRefine((d, ctx) => {
    const isChoice = d.type === 'single_choice' || d.type === 'multi_choice';
    if (isChoice) {
      if (!d.options || d.options.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['options'],
          message: 'a choice question needs at least one option',
          params: issueCode('too_few', { min: 1 }),
        });
      } else {
        const seen = new Set<string>();
        d.options.forEach((o, i) => {
          if (seen.has(o.key))
            ctx.addIssue({
              code: 'custom',
              path: ['options', i, 'key'],
              message: 'duplicate key',
              params: issueCode('duplicate'),
            });
          seen.add(o.key);
        });
      }
      // A multi_choice is never scored, so a score on its options would be silently ignored: refuse it instead.
      if (d.type === 'multi_choice' && d.options?.some((o) => o.score !== undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: ['options'],
          message: 'multiple-choice options cannot carry a score',
          params: issueCode('not_applicable'),
        });
      }
    } else if (d.options !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'only choice questions have options',
        params: issueCode('not_applicable'),
      });
    }
    if (d.inverted !== undefined && d.type !== 'yes_no') {
      ctx.addIssue({
        code: 'custom',
        path: ['inverted'],
        message: 'only yes/no questions can be inverted',
        params: issueCode('not_applicable'),
      });
    }
    if (d.maxLength !== undefined && d.type !== 'text') {
      ctx.addIssue({
        code: 'custom',
        path: ['maxLength'],
        message: 'only text questions have a maximum length',
        params: issueCode('not_applicable'),
      });
    }
    if (d.outcome && !isScoredDimension(d)) {
      ctx.addIssue({
        code: 'custom',
        path: ['outcome'],
        message: 'the outcome must be a scored question',
        params: issueCode('not_scored'),
      });
    }
  });

export const scoringTemplateSchema = z
  .object({
    weighting: z.boolean(),
    dimensions: z.array(dimensionSchema),
  })
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.dimensions.forEach((d, i) => {
      if (seen.has(d.key))
        ctx.addIssue({
          code: 'custom',
          path: ['dimensions', i, 'key'],
          message: 'duplicate key',
          params: issueCode('duplicate'),
        });
      seen.add(d.key);
    });
    if (t.dimensions.filter((d) => d.outcome).length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['dimensions'],
        message: 'at most one question can be the outcome',
        params: issueCode('only_one'),
      });
    }
  });

// Compile-time guarantee that the schemas and the hand-written interfaces describe the same shape.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const dimensionShapeMatches: Equal<z.infer<typeof dimensionSchema>, Dimension> = true;
const templateShapeMatches: Equal<z.infer<typeof scoringTemplateSchema>, ScoringTemplate> = true;
void dimensionShapeMatches;
void templateShapeMatches;
