/**
 * Recovery (issue 17 §6, PRODUCT.md "Closed loop"): once a case is resolved (or closed), its customer may be
 * re-invited — a new invitation of source `recovery` for the case's work order and customer, delivered through the
 * normal channels and exempt from the fatigue cap (the invitation's event and the timeline say so). When the
 * customer answers, the `recovery` processor links the rating to the case: the case shows the score before and
 * after, and whether the customer recovered (re-rated with a score that is no longer negative, SCORING.md §4).
 */
import { eq } from 'drizzle-orm';
import type { RatingChannel } from '../../../common/channels.js';
import type { InvitationContact } from '../../../common/invitations.js';
import type { CaseStatus } from '../../../common/sla.js';
import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/client.js';
import { remediationCases } from '../../db/schema/cases.js';
import type { Actor } from '../../http/principal.js';
import { conflict, fieldError, issue } from '../../http/problem.js';
import { deliverInvitationJob } from '../delivery/delivery.jobs.js';
import { recordEvent } from '../events/events.service.js';
import { effectiveStatus, findInvitation } from '../invitations/invitations.service.js';
import { createRecoveryInvitation } from '../invitations/recovery-invitation.js';
import { findRatings, type RatingRecord } from '../ratings/ratings-by-id.js';
import { templateForUse, versionsByIds } from '../templates/versions.service.js';
import { getWorkOrderRow } from '../work-orders/work-orders.queries.js';
import { linksOf } from '../work-orders/work-orders.service.js';
import { ratingSettingsFor } from '../workflows/nodes.service.js';
import { contactOf, resolveRating } from '../workflows/rating-resolution.js';
import type { ReinviteInput } from './case-recovery.schemas.js';
import type { CaseRow } from './cases.presenter.js';
import type { CaseDetailView } from './cases.schemas.js';
import { addEntry, getCase, visibleCaseRow } from './cases.service.js';

/** A case may re-invite its customer once it is resolved; a closed case still may (the root cause is known). */
export const REINVITABLE_STATUSES: readonly CaseStatus[] = ['resolved', 'closed'];

/**
 * Recovered: the re-rating is classed and not negative (S ≥ 37.5, SCORING.md §4, by the class stored with it so float
 * noise at the bound is decided once); a rating without any scored answer (class null) shows nothing, so it is not.
 */
export const isRecovered = (rating: Pick<RatingRecord, 'class'>): boolean =>
  rating.class !== null && rating.class !== 'negative';

/** What the customer can be reached by, in the order a fallback rating uses (WeChat, SMS, e-mail). */
function channelsForContact(contact: InvitationContact): RatingChannel[] {
  const out: RatingChannel[] = [];
  if (contact.wechatOpenId) out.push('wechat');
  if (contact.phone) out.push('sms');
  if (contact.email) out.push('email');
  return out;
}

/**
 * The template version to ask with: the chosen template's published version; by default the case's rating's template
 * (its latest published version, so before and after are comparable), else what a manual send would use.
 */
async function recoveryVersion(
  tx: DbOrTx,
  row: CaseRow,
  workOrder: Awaited<ReturnType<typeof getWorkOrderRow>>,
  templateId: string | undefined,
): Promise<string> {
  if (templateId) {
    const template = await templateForUse(tx, templateId);
    if (!template) throw fieldError('templateId', 'not_found', 'no such template');
    if (template.status === 'archived') throw fieldError('templateId', 'template_archived', 'the template is archived');
    if (!template.publishedVersionId) {
      throw fieldError('templateId', 'template_unpublished', 'the template has no published version');
    }
    return template.publishedVersionId;
  }
  const [rating] = row.ratingId ? await findRatings(tx, [row.ratingId]) : [];
  if (rating) {
    const [version] = await versionsByIds(tx, [rating.templateVersionId]);
    const template = version ? await templateForUse(tx, version.templateId) : null;
    if (template?.status === 'active' && template.publishedVersionId) return template.publishedVersionId;
  }
  const { settings } = await ratingSettingsFor(tx, workOrder);
  const resolved = await resolveRating(tx, workOrder, settings);
  if (!resolved) throw conflict('No rating template applies to this work order; choose one.', 'no-template');
  return resolved.templateVersionId;
}

