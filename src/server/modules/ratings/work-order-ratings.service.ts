import { desc, eq, inArray, sql } from 'drizzle-orm';
import type { RatingChannel } from '../../../common/channels.js';
import { RATING_CHANNELS } from '../../../common/channels.js';
import type { DbOrTx } from '../../db/client.js';
import { readAll } from '../../db/reads.js';
import { ratings } from '../../db/schema/ratings.js';
import type { Actor } from '../../http/principal.js';
import { attemptsOfInvitations } from '../delivery/attempts.js';
import { type InvitationRow, listInvitationsOfWorkOrder } from '../invitations/invitations.service.js';
import { getVersion } from '../templates/versions.service.js';
import { readWorkOrderRow } from '../work-orders/work-orders.queries.js';
import { presentAnswers } from './answers.presenter.js';
import type { RatingSummary, WorkOrderRatingView } from './work-order-ratings.schemas.js';

const isRatingChannel = (c: string | undefined): c is RatingChannel =>
  c !== undefined && (RATING_CHANNELS as readonly string[]).includes(c);

/**
 * Every rating of a work order, newest first, with its answers in the words and scale of the template version it
 * answered, where it came from (QR, a sent link, a follow-up call) and the channel the invitation reached the
 * customer on. The work order decides access (404 as for a missing one).
 */
export async function workOrderRatings(
  db: DbOrTx,
  actor: Actor,
  workOrderId: string,
): Promise<{ items: WorkOrderRatingView[] }> {
  await readWorkOrderRow(db, actor, workOrderId);
  const rows = await db
    .select()
    .from(ratings)
    .where(eq(ratings.workOrderId, workOrderId))
    .orderBy(desc(ratings.submittedAt), desc(ratings.id));
  if (rows.length === 0) return { items: [] };

  const versionIds = [...new Set(rows.map((r) => r.templateVersionId))];
  const [versions, invitations] = await readAll(db, [
    () =>
      readAll(
        db,
        versionIds.map((id) => () => getVersion(db, id)),
      ),
    () => listInvitationsOfWorkOrder(db, workOrderId),
  ]);
  const versionOf = new Map(versions.map((v) => [v.id, v]));
  const invitationOf = new Map(invitations.map((i) => [i.id, i]));
  // A QR invitation: made by a QR workflow, or one whose every channel is `qr` (shown on site, not sent).
  const isQr = (inv: InvitationRow | undefined) =>
    !!inv && (inv.source === 'qr' || inv.channels.every((c) => c === 'qr'));
  const attempts = await attemptsOfInvitations(
    db,
    invitations.filter((i) => !isQr(i)).map((i) => i.id),
  );
  const channelOf = (inv: InvitationRow | undefined): RatingChannel | null => {
    if (!inv) return null;
    if (isQr(inv)) return 'qr';
    const delivered = attempts.get(inv.id)?.find((a) => a.status === 'succeeded')?.channel;
    if (isRatingChannel(delivered)) return delivered;
    return inv.channels.length === 1 && isRatingChannel(inv.channels[0]) ? inv.channels[0] : null;
  };

  return {
    items: rows.map((r) => {
      const version = versionOf.get(r.templateVersionId)!;
      const invitation = r.invitationId ? invitationOf.get(r.invitationId) : undefined;
      return {
        id: r.id,
        invitationId: r.invitationId,
        nodeId: r.nodeId,
        templateVersionId: r.templateVersionId,
        templateName: version.templateName,
        templateVersion: version.number,
        origin: r.source === 'follow_up' || r.source === 'pad' ? r.source : isQr(invitation) ? 'qr' : 'link',
        channel: r.source === 'follow_up' ? null : channelOf(invitation),
        score: r.score,
        stars: r.stars,
        roundedStars: r.roundedStars,
        class: r.class,
        language: r.language,
        contactRequested: r.contactRequested,
        submittedAt: r.submittedAt.toISOString(),
        textRemovedAt: r.textRedactedAt?.toISOString() ?? null,
        answers: presentAnswers(r, version.dimensions),
      };
    }),
  };
}

/**
 * What the work-order list shows of each work order's ratings (count, negatives, the latest one's stars and class),
 * in one query for any page. Work orders without a rating are absent from the map. The caller has already limited
 * `workOrderIds` to what the actor may see.
 */
export async function ratingSummaries(
  db: DbOrTx,
  workOrderIds: string[],
): Promise<Map<string, NonNullable<RatingSummary>>> {
  const out = new Map<string, NonNullable<RatingSummary>>();
  if (workOrderIds.length === 0) return out;
  // DISTINCT ON keeps each work order's latest rating; the window counts see all of its ratings.
  const rows = await db
    .selectDistinctOn([ratings.workOrderId], {
      workOrderId: ratings.workOrderId,
      id: ratings.id,
      stars: ratings.stars,
      roundedStars: ratings.roundedStars,
      class: ratings.class,
      submittedAt: ratings.submittedAt,
      count: sql<number>`count(*) over (partition by ${ratings.workOrderId})`.mapWith(Number),
      negativeCount:
        sql<number>`count(*) filter (where ${ratings.class} = 'negative') over (partition by ${ratings.workOrderId})`.mapWith(
          Number,
        ),
    })
    .from(ratings)
    .where(inArray(ratings.workOrderId, workOrderIds))
    .orderBy(ratings.workOrderId, desc(ratings.submittedAt), desc(ratings.id));
  for (const r of rows) {
    out.set(r.workOrderId, {
      count: r.count,
      negativeCount: r.negativeCount,
      latest: {
        id: r.id,
        stars: r.stars,
        roundedStars: r.roundedStars,
        class: r.class,
        submittedAt: r.submittedAt.toISOString(),
      },
    });
  }
  return out;
}
