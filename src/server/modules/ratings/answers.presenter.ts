import { type PageLang, t } from '../../../common/rating-page/strings.js';
import type {
  AnswerValue,
  CleanAnswers,
  Dimension,
  DimensionType,
  LocalisedText,
} from '../../../common/scoring/index.js';

/** One row of a rating's answers, in the words and scale of the template version the customer answered. */
export interface AnswerRow {
  key: string;
  type: DimensionType;
  /** The question, in the rating's language (the other language when that one is empty). */
  label: string;
  /** The stored answer (API "Answer values"); null when not answered. */
  value: AnswerValue | null;
  /** The answer as the customer saw it, in the rating's language: "4 / 5", "9 / 10", "Yes", the option labels, the text. */
  display: string | null;
  /** The top of the scale for star5 (5), score10 (10) and nps (10); null for the other types. */
  max: number | null;
  /** n in [0, 100] (SCORING.md §1), null when not scored. */
  normalised: number | null;
}

const MAX: Partial<Record<DimensionType, number>> = { star5: 5, score10: 10, nps: 10 };

/** The page language a stored rating language maps to (`zh`, `zh-CN`, `zh-Hans` → zh-CN; anything else → en). */
export function ratingLanguage(language: string): PageLang {
  return language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** A localised text in `lang`, falling back to the other language when that one is missing or blank. */
export function localised(text: Partial<LocalisedText> | undefined, lang: PageLang): string {
  const other: PageLang = lang === 'en' ? 'zh-CN' : 'en';
  return text?.[lang]?.trim() || text?.[other]?.trim() || '';
}

/**
 * A choice answer in words: the chosen options' labels in `lang` (a key no option has stays as it is), several joined
 * ("Polite, Fast", "礼貌、快速"). The one place option keys become words: the work-order page, the ratings list, exports.
 */
export function choiceText(d: Dimension, value: string | readonly string[], lang: PageLang): string {
  const option = (key: string) => {
    const found = d.options?.find((o) => o.key === key);
    return found ? localised(found.label, lang) || key : key;
  };
  return typeof value === 'string' ? option(value) : value.map(option).join(lang === 'zh-CN' ? '、' : ', ');
}

function display(d: Dimension, value: AnswerValue, lang: PageLang): string {
  const max = MAX[d.type];
  if (max !== undefined && typeof value === 'number') return `${value} / ${max}`;
  if (d.type === 'yes_no') return t(lang, value === true ? 'yes' : 'no');
  if (Array.isArray(value) || (d.type === 'single_choice' && typeof value === 'string'))
    return choiceText(d, value, lang);
  return String(value);
}

/** One answer as a reader sees it: its question and the answer's words, in a language the caller chooses. */
export interface AnswerText {
  label: string;
  text: string;
}

/**
 * A rating's answers in `lang` (the console's, for lists), keyed by dimension key: the question and the answer in the
 * words of the version answered, exactly as {@link presentAnswers} words them ("4 / 5", "Yes", option labels).
 * Answered dimensions only. No I/O.
 */
export function answerTexts(
  answers: CleanAnswers,
  dimensions: readonly Dimension[],
  lang: PageLang,
): Record<string, AnswerText> {
  const out: Record<string, AnswerText> = {};
  for (const d of dimensions) {
    const value = answers[d.key];
    if (value === undefined || value === null) continue;
    out[d.key] = { label: localised(d.label, lang) || d.key, text: display(d, value, lang) };
  }
  return out;
}

/**
 * A rating's answers as rows, one per dimension of the version it answered, in the version's order (unanswered
 * dimensions too, with `value` null). No I/O: the caller passes the rating and its template version's dimensions.
 */
export function presentAnswers(
  rating: { answers: CleanAnswers; normalised: Record<string, number | null>; language: string },
  dimensions: readonly Dimension[],
): AnswerRow[] {
  const lang = ratingLanguage(rating.language);
  return dimensions.map((d) => {
    const value = rating.answers[d.key] ?? null;
    return {
      key: d.key,
      type: d.type,
      label: localised(d.label, lang) || d.key,
      value,
      display: value === null ? null : display(d, value, lang),
      max: MAX[d.type] ?? null,
      normalised: rating.normalised[d.key] ?? null,
    };
  });
}
