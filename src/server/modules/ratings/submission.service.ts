import { and, eq, sql } from 'drizzle-orm';
import { type CleanAnswers, scoreRating, validateAnswers } from '../../../common/scoring/index.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { violatedUniqueConstraint } from '../../db/errors.js';
import { ratings } from '../../db/schema/ratings.js';
import { executeRows } from '../../db/sql.js';
import { type FieldError, ProblemError } from '../../http/problem.js';
import { type EventActor, insertEventsSql } from '../events/events.service.js';
import { findInvitation, type InvitationRow } from '../invitations/invitations.service.js';
import { claimSubmissionSlotSql, type LinkState, linkState } from '../invitations/submission-slots.js';
import { completeRatingNodeOnSubmission } from '../workflows/nodes.service.js';
import { type FrozenTemplate, frozenTemplate } from './page-context.js';

export type RatingRow = typeof ratings.$inferSelect;

/** Why a link cannot take a submission; the page and the API each turn it into their own answer. */
export class LinkClosedError extends Error {
  constructor(readonly state: Exclude<LinkState, 'open'>) {
    super(`The rating link is ${state}.`);
  }
}

/** The answers did not pass the template's rules (paths `answers.<key>`). */
export class InvalidAnswersError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  }
}

/** The event actor for a customer: no identity, only the address (not stored with the rating). */
export const customerActor = (ip: string | null): EventActor => ({ type: 'customer', id: null, name: null, ip });

export interface CustomerSubmission {
  invitation: InvitationRow;
  /** As received: validated here against the frozen template version. */
  answers: unknown;
  /** The form token or the `Idempotency-Key` header: the same key twice is one rating. */
  idempotencyKey: string | null;
  language: string;
}

export interface SubmissionResult {
  id: string;
  score: number | null;
  /** false when an earlier submission with the same key was found (the answer is that rating). */
  created: boolean;
}

export async function findRatingByKey(db: DbOrTx, invitationId: string, key: string): Promise<RatingRow | null> {
  const [row] = await db
    .select()
    .from(ratings)
    .where(and(eq(ratings.invitationId, invitationId), eq(ratings.idempotencyKey, key)))
    .limit(1);
  return row ?? null;
}

/**
 * A customer's submission through the page or the JSON API. Checks the link's state and the answers against the
 * frozen template version, then stores everything in ONE statement (see {@link insertRatingStatement}): the slot
 * claim, the rating with its score and the outbox events — all or nothing, in one round trip (the hot path).
 *
 * A repeat of a stored submission (same key) is answered with that rating, even when the link has been used up
 * since: the statement fails on the (invitation, key) unique index, which also undoes its slot claim, and the
 * earlier rating is looked up. Nothing is looked up before writing, so a first submission costs no extra query.
 */
export async function submitCustomerRating(
  db: Db,
  input: CustomerSubmission,
  opts: { completeRatingNode?: boolean } = {},
): Promise<SubmissionResult> {
  const { invitation, idempotencyKey } = input;
  const state = linkState(invitation);
  if (state !== 'open') {
    const earlier = idempotencyKey ? await findRatingByKey(db, invitation.id, idempotencyKey) : null;
    if (earlier) return { id: earlier.id, score: earlier.score, created: false };
    throw new LinkClosedError(state);
  }
  const template = await frozenTemplate(db, invitation.templateVersionId);
  const checked = validateAnswers(template, input.answers);
  if (!checked.ok) throw new InvalidAnswersError(checked.errors);

  const statement = insertRatingStatement(template, input, checked.answers);
  try {
    // The workflows module owns the rating node: completed in the rating's transaction, so both commit together.
    // Without it (the benchmark's "without workflow" line) the submission is one statement, no transaction.
    const hook = opts.completeRatingNode === false ? null : completeRatingNodeOnSubmission;
    const stored = hook
      ? await db.transaction(async (tx) => {
          const row = await runInsert(tx, statement);
          if (row) await hook(tx, invitation.id);
          return row;
        })
      : await runInsert(db, statement);
    if (stored) return { ...stored, created: true };
  } catch (err) {
    if (violatedUniqueConstraint(err) !== 'ratings_invitation_key_uq') throw err;
  }
  // No slot left, or a twin with the same key is already stored: the twin's rating is the answer if there is one.
  if (idempotencyKey) {
    const twin = await findRatingByKey(db, invitation.id, idempotencyKey);
    if (twin) return { id: twin.id, score: twin.score, created: false };
  }
  const now = await findInvitation(db, invitation.id);
  const closed = now ? linkState(now) : 'revoked';
  throw new LinkClosedError(closed === 'open' ? 'used' : closed);
}

async function runInsert(db: DbOrTx, statement: ReturnType<typeof sql>) {
  const [row] = await executeRows<{ id: string; score: number | null }>(db, statement);
  return row ? { id: row.id, score: row.score === null ? null : Number(row.score) } : null;
}

/**
 * Claim a slot (the invitations module's conditional UPDATE: concurrent submissions on a one-use link yield one
 * rating), insert the rating scored with the frozen version, and write `rating.submitted` (+ `rating.negative`)
 * to the outbox — as data-modifying CTEs of one statement, so they commit or fail together without a
 * transaction's extra round trips. No slot → no rating → no events → no row returned.
 */
function insertRatingStatement(template: FrozenTemplate, input: CustomerSubmission, answers: CleanAnswers) {
  const s = scoreRating(template, answers);
  return sql`with slot as (${claimSubmissionSlotSql(input.invitation.id)}),
    rating as (
      insert into ${ratings} (invitation_id, work_order_id, node_id, template_version_id, source, answers, normalised,
        score, stars, rounded_stars, class, idempotency_key, language)
      select slot.id, slot.work_order_id, slot.node_id, ${template.versionId}, 'customer', ${JSON.stringify(answers)}::jsonb,
        ${JSON.stringify(s.normalised)}::jsonb, ${s.score}::double precision, ${s.stars}::double precision,
        ${s.roundedStars}::smallint, ${s.class}, ${input.idempotencyKey}, ${input.language}
      from slot
      returning id, work_order_id, invitation_id, node_id, template_version_id, score, rounded_stars, class
    ),
    events as (${insertEventsSql(sql`
      select kind, r.work_order_id, 'rating', r.id::text, 'customer', jsonb_build_object('ratingId', r.id,
          'invitationId', r.invitation_id, 'nodeId', r.node_id, 'templateVersionId', r.template_version_id,
          'source', 'customer',
          'score', r.score, 'roundedStars', r.rounded_stars, 'class', r.class)
      from rating r
      cross join lateral (values ('rating.submitted'), ('rating.negative')) as k(kind)
      where kind = 'rating.submitted' or r.class = 'negative'
      returning 1`)}
    )
    select id, score from rating`;
}

/** Problem documents for the JSON API (the page renders its own status pages instead). */
export function linkClosedProblem(state: Exclude<LinkState, 'open'>): ProblemError {
  switch (state) {
    case 'used':
      return new ProblemError(409, 'already-rated', 'Already rated', 'This invitation has already been rated.');
    case 'expired':
      return new ProblemError(410, 'link-expired', 'Link expired', 'This rating link has expired.');
    case 'revoked':
      return new ProblemError(410, 'link-revoked', 'Link revoked', 'This rating invitation was withdrawn.');
  }
}