/**
 * `POST /cases/{id}/reinvite`: re-invites the customer of a resolved (or closed) case. Refused (409) in any other
 * status, and while an earlier re-survey is still open or already answered; one that failed, expired or was revoked
 * unanswered may be replaced. The invitation, its event, the case's link and timeline entry and the delivery job
 * commit together.
 */
export async function reinviteCustomer(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: ReinviteInput,
  at = new Date(),
): Promise<CaseDetailView> {
  await ctx.db.transaction(async (tx) => {
    const row = await visibleCaseRow(tx, actor, id, true);
    if (!REINVITABLE_STATUSES.includes(row.status)) {
      throw conflict(
        `Only a resolved or closed case can re-invite its customer (this one is ${row.status}).`,
        'conflict',
        [issue('status', 'wrong_status', `is ${row.status}`, { status: row.status })],
      );
    }
    if (row.recoveryRatingId) {
      throw conflict('The customer has already answered the re-survey.', 'conflict', [
        issue('recovery', 'is_taken', 'already re-rated'),
      ]);
    }
    if (row.recoveryInvitationId) {
      const earlier = await findInvitation(tx, row.recoveryInvitationId);
      const status = earlier ? effectiveStatus(earlier, at) : 'revoked';
      if (!['failed', 'expired', 'revoked'].includes(status)) {
        throw conflict('The customer has already been re-invited; the re-survey is still open.', 'conflict', [
          issue('recovery', 'is_taken', 'already re-invited', { status }),
        ]);
      }
    }
    const workOrder = await getWorkOrderRow(tx, row.workOrderId);
    const contact = contactOf(workOrder);
    const channels = input.channels ?? channelsForContact(contact);
    if (channels.length === 0) {
      throw conflict('The customer has no WeChat, phone or e-mail to re-invite through.', 'conflict', [
        issue('channels', 'required', 'the customer has no address to send to'),
      ]);
    }
    const templateVersionId = await recoveryVersion(tx, row, workOrder, input.templateId);
    const invitation = await createRecoveryInvitation(tx, linksOf(ctx), actor, {
      workOrderId: row.workOrderId,
      caseId: row.id,
      caseNumber: row.number,
      templateVersionId,
      contact,
      channels,
    });
    await tx
      .update(remediationCases)
      .set({ recoveryInvitationId: invitation.id, reinvitedAt: at, recovered: null, updatedAt: at })
      .where(eq(remediationCases.id, id));
    await addEntry(tx, id, actor, {
      kind: 'reinvited',
      at,
      text: input.note ?? null,
      data: {
        invitationId: invitation.id,
        templateVersionId,
        channels,
        replaces: row.recoveryInvitationId,
        fatigueExempt: true,
      },
    });
    await ctx.jobs.send(deliverInvitationJob, { invitationId: invitation.id }, { key: invitation.id, tx });
  });
  return getCase(ctx.db, actor, id);
}

/**
 * Links a submitted rating to the case whose re-survey it answers (the `recovery` processor, in its transaction):
 * the rating, whether the customer recovered, and a timeline entry. Idempotent: a case already linked is left as is.
 * Returns the case id, or null when the rating answers no re-survey.
 */
export async function linkRecoveryRating(
  tx: DbOrTx,
  actor: Actor,
  rating: Pick<RatingRecord, 'id' | 'invitationId' | 'score' | 'class'>,
  at: Date,
): Promise<string | null> {
  if (!rating.invitationId) return null;
  const [row] = await tx
    .select()
    .from(remediationCases)
    .where(eq(remediationCases.recoveryInvitationId, rating.invitationId))
    .for('update');
  if (!row || row.recoveryRatingId) return null;
  const recovered = isRecovered(rating);
  await tx
    .update(remediationCases)
    .set({ recoveryRatingId: rating.id, recovered, updatedAt: at })
    .where(eq(remediationCases.id, row.id));
  await addEntry(tx, row.id, actor, {
    kind: 'rerated',
    at,
    data: {
      ratingId: rating.id,
      invitationId: rating.invitationId,
      score: rating.score,
      class: rating.class,
      recovered,
    },
  });
  // The case's page shows the score after live; integrators get `case.rerated`.
  await recordEvent(tx, actor, {
    type: 'case.rerated',
    workOrderId: row.workOrderId,
    subjectType: 'case',
    subjectId: row.id,
    data: { number: row.number, ratingId: rating.id, score: rating.score, class: rating.class, recovered },
  });
  return row.id;
}
