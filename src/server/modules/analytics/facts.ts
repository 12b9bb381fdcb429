import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  type Dimension,
  isScoredDimension,
  outcomeDimension,
  type ScoringTemplate,
  weightedScore,
} from '../../../common/scoring/index.js';
import type { DbOrTx } from '../../db/client.js';
import { analyticsUnrolled, invitationFacts, ratingFacts } from '../../db/schema/analytics.js';
import { deliveredChannels } from '../delivery/delivered-channels.js';
import { isQrInvitation } from '../invitations/invitation-links.js';
import { findInvitations } from '../invitations/invitations.service.js';
import { findRatings, type RatingRecord } from '../ratings/ratings-by-id.js';
import { versionsByIds } from '../templates/versions.service.js';
import { workOrderAttributes } from '../work-orders/work-orders.queries.js';
import { localDay } from './local-time.js';
import { addFunnel, addRatingRollups } from './rollup-writes.js';
import { noteRollupWrites } from './settled-sums.js';

type InvitationRecord = Awaited<ReturnType<typeof findInvitations>>[number];
type Version = Awaited<ReturnType<typeof versionsByIds>>[number];
type RatingFactRow = typeof ratingFacts.$inferInsert;
type InvitationFactRow = typeof invitationFacts.$inferSelect;

/** How an invitation reached the customer: `qr` for QR invitations, else the channel that delivered it, else null. */
function channelOf(invitation: InvitationRecord | undefined, delivered: Map<string, string>): string | null {
  if (!invitation) return null;
  if (invitation.source === 'qr' || isQrInvitation(invitation)) return 'qr';
  return delivered.get(invitation.id) ?? null;
}

/** The template's NPS dimension (the outcome-marked one first), as SCORING.md §5 counts NPS. */
export function npsDimension(dimensions: readonly Dimension[]): Dimension | undefined {
  return dimensions.find((d) => d.type === 'nps' && d.outcome) ?? dimensions.find((d) => d.type === 'nps');
}

/** SCORING.md §8: per scored dimension, the outcome y paired with its n (outcome dimension's n, else S₋ᵢ). */
export function outcomesOf(template: ScoringTemplate, normalised: Record<string, number | null>) {
  const outcome = outcomeDimension(template);
  const y: Record<string, number> = {};
  for (const d of template.dimensions) {
    if (!isScoredDimension(d) || d.key === outcome?.key) continue;
    if (typeof normalised[d.key] !== 'number') continue;
    const value = outcome ? normalised[outcome.key] : weightedScore(template, normalised, d.key);
    if (typeof value === 'number') y[d.key] = value;
  }
  return y;
}

/** The first answered text question of a rating (its comment). */
export function firstText(version: Version | undefined, answers: RatingRecord['answers']): string | null {
  for (const d of version?.dimensions ?? []) {
    const a = answers[d.key];
    if (d.type === 'text' && typeof a === 'string' && a.trim() !== '') return a;
  }
  return null;
}

function ratingFactOf(
  r: RatingRecord,
  ctx: {
    timeZone: string;
    version: Version | undefined;
    invitation: InvitationRecord | undefined;
    delivered: Map<string, string>;
    workOrder: Awaited<ReturnType<typeof workOrderAttributes>>[number] | undefined;
  },
): RatingFactRow {
  const { version, workOrder } = ctx;
  const nps = version ? npsDimension(version.dimensions) : undefined;
  const npsAnswer = nps ? r.answers[nps.key] : undefined;
  return {
    ratingId: r.id,
    workOrderId: r.workOrderId,
    workOrderNumber: workOrder?.number ?? '',
    invitationId: r.invitationId,
    submittedAt: r.submittedAt,
    localDay: localDay(r.submittedAt, ctx.timeZone),
    source: r.source,
    channel: channelOf(ctx.invitation, ctx.delivered),
    templateId: version?.templateId ?? r.templateVersionId,
    templateVersionId: r.templateVersionId,
    serviceTypeId: workOrder?.serviceTypeId ?? null,
    departmentId: workOrder?.departmentId ?? null,
    engineerIds: [...new Set(workOrder?.engineerIds ?? [])],
    store: workOrder?.store ?? null,
    touchpoint: workOrder?.touchpoint ?? null,
    score: r.score,
    class: r.class,
    roundedStars: r.roundedStars,
    nps: typeof npsAnswer === 'number' ? npsAnswer : null,
    answers: r.answers,
    comment: firstText(version, r.answers),
    normalised: r.normalised,
    outcomes: version ? outcomesOf(version, r.normalised) : {},
  };
}

