import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { CleanAnswers } from '../../../common/scoring/types.js';

/**
 * The dimension families a rollup is kept for (one rollup each: one cube over all of them barely shrinks). `source`
 * (customer / follow-up) is kept for ratings only: invitations are always the customer's.
 */
export const ANALYTICS_FAMILIES = [
  'organisation',
  'source',
  'department',
  'engineer',
  'service_type',
  'channel',
  'store',
  'touchpoint',
  'template',
  /**
   * `rating_rollups` only (migration 0035): an engineer's ratings within one department, member
   * `<department id>:<engineer id>`, so the engineers of a department subtree (a region's ranking, a supervisor's) sum
   * a few rows per engineer instead of unnesting every fact of the subtree.
   */
  'department_engineer',
] as const;
export type AnalyticsFamily = (typeof ANALYTICS_FAMILIES)[number];
/** Day and month buckets in every rollup; Monday weeks in `rating_rollups` and the store rollups (migration 0035). */
export const ANALYTICS_GRAINS = ['day', 'week', 'month'] as const;
export type AnalyticsGrain = (typeof ANALYTICS_GRAINS)[number];

const count = (name: string) => bigint(name, { mode: 'number' }).notNull().default(0);
const sum = (name: string) => doublePrecision(name).notNull().default(0);

/**
 * One row per rating, written only by the analytics module (its processor and the rebuild). Attributes are FROZEN at
 * rating time: a rating stays credited to the engineers, department, store … of its work order when it was rated,
 * even if the work order is reassigned later (a rebuild re-reads the work order as it is then).
 */
