import { SYSTEM_ACTOR } from '../../http/principal.js';
import { defineProcessor } from '../events/processors.js';
import { findRatings } from '../ratings/ratings-by-id.js';
import { linkRecoveryRating } from './case-recovery.service.js';

/**
 * `recovery`: a submitted rating that answers a case's re-survey (its invitation is the case's
 * `recovery_invitation_id`) is linked to the case with whether the customer recovered, in the processor's
 * transaction (one indexed lookup per rating; at-least-once delivery links once). Starts at `now`: no re-survey
 * existed before this processor.
 */
export const recoveryProcessor = defineProcessor({
  name: 'recovery',
  events: ['rating.submitted'],
  async handle(event, { tx, now }) {
    if (!event.subjectId) return;
    const [rating] = await findRatings(tx, [event.subjectId]);
    if (!rating?.invitationId) return;
    await linkRecoveryRating(tx, SYSTEM_ACTOR, rating, now());
  },
});
