import type { ratings } from '../../db/schema/ratings.js';
import type { RatingView } from './ratings.schemas.js';

export function presentRating(r: typeof ratings.$inferSelect): RatingView {
  return {
    id: r.id,
    workOrderId: r.workOrderId,
    invitationId: r.invitationId,
    templateVersionId: r.templateVersionId,
    source: r.source,
    agentId: r.agentId,
    score: r.score,
    stars: r.stars,
    roundedStars: r.roundedStars,
    class: r.class,
    answers: r.answers,
    language: r.language,
    contactRequested: r.contactRequested,
    submittedAt: r.submittedAt.toISOString(),
  };
}
