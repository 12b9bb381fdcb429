import type { ExportLanguage } from '../../../common/exports.js';
import type { AnswerValue, Dimension } from '../../../common/scoring/index.js';
import { choiceText, localised } from '../ratings/answers.presenter.js';
import type { Cell } from './cells.js';
import { localDateTime, wordsOf } from './words.js';

/** One rating as the ratings export needs it (what the analytics drill-down yields, mapped by `sources.ts`). */
export interface ExportRating {
  submittedAt: Date;
  workOrderNumber: string | null;
  /** Names, in the work order's order. */
  engineers: readonly string[];
  department: string | null;
  store: string | null;
  channel: string | null;
  source: 'customer' | 'follow_up' | 'pad';
  /** S (0..100), unrounded; null when nothing scored was answered. */
  score: number | null;
  roundedStars: number | null;
  class: 'negative' | 'neutral' | 'satisfied' | null;
  /** Answers by dimension key, as stored. */
  answers: Readonly<Record<string, AnswerValue | null | undefined>>;
  comment: string | null;
}

/** The header row: fixed columns, then one column per template dimension, then the comment. */
export function ratingHeaders(dimensions: readonly Dimension[], lang: ExportLanguage): string[] {
  const w = wordsOf(lang);
  return [
    w.submittedAt,
    w.workOrder,
    w.engineers,
    w.department,
    w.store,
    w.channel,
    w.source,
    w.score,
    w.stars,
    w.class,
    ...dimensions.map((d) => localised(d.label, lang) || d.key),
    w.comment,
  ];
}

/** An answer in its own scale: star5 1..5, score10 and nps 0..10 (numbers), yes/no words, choices' option labels. */
export function answerCell(d: Dimension, value: AnswerValue | null | undefined, lang: ExportLanguage): Cell {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? wordsOf(lang).yes : wordsOf(lang).no;
  if (Array.isArray(value) || d.type === 'single_choice') return choiceText(d, value, lang);
  return value;
}

export function ratingCells(
  r: ExportRating,
  dimensions: readonly Dimension[],
  lang: ExportLanguage,
  timeZone: string,
): Cell[] {
  const w = wordsOf(lang);
  return [
    localDateTime(r.submittedAt, timeZone),
    r.workOrderNumber,
    r.engineers.join(lang === 'zh-CN' ? '、' : ', ') || null,
    r.department,
    r.store,
    r.channel,
    w.sources[r.source],
    r.score === null ? null : { value: Math.round(r.score * 10) / 10, decimals: 1 },
    r.roundedStars,
    r.class ? w.classes[r.class] : null,
    ...dimensions.map((d) => answerCell(d, r.answers[d.key], lang)),
    r.comment,
  ];
}