export const ratingFacts = pgTable(
  'rating_facts',
  {
    ratingId: uuid('rating_id').primaryKey(),
    workOrderId: uuid('work_order_id').notNull(),
    workOrderNumber: text('work_order_number').notNull(),
    invitationId: uuid('invitation_id'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    /** The submission's date in the organisation's time zone when the fact was written (a zone change rebuilds). */
    localDay: date('local_day').notNull(),
    source: text('source').notNull(),
    /** How the invitation reached the customer: the channel that delivered it, `qr`, or null (unknown / none). */
    channel: text('channel'),
    templateId: uuid('template_id').notNull(),
    templateVersionId: uuid('template_version_id').notNull(),
    serviceTypeId: uuid('service_type_id'),
    departmentId: uuid('department_id'),
    engineerIds: uuid('engineer_ids').array().notNull().default(sql`'{}'::uuid[]`),
    store: text('store'),
    touchpoint: text('touchpoint'),
    score: doublePrecision('score'),
    class: text('class'),
    roundedStars: smallint('rounded_stars'),
    /** The raw 0..10 answer of the template's NPS dimension (the outcome-marked one first), null when none. */
    nps: smallint('nps'),
    answers: jsonb('answers').$type<CleanAnswers>().notNull(),
    /** The first answered text question, for comment lists. */
    comment: text('comment'),
    normalised: jsonb('normalised').$type<Record<string, number | null>>().notNull(),
    /** SCORING.md §8 outcome y per scored dimension (outcome dimension's n, else the leave-one-out score). */
    outcomes: jsonb('outcomes').$type<Record<string, number>>().notNull().default({}),
  },
  (t) => [
    index('rating_facts_submitted_idx').on(t.submittedAt, t.ratingId),
    index('rating_facts_engineers_idx').using('gin', t.engineerIds),
    // INCLUDE (engineer_ids, score, class, nps, rounded_stars): index-only sums per department (migration 0033;
    // drizzle's index builder has no INCLUDE, and the migrations are written by hand).
    index('rating_facts_department_idx').on(t.departmentId, t.submittedAt),
    index('rating_facts_store_idx').on(t.store, t.submittedAt),
    index('rating_facts_service_type_idx').on(t.serviceTypeId, t.submittedAt),
    index('rating_facts_channel_idx').on(t.channel, t.submittedAt),
    index('rating_facts_score_idx').on(t.score, t.ratingId),
  ],
);

/** One row per invitation for the funnel, by invitation creation time. Flags only ever go from false to true. */
export const invitationFacts = pgTable(
  'invitation_facts',
  {
    invitationId: uuid('invitation_id').primaryKey(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    localDay: date('local_day').notNull(),
    /** Invitation source: qr, rule, manual. */
    source: text('source').notNull(),
    channel: text('channel'),
    templateId: uuid('template_id'),
    serviceTypeId: uuid('service_type_id'),
    departmentId: uuid('department_id'),
    engineerIds: uuid('engineer_ids').array().notNull().default(sql`'{}'::uuid[]`),
    store: text('store'),
    touchpoint: text('touchpoint'),
    delivered: boolean('delivered').notNull().default(false),
    opened: boolean('opened').notNull().default(false),
    responded: boolean('responded').notNull().default(false),
  },
  // The rating facts' filter indexes (migration 0042): a filter combination's response rate reads only its invitations.
  (t) => [
    index('invitation_facts_created_idx').on(t.createdAt),
    index('invitation_facts_department_idx').on(t.departmentId, t.createdAt),
    index('invitation_facts_store_idx').on(t.store, t.createdAt),
    index('invitation_facts_service_type_idx').on(t.serviceTypeId, t.createdAt),
    index('invitation_facts_channel_idx').on(t.channel, t.createdAt),
    index('invitation_facts_engineers_idx').using('gin', t.engineerIds),
  ],
);

/**
 * Additive sums per (family, member, grain, local bucket start). `member` is the department / engineer / … id or
 * value ('' for the organisation). Every column adds up, so any set of buckets sums to exact SCORING.md figures.
 */
export const ratingRollups = pgTable(
  'rating_rollups',
  {
    family: text('family', { enum: ANALYTICS_FAMILIES }).notNull(),
    member: text('member').notNull(),
    grain: text('grain', { enum: ANALYTICS_GRAINS }).notNull(),
    bucket: date('bucket').notNull(),
    count: count('count'),
    scoredCount: count('scored_count'),
    sumS: sum('sum_s'),
    sumS2: sum('sum_s2'),
    satisfied: count('satisfied'),
    negative: count('negative'),
    npsCount: count('nps_count'),
    promoters: count('promoters'),
    passives: count('passives'),
    detractors: count('detractors'),
    star1: count('star1'),
    star2: count('star2'),
    star3: count('star3'),
    star4: count('star4'),
    star5: count('star5'),
    /** Engineer families only (0 elsewhere): the ratings that credit another engineer too (rankings mark them). */
    shared: count('shared'),
  },
  (t) => [
    primaryKey({ columns: [t.family, t.grain, t.member, t.bucket] }),
    // Every member of a family over a period (rankings, member pages' standings, the drift watch): the primary key
    // has the member before the bucket, so such a read walked every bucket of every member (migration 0033). INCLUDE
    // (member, count, scored_count, sum_s, sum_s2, negative, shared), what those reads take: index-only (0042).
    index('rating_rollups_bucket_idx').on(t.family, t.grain, t.bucket),
    // The engineers of a department set (migration 0035): the pairs of those departments, not every pair. The same
    // INCLUDE as the bucket index (0042).
    index('rating_rollups_department_engineer_idx')
      .on(t.grain, sql`split_part(${t.member}, ':', 1)`, t.bucket)
      .where(sql`${t.family} = 'department_engineer'`),
  ],
);

/** Per-dimension sums per bucket (SCORING.md §5 per-dimension averages and the §8 co-moments). */
export const ratingDimensionRollups = pgTable(
  'rating_dimension_rollups',
  {
    family: text('family', { enum: ANALYTICS_FAMILIES }).notNull(),
    member: text('member').notNull(),
    grain: text('grain', { enum: ANALYTICS_GRAINS }).notNull(),
    bucket: date('bucket').notNull(),
    dimKey: text('dim_key').notNull(),
    count: count('count'),
    sumN: sum('sum_n'),
    sumN2: sum('sum_n2'),
    nYCount: count('n_y_count'),
    sumY: sum('sum_y'),
    sumY2: sum('sum_y2'),
    sumNY: sum('sum_ny'),
    // Σ n and Σ n² over the answers with an outcome y (the pairs of SCORING.md §8's Pearson r), since 0031.
    pairSumN: sum('pair_sum_n'),
    pairSumN2: sum('pair_sum_n2'),
  },
  (t) => [primaryKey({ columns: [t.family, t.grain, t.member, t.bucket, t.dimKey] })],
);

/** The invitation funnel per bucket of invitation creation (local day / month). */
export const invitationFunnelRollups = pgTable(
  'invitation_funnel_rollups',
  {
    family: text('family', { enum: ANALYTICS_FAMILIES }).notNull(),
    member: text('member').notNull(),
    grain: text('grain', { enum: ANALYTICS_GRAINS }).notNull(),
    bucket: date('bucket').notNull(),
    channel: text('channel').notNull(),
    created: count('created'),
    delivered: count('delivered'),
    opened: count('opened'),
    responded: count('responded'),
  },
  (t) => [primaryKey({ columns: [t.family, t.grain, t.member, t.bucket, t.channel] })],
);

/**
 * Facts a rebuild has written but not yet added to the rollups (`kind` rating or invitation, with the fact's local
 * day). The rebuild writes every fact first, then fills the rollups one local day at a time from the facts listed
 * here, deleting them as it goes; the processor adds its own facts at once and leaves these to the rebuild, so nothing
 * counts twice while both run.
 */
export const analyticsUnrolled = pgTable(
  'analytics_unrolled',
  {
    kind: text('kind', { enum: ['rating', 'invitation'] }).notNull(),
    id: uuid('id').notNull(),
    localDay: date('local_day').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.id] }), index('analytics_unrolled_day_idx').on(t.kind, t.localDay)],
);

/**
 * One row (migration 0044): a token that changes, in the writing transaction, whenever the rollups of a day before
 * yesterday (local) are written — a fact recorded late, a rebuild. Sums over settled days are kept in memory while it
 * stays the same (`modules/analytics/settled-sums.ts`).
 */
export const analyticsRollupGeneration = pgTable('analytics_rollup_generation', {
  id: smallint('id').primaryKey().default(1),
  token: uuid('token').notNull().defaultRandom(),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The additive columns of `rating_rollups`, in order (the rollup writer and the readers name them alike). */
export const RATING_SUM_COLUMNS = [
  'count',
  'scored_count',
  'sum_s',
  'sum_s2',
  'satisfied',
  'negative',
  'nps_count',
  'promoters',
  'passives',
  'detractors',
  'star1',
  'star2',
  'star3',
  'star4',
  'star5',
] as const;