/**
 * How new facts reach the rollups: `now` (the processor: in the same transaction) or `deferred` (the rebuild: listed
 * in `analytics_unrolled`, added later a day at a time by one `group by` per rollup table).
 */
export type RollupTiming = 'now' | 'deferred';

async function deferRollups(tx: DbOrTx, kind: 'rating' | 'invitation', facts: { id: string; localDay: string }[]) {
  for (let i = 0; i < facts.length; i += 10_000) {
    await tx
      .insert(analyticsUnrolled)
      .values(facts.slice(i, i + 10_000).map((f) => ({ kind, id: f.id, localDay: f.localDay })))
      .onConflictDoNothing();
  }
}

/**
 * Writes the fact rows of these ratings (read through their owners) and adds the new ones to every family's day and
 * month buckets — in the caller's transaction (or defers that, for the rebuild). A rating whose fact exists is skipped
 * (at-least-once delivery), so handling the same event twice adds nothing. Returns the ids that were new.
 */
export async function recordRatingFacts(
  tx: DbOrTx,
  ratingIds: string[],
  timeZone: string,
  timing: RollupTiming = 'now',
): Promise<string[]> {
  if (ratingIds.length === 0) return [];
  const present = new Set(
    (
      await tx.select({ id: ratingFacts.ratingId }).from(ratingFacts).where(inArray(ratingFacts.ratingId, ratingIds))
    ).map((r) => r.id),
  );
  const rows = (await findRatings(tx, ratingIds)).filter((r) => !present.has(r.id));
  if (rows.length === 0) return [];
  const invitationIds = [...new Set(rows.flatMap((r) => (r.invitationId ? [r.invitationId] : [])))];
  // One after another: a transaction is one connection (pg deprecates queueing queries on a busy client).
  const invitations = await findInvitations(tx, invitationIds);
  const delivered = await deliveredChannels(tx, invitationIds);
  const workOrders = await workOrderAttributes(tx, [...new Set(rows.map((r) => r.workOrderId))]);
  const versions = await versionsByIds(tx, [...new Set(rows.map((r) => r.templateVersionId))]);
  const invitationById = new Map(invitations.map((i) => [i.id, i]));
  const workOrderById = new Map(workOrders.map((w) => [w.id, w]));
  const versionById = new Map(versions.map((v) => [v.id, v]));
  const facts = rows.map((r) =>
    ratingFactOf(r, {
      timeZone,
      version: versionById.get(r.templateVersionId),
      invitation: r.invitationId ? invitationById.get(r.invitationId) : undefined,
      delivered,
      workOrder: workOrderById.get(r.workOrderId),
    }),
  );
  const inserted = await tx
    .insert(ratingFacts)
    .values(facts)
    .onConflictDoNothing()
    .returning({ id: ratingFacts.ratingId, localDay: ratingFacts.localDay });
  if (timing === 'deferred') await deferRollups(tx, 'rating', inserted);
  else {
    await addRatingRollups(
      tx,
      inserted.map((r) => r.id),
    );
    await noteRollupWrites(
      tx,
      inserted.map((r) => r.localDay),
      timeZone,
    );
  }
  return inserted.map((r) => r.id);
}

const FLAG_KEYS = ['delivered', 'opened', 'responded'] as const;

/**
 * Brings the invitation facts of these invitations up to their current state (created; delivered = ≥ 1 channel
 * succeeded, or QR at creation; opened; ≥ 1 submission) and moves the funnel rollups by the difference: a changed
 * fact's old contribution is taken back and its new one added, in SQL. Flags only go from false to true, and the
 * attributes stay as first recorded (frozen at creation); the channel fills in when the invitation is delivered.
 * Facts a rebuild has not rolled up yet only change (the rebuild counts their final state). Idempotent: a second run
 * finds no difference.
 */
