import { and, eq, gte } from 'drizzle-orm';
import { validateAnswers } from '../../../common/scoring/index.js';
import type { DbOrTx } from '../../db/client.js';
import { ratings } from '../../db/schema/ratings.js';
import type { Actor } from '../../http/principal.js';
import { recordEvent } from '../events/events.service.js';
import { scoredColumns } from './history-import.js';
import { frozenTemplate } from './page-context.js';
import { InvalidAnswersError } from './submission.service.js';

export interface FollowUpSurvey {
  workOrderId: string;
  /** The follow-up node instance the survey answers, if any. */
  nodeId: string | null;
  templateVersionId: string;
  /** As the agent entered them: validated against the version exactly as a customer's submission is. */
  answers: unknown;
  language: string;
}

/**
 * The survey a follow-up agent filled in on the customer's behalf (issue 19): a rating with `source = follow_up` and
 * the agent, scored with the same engine and version rules as a customer's (SCORING.md), with the same
 * `rating.submitted` (+ `rating.negative`) events in the caller's transaction — so alerts, analytics and webhooks take
 * it like any other rating, and reports can separate it by source. No invitation: the customer was phoned.
 */
export async function recordFollowUpRating(tx: DbOrTx, agent: Actor, survey: FollowUpSurvey) {
  const template = await frozenTemplate(tx, survey.templateVersionId);
  const checked = validateAnswers(template, survey.answers);
  if (!checked.ok) throw new InvalidAnswersError(checked.errors);
  const [row] = await tx
    .insert(ratings)
    .values({
      invitationId: null,
      workOrderId: survey.workOrderId,
      nodeId: survey.nodeId,
      templateVersionId: template.versionId,
      source: 'follow_up',
      agentId: agent.id,
      ...scoredColumns(template, checked.answers),
      language: survey.language,
    })
    .returning();
  const rating = row!;
  const data = {
    ratingId: rating.id,
    invitationId: null,
    nodeId: rating.nodeId,
    templateVersionId: rating.templateVersionId,
    source: 'follow_up',
    agentId: agent.id,
    score: rating.score,
    roundedStars: rating.roundedStars,
    class: rating.class,
  };
  const event = { workOrderId: rating.workOrderId, subjectType: 'rating', subjectId: rating.id, data };
  await recordEvent(tx, agent, { type: 'rating.submitted', ...event });
  if (rating.class === 'negative') await recordEvent(tx, agent, { type: 'rating.negative', ...event });
  return rating;
}

/** Whether the customer rated the work order (themselves, through a link) at or after `since`. */
export async function customerRatedSince(db: DbOrTx, workOrderId: string, since: Date): Promise<boolean> {
  const [row] = await db
    .select({ id: ratings.id })
    .from(ratings)
    .where(and(eq(ratings.workOrderId, workOrderId), eq(ratings.source, 'customer'), gte(ratings.submittedAt, since)))
    .limit(1);
  return row !== undefined;
}
