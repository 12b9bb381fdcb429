import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { CleanAnswers } from '../../../common/scoring/types.js';
import { invitations } from './invitations.js';
import { ratingTemplateVersions } from './templates.js';

export const RATING_SOURCES = ['customer', 'follow_up', 'pad'] as const;
export const RATING_CLASSES = ['negative', 'neutral', 'satisfied'] as const;

/**
 * One submitted rating: the answers to a frozen template version and the score computed with that version
 * (SCORING.md §2). Nothing personal is stored here: the customer is known only through the invitation.
 */
export const ratings = pgTable(
  'ratings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null for ratings not answered through a link (e.g. a follow-up agent's phone survey without an invitation). */
    invitationId: uuid('invitation_id').references(() => invitations.id),
    workOrderId: uuid('work_order_id').notNull(),
    /** The work-order node instance this rating answered (its invitation's node), null when none. */
    nodeId: uuid('node_id'),
    templateVersionId: uuid('template_version_id')
      .notNull()
      .references(() => ratingTemplateVersions.id),
    source: text('source', { enum: RATING_SOURCES }).notNull(),
    /** The follow-up agent who recorded the survey (source `follow_up`). */
    agentId: uuid('agent_id'),
    /** Validated answers (API "Answer values"; text trimmed). */
    answers: jsonb('answers').$type<CleanAnswers>().notNull(),
    /** n per dimension (null = not scored / not answered), kept so reports never re-normalise. */
    normalised: jsonb('normalised').$type<Record<string, number | null>>().notNull(),
    /** S, unrounded; null when nothing scored was answered. */
    score: doublePrecision('score'),
    /** Star equivalent 1 + 4·S/100, unrounded. */
    stars: doublePrecision('stars'),
    /** Stars rounded half up (1..5), stored for filtering. */
    roundedStars: smallint('rounded_stars'),
    class: text('class', { enum: RATING_CLASSES }),
    /** The form token or `Idempotency-Key`: a repeat of the same submission finds this rating instead of adding one. */
    idempotencyKey: text('idempotency_key'),
    language: text('language').notNull(),
    contactRequested: boolean('contact_requested').notNull().default(false),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    /** When retention or an erase removed the text answers (issue 21); scores and scored answers stay. */
    textRedactedAt: timestamp('text_redacted_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('ratings_invitation_key_uq').on(t.invitationId, t.idempotencyKey),
    index('ratings_submitted_idx').on(t.submittedAt, t.id),
    index('ratings_work_order_idx').on(t.workOrderId, t.submittedAt),
    index('ratings_text_retention_idx').on(t.templateVersionId, t.submittedAt).where(sql`${t.textRedactedAt} is null`),
  ],
);
