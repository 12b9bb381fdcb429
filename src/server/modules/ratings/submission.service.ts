import { and, eq, sql } from 'drizzle-orm';
import { type CleanAnswers, scoreRating, validateAnswers } from '../../../common/scoring/index.js';
import type { Database, DbOrTx } from '../../db/client.js';
import { violatedUniqueConstraint } from '../../db/errors.js';
import { ratings } from '../../db/schema/ratings.js';
import { preparedRows } from '../../db/sql.js';
import { type FieldError, ProblemError } from '../../http/problem.js';
import { type EventActor, insertEventsSql } from '../events/events.service.js';
import { findInvitation } from '../invitations/invitations.service.js';
import {
  claimSubmissionSlotSql,
  type InvitationStateRow,
  invitationStateSql,
  type LinkState,
  linkState,
  linkStateOf,
} from '../invitations/submission-slots.js';
import { completeRatingNodeCtes } from '../workflows/rating-node-sql.js';
import type { FrozenTemplate } from './page-context.js';

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
  invitationId: string;
  /** The invitation's frozen template version (it never changes: see invitation-facts.ts). */
  template: FrozenTemplate;
  /** As received: validated here against the frozen template version. */
  answers: unknown;
  /** The form token or the `Idempotency-Key` header: the same key twice is one rating. */
  idempotencyKey: string | null;
  language: string;
  /** `pad`: made on the engineer's device in pad mode (the rating page checked the pad token); else `customer`. */
  source?: 'customer' | 'pad';
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

/** What the submission statement answers: the new rating, the stored twin, or the link's state when neither. */
interface SubmissionRow extends Partial<InvitationStateRow> {
  rating_id: string | null;
  rating_score: number | null;
  twin_id: string | null;
  twin_score: number | null;
}

const asScore = (v: number | string | null) => (v === null ? null : Number(v));

/**
 * A customer's submission through the page or the JSON API — the hot path, in ONE round trip.
 *
 * The answers are checked and scored here against the frozen template version; then one named prepared statement
 * (see {@link submissionStatement}) looks for a stored twin (same key), claims a slot, inserts the rating, writes its
 * outbox events, completes the workflow's rating node with its event, and reports the link's state — all or nothing,
 * without a transaction's extra round trips, and enough to answer 201, 200, 409 or 410 with no second query.
 *
 * Slower paths, each rare: invalid answers read the link first (a closed link answers 409/410 whatever was sent); a
 * same-key twin racing this one (the unique index fails the statement, which also undoes its slot claim) or a slot
 * taken by a concurrent submission since the statement's snapshot is looked up afterwards.
 */
export async function submitCustomerRating(database: Database, input: CustomerSubmission): Promise<SubmissionResult> {
  const { invitationId, idempotencyKey, template } = input;
  const checked = validateAnswers(template, input.answers);
  if (!checked.ok) {
    const invitation = await findInvitation(database.db, invitationId);
    const state = invitation ? linkState(invitation) : 'revoked';
    if (state !== 'open') return earlierOrClosed(database, invitationId, idempotencyKey, state);
    throw new InvalidAnswersError(checked.errors);
  }
  let row: SubmissionRow | undefined;
  try {
    [row] = await preparedRows<SubmissionRow>(
      database,
      'rateloop_submit_rating',
      submissionStatement(template, input, checked.answers),
    );
  } catch (err) {
    if (violatedUniqueConstraint(err) !== 'ratings_invitation_key_uq') throw err;
    // A twin with the same key committed while this statement ran: its rating is the answer.
    return earlierOrClosed(database, invitationId, idempotencyKey, 'used');
  }
  if (!row) throw new Error('the submission statement returned no row');
  if (row.rating_id) return { id: row.rating_id, score: asScore(row.rating_score), created: true };
  if (row.twin_id) return { id: row.twin_id, score: asScore(row.twin_score), created: false };
  if (!row.template_version_id) throw new LinkClosedError('revoked'); // the invitation is gone
  if (row.template_version_id !== template.versionId) {
    // Impossible while invitations keep their version (they do): scoring with another version would be wrong.
    throw new Error(`invitation ${invitationId} answers version ${row.template_version_id}, not ${template.versionId}`);
  }
  const state = linkStateOf(row as InvitationStateRow);
  // Open in the statement's snapshot but no slot: a concurrent submission took the last one meanwhile.
  return earlierOrClosed(database, invitationId, idempotencyKey, state === 'open' ? 'used' : state);
}

/** A repeat of a stored submission (same key) is answered with that rating, even when the link is closed since. */
async function earlierOrClosed(
  database: Database,
  invitationId: string,
  key: string | null,
  state: Exclude<LinkState, 'open'>,
): Promise<SubmissionResult> {
  const earlier = key ? await findRatingByKey(database.db, invitationId, key) : null;
  if (earlier) return { id: earlier.id, score: earlier.score, created: false };
  throw new LinkClosedError(state);
}

/**
 * The submission as data-modifying CTEs of one statement, each module contributing its part: the invitations module
 * the slot claim (a conditional UPDATE: concurrent submissions on a one-use link yield one rating) and the state
 * read, this module the rating and `rating.submitted` (+ `rating.negative`), the workflows module the node's
 * completion. No twin → a slot → a rating → its events and the node; otherwise nothing is written. Its text is the
 * same for every call (only parameters change), so it runs as a named prepared statement.
 */
function submissionStatement(template: FrozenTemplate, input: CustomerSubmission, answers: CleanAnswers) {
  const s = scoreRating(template, answers);
  const source = input.source ?? 'customer';
  return sql`with twin as (
      select id, score from ${ratings} where invitation_id = ${input.invitationId} and idempotency_key = ${input.idempotencyKey}
    ),
    slot as (${claimSubmissionSlotSql(input.invitationId, template.versionId, sql`not exists (select 1 from twin)`)}),
    rating as (
      insert into ${ratings} (invitation_id, work_order_id, node_id, template_version_id, source, answers, normalised,
        score, stars, rounded_stars, class, idempotency_key, language)
      select slot.id, slot.work_order_id, slot.node_id, ${template.versionId}, ${source}::text, ${JSON.stringify(answers)}::jsonb,
        ${JSON.stringify(s.normalised)}::jsonb, ${s.score}::double precision, ${s.stars}::double precision,
        ${s.roundedStars}::smallint, ${s.class}, ${input.idempotencyKey}, ${input.language}
      from slot
      returning id, work_order_id, invitation_id, node_id, template_version_id, source, score, rounded_stars, class
    ),
    events as (${insertEventsSql(sql`
      select kind, r.work_order_id, 'rating', r.id::text, 'customer', jsonb_build_object('ratingId', r.id,
          'invitationId', r.invitation_id, 'nodeId', r.node_id, 'templateVersionId', r.template_version_id,
          'source', r.source,
          'score', r.score, 'roundedStars', r.rounded_stars, 'class', r.class)
      from rating r
      cross join lateral (values ('rating.submitted'), ('rating.negative')) as k(kind)
      where kind = 'rating.submitted' or r.class = 'negative'
      returning 1`)}
    ),
    ${completeRatingNodeCtes()}
    select r.id as rating_id, r.score as rating_score, t.id as twin_id, t.score as twin_score, st.*
    from (select 1) one
    left join rating r on true
    left join twin t on true
    left join (${invitationStateSql(input.invitationId)}) st on true`;
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
