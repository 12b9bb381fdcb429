import { defineProcessor } from '../events/processors.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import { recordRatingFacts, refreshInvitationFacts } from './facts.js';
import { recordAndCountCommentTerms } from './keywords/term-writes.js';
import { rebuildAnalytics } from './rebuild.service.js';
import { lockAnalyticsWrites } from './rollup-writes.js';

/**
 * `analytics`: keeps the facts and rollups up to date from the event backbone, in the processor's transaction (facts,
 * rollups and the position commit together). A rating → its fact row + every family's day and month bucket, and its
 * invitation's `responded`; invitation events → the funnel. Idempotent: an existing fact is skipped, invitation flags
 * only move once. A changed organisation time zone rebuilds everything in the new zone.
 */
export const analyticsProcessor = defineProcessor({
  name: 'analytics',
  events: [
    'rating.submitted',
    'invitation.created',
    'invitation.sent',
    'invitation.delivered',
    'invitation.failed',
    'invitation.opened',
    'settings.time_zone_changed',
  ],
  startFrom: 'beginning',
  async handle(event, { tx }) {
    await lockAnalyticsWrites(tx);
    if (event.type === 'settings.time_zone_changed') {
      await rebuildAnalytics(tx);
      return;
    }
    if (!event.subjectId) return;
    const { timeZone } = await getOrganisationProfile(tx);
    if (event.type === 'rating.submitted') {
      const recorded = await recordRatingFacts(tx, [event.subjectId], timeZone);
      await recordAndCountCommentTerms(tx, recorded);
      const invitationId = (event.data as { invitationId?: unknown } | null)?.invitationId;
      if (typeof invitationId === 'string') await refreshInvitationFacts(tx, [invitationId], timeZone);
      return;
    }
    await refreshInvitationFacts(tx, [event.subjectId], timeZone);
  },
});