export async function refreshInvitationFacts(
  tx: DbOrTx,
  invitationIds: string[],
  timeZone: string,
  timing: RollupTiming = 'now',
): Promise<void> {
  if (invitationIds.length === 0) return;
  const invitations = await findInvitations(tx, invitationIds);
  if (invitations.length === 0) return;
  const delivered = await deliveredChannels(tx, invitationIds);
  const existing = await tx.select().from(invitationFacts).where(inArray(invitationFacts.invitationId, invitationIds));
  const before = new Map(existing.map((f) => [f.invitationId, f]));
  const missing = invitations.filter((i) => !before.has(i.id));
  const workOrders = await workOrderAttributes(tx, [...new Set(missing.map((i) => i.workOrderId))]);
  const versions = await versionsByIds(tx, [...new Set(missing.map((i) => i.templateVersionId))]);
  const workOrderById = new Map(workOrders.map((w) => [w.id, w]));
  const versionById = new Map(versions.map((v) => [v.id, v]));
  const upserts: InvitationFactRow[] = [];
  for (const inv of invitations) {
    const old = before.get(inv.id);
    const qr = channelOf(inv, delivered) === 'qr';
    const wo = workOrderById.get(inv.workOrderId);
    const next: InvitationFactRow = {
      invitationId: inv.id,
      createdAt: old?.createdAt ?? inv.createdAt,
      localDay: old?.localDay ?? localDay(inv.createdAt, timeZone),
      source: inv.source,
      channel: channelOf(inv, delivered) ?? old?.channel ?? null,
      templateId: old ? old.templateId : (versionById.get(inv.templateVersionId)?.templateId ?? null),
      serviceTypeId: old ? old.serviceTypeId : (wo?.serviceTypeId ?? null),
      departmentId: old ? old.departmentId : (wo?.departmentId ?? null),
      engineerIds: old ? old.engineerIds : [...new Set(wo?.engineerIds ?? [])],
      store: old ? old.store : (wo?.store ?? null),
      touchpoint: old ? old.touchpoint : (wo?.touchpoint ?? null),
      delivered: (old?.delivered ?? false) || qr || inv.deliveredAt !== null,
      opened: (old?.opened ?? false) || inv.openedAt !== null,
      responded: (old?.responded ?? false) || inv.submissionCount > 0 || inv.firstSubmittedAt !== null,
    };
    if (old && old.channel === next.channel && FLAG_KEYS.every((k) => old[k] === next[k])) continue;
    upserts.push(next);
  }
  if (upserts.length === 0) return;
  const changedIds = upserts.filter((f) => before.has(f.invitationId)).map((f) => f.invitationId);
  const unrolled = new Set(
    changedIds.length === 0
      ? []
      : (
          await tx
            .select({ id: analyticsUnrolled.id })
            .from(analyticsUnrolled)
            .where(and(eq(analyticsUnrolled.kind, 'invitation'), inArray(analyticsUnrolled.id, changedIds)))
        ).map((r) => r.id),
  );
  const counted = changedIds.filter((id) => !unrolled.has(id));
  await addFunnel(tx, counted, -1);
  await tx
    .insert(invitationFacts)
    .values(upserts)
    .onConflictDoUpdate({
      target: invitationFacts.invitationId,
      set: {
        channel: sqlExcluded('channel'),
        delivered: sqlExcluded('delivered'),
        opened: sqlExcluded('opened'),
        responded: sqlExcluded('responded'),
      },
    });
  const created = upserts.filter((f) => !before.has(f.invitationId));
  if (timing === 'deferred') {
    await deferRollups(
      tx,
      'invitation',
      created.map((f) => ({ id: f.invitationId, localDay: f.localDay })),
    );
    await addFunnel(tx, counted, 1);
  } else {
    await addFunnel(tx, [...counted, ...created.map((f) => f.invitationId)], 1);
  }
}

const sqlExcluded = (column: string) => sql.raw(`excluded.${column}`);
