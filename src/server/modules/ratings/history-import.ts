import {
  type CleanAnswers,
  type ScoringTemplate,
  scoreRating,
  validateAnswers,
} from '../../../common/scoring/index.js';
import type { DbOrTx } from '../../db/client.js';
import { ratings } from '../../db/schema/ratings.js';
import { frozenTemplate } from './page-context.js';

/** A rating's stored answers and score columns: the answers scored with their version (SCORING.md). */
export function scoredColumns(template: ScoringTemplate, answers: CleanAnswers) {
  const s = scoreRating(template, answers);
  return {
    answers,
    normalised: s.normalised,
    score: s.score,
    stars: s.stars,
    roundedStars: s.roundedStars,
    class: s.class,
  };
}

/** One rating of the past (the demo's history, or ratings migrated from another system). */
export interface HistoricalRating {
  invitationId: string | null;
  workOrderId: string;
  /** The node instance the rating answered (its invitation's node), if any. */
  nodeId?: string | null;
  /** Answers as a customer would submit them; validated against the version like a submission. */
  answers: Record<string, unknown>;
  language: string;
  submittedAt: Date;
  source?: 'customer' | 'follow_up' | 'pad';
}

export interface ImportedRating {
  id: string;
  workOrderId: string;
  invitationId: string | null;
  score: number | null;
  roundedStars: number | null;
  class: 'negative' | 'neutral' | 'satisfied' | null;
  submittedAt: Date;
}

/**
 * THE bulk import of rating history into the ratings module's table: each rating validated and scored with the
 * template version it answers exactly as a customer submission is (`src/common/scoring`, SCORING.md), inserted in
 * one multi-row statement. The caller batches (a few hundred rows) and holds the transaction; invitations, nodes and
 * timeline events are the owning modules' business. Throws on an answer a submission would refuse.
 */
export async function importRatingHistory(
  tx: DbOrTx,
  templateVersionId: string,
  rows: readonly HistoricalRating[],
): Promise<ImportedRating[]> {
  if (rows.length === 0) return [];
  const template = await frozenTemplate(tx, templateVersionId);
  const values = rows.map((r) => {
    const checked = validateAnswers(template, r.answers);
    if (!checked.ok) throw new Error(`Invalid historical rating: ${JSON.stringify(checked.errors)}`);
    return {
      invitationId: r.invitationId,
      workOrderId: r.workOrderId,
      nodeId: r.nodeId ?? null,
      templateVersionId,
      source: r.source ?? ('customer' as const),
      ...scoredColumns(template, checked.answers),
      language: r.language,
      submittedAt: r.submittedAt,
    };
  });
  return tx.insert(ratings).values(values).returning({
    id: ratings.id,
    workOrderId: ratings.workOrderId,
    invitationId: ratings.invitationId,
    score: ratings.score,
    roundedStars: ratings.roundedStars,
    class: ratings.class,
    submittedAt: ratings.submittedAt,
  });
}
