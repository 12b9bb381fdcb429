import { z } from 'zod';
import { MAX_YEAR, MIN_YEAR } from '../../http/dates.js';
import { pageQuery } from '../../http/pagination.js';
import { RATING_CLASSES, RATING_SOURCES } from '../ratings/ratings.schemas.js';

function withinYears(v: string): boolean {
  const year = Number(v.slice(0, 4));
  const ms = Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v);
  return !Number.isNaN(ms) && year >= MIN_YEAR && year <= MAX_YEAR && new Date(ms).getUTCFullYear() <= MAX_YEAR;
}

/** An ISO instant with offset, or a date meaning its LOCAL midnight in the organisation's time zone (kept as written). */
const periodBound = (what: string) =>
  z
    .union([z.iso.datetime({ offset: true }).max(64), z.iso.date()])
    .refine(withinYears, `must be between ${MIN_YEAR} and ${MAX_YEAR}`)
    .describe(
      `${what}: an ISO 8601 instant with offset, or a date \`YYYY-MM-DD\` meaning local midnight in the ` +
        "organisation's time zone.",
    );

const text = z.string().trim().min(1).max(200);

/**
 * The analytics filters (issue 16), shared by every analytics endpoint, the drill-down list and exports. Filters
 * combine with AND. `departmentId` covers the department's subtree; `engineerId` every rating of a work order the
 * engineer worked on (a shared rating counts in full for each, SCORING.md §6).
 */
export const analyticsFilterQuery = z.object({
  from: periodBound('Submitted at or after (inclusive)').optional(),
  to: periodBound('Submitted before (exclusive)').optional(),
  serviceTypeId: z.uuid().optional(),
  departmentId: z.uuid().optional().describe('This department and every department below it.'),
  engineerId: z.uuid().optional(),
  store: text.optional(),
  touchpoint: text.optional(),
  channel: z
    .string()
    .trim()
    .min(1)
    .max(50)
    .optional()
    .describe('How the invitation reached the customer: a channel (sms, email, wechat, …) or `qr`.'),
  templateId: z.uuid().optional(),
  source: z
    .enum(RATING_SOURCES)
    .optional()
    .describe(
      'Who recorded the rating: the customer (`customer`), an agent on a follow-up call (`follow_up`), or the ' +
        "customer on the engineer's device in pad mode (`pad`). The funnel and the response rate are the " +
        "invitations': with `follow_up` or `pad` they are empty.",
    ),
});
export type AnalyticsFilters = z.infer<typeof analyticsFilterQuery>;

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const languageQuery = {
  lang: z
    .enum(LANGUAGES)
    .optional()
    .describe('Language of dimension labels; else the Accept-Language header, else the organisation default.'),
};

export const analyticsQuery = analyticsFilterQuery.extend(languageQuery);
export type AnalyticsQuery = z.infer<typeof analyticsQuery>;

export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];
export const trendQuery = analyticsQuery.extend({
  from: periodBound('Start of the first bucket (inclusive)'),
  to: periodBound('End of the last bucket (exclusive)'),
  granularity: z
    .enum(GRANULARITIES)
    .default('day')
    .describe('Local days, weeks starting on Monday, or months; empty buckets are listed with count 0.'),
});
export type TrendQuery = z.infer<typeof trendQuery>;

export const commentsQuery = analyticsFilterQuery.extend({
  limit: z.coerce.number().int().min(1).max(100).default(10).describe('How many (1–100, default 10).'),
});
export type CommentsQuery = z.infer<typeof commentsQuery>;

const booleanParam = z.enum(['true', 'false']).transform((v) => v === 'true');
export const DRILL_DOWN_SORTS = ['-submittedAt', 'submittedAt', '-score', 'score'] as const;
export const drillDownQuery = analyticsFilterQuery.extend({
  class: z
    .enum([...RATING_CLASSES, 'none'])
    .optional()
    .describe('Only this class (`none`: ratings without S).'),
  negative: booleanParam.optional().describe('`true`: only negative ratings; `false`: all others.'),
  stars: z.coerce.number().int().min(1).max(5).optional().describe('Only ratings with this rounded ★ (a ★ bar).'),
  keyword: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .transform((v) => v.normalize('NFKC').toLowerCase())
    .optional()
    .describe('Only ratings whose comment contains this keyword term (`GET /analytics/keywords`: total = its count).'),
  sort: z
    .enum(DRILL_DOWN_SORTS)
    .default('-submittedAt')
    .describe('`-` = descending. Ratings without S sort below every score.'),
  ...pageQuery,
  ...languageQuery,
});
export type DrillDownQuery = z.infer<typeof drillDownQuery>;
/** The drill-down's filters without paging and language (exports iterate through them). */
export type DrillDownFilters = Omit<DrillDownQuery, 'sort' | 'limit' | 'cursor' | 'lang'>;

export const asOf = z
  .string()
  .nullable()
  .describe('The time of the last event the analytics processor handled: figures include everything up to it.');

const figures = {
  count: z.number().int().describe('Ratings submitted in the period (every one, also without S).'),
  averageScore: z.number().nullable().describe('Mean S (0–100) over ratings with S; unrounded.'),
  averageStars: z.number().nullable().describe('1 + 4·averageScore/100.'),
  csat: z.number().nullable().describe('% satisfied among ratings with S.'),
  nps: z.number().nullable().describe('% promoters − % detractors over NPS answers; null without any.'),
  negativeCount: z.number().int(),
  responseRate: z
    .number()
    .nullable()
    .describe('% of delivered invitations (by creation time) with ≥ 1 submission; null when none was delivered.'),
};
export const figuresSchema = z.object(figures);

export const DIMENSION_SCALES = ['star5', 'score10', 'nps', 'yes_no', 'single_choice'] as const;
const scale = z
  .enum(DIMENSION_SCALES)
  .describe('star5: 1–5; score10: 1–10; nps: 0–10; yes_no: % yes; single_choice: the options’ 0–100 scores.');

export const summaryDimensionSchema = z.object({
  key: z.string(),
  label: z.string().describe("The latest published template version's label in the request's language."),
  average: z.number().nullable().describe("Mean in the dimension's own scale (see `scale`)."),
  scale,
  count: z.number().int().describe('Ratings that answered it with a scored value.'),
});

export const periodSchema = z.object({
  from: z.string().nullable().describe('Resolved start instant (null: unbounded).'),
  to: z.string().nullable().describe('Resolved end instant, exclusive (null: unbounded).'),
});

export const summarySchema = z.object({
  ...figures,
  dimensions: z.array(summaryDimensionSchema),
  asOf,
  period: periodSchema,
  previous: z
    .object({ ...figures, period: periodSchema })
    .nullable()
    .describe('The same figures for the period of the same length just before (null for an unbounded period).'),
});
export type SummaryView = z.infer<typeof summarySchema>;

const bucketFields = {
  bucket: z.string().describe('The bucket’s first local day, YYYY-MM-DD.'),
  from: z.string().describe('Bucket start instant (clipped to the period).'),
  to: z.string().describe('Bucket end instant, exclusive (clipped to the period).'),
};

export const trendSchema = z.object({
  granularity: z.enum(GRANULARITIES),
  asOf,
  points: z.array(z.object({ ...bucketFields, ...figures })),
});
export type TrendView = z.infer<typeof trendSchema>;

export const dimensionTrendSchema = z.object({
  granularity: z.enum(GRANULARITIES),
  asOf,
  dimensions: z.array(
    summaryDimensionSchema.extend({
      points: z.array(z.object({ ...bucketFields, average: z.number().nullable(), count: z.number().int() })),
    }),
  ),
});
export type DimensionTrendView = z.infer<typeof dimensionTrendSchema>;

export const distributionSchema = z.object({
  asOf,
  count: z.number().int(),
  stars: z
    .array(z.object({ stars: z.number().int(), count: z.number().int() }))
    .describe('Ratings per rounded ★ 1..5.'),
  unscored: z.number().int().describe('Ratings without S (no ★).'),
});
export type DistributionView = z.infer<typeof distributionSchema>;

const funnelFields = {
  created: z.number().int(),
  delivered: z.number().int().describe('≥ 1 channel succeeded; QR invitations at creation.'),
  opened: z.number().int(),
  responded: z.number().int().describe('Delivered invitations with ≥ 1 submission.'),
  responseRate: z.number().nullable(),
};
export const funnelSchema = z.object({
  asOf,
  total: z.object(funnelFields),
  channels: z.array(
    z.object({
      channel: z.string().nullable().describe('null: not delivered (yet) through any channel.'),
      ...funnelFields,
    }),
  ),
});
export type FunnelView = z.infer<typeof funnelSchema>;

export const commentSchema = z.object({
  id: z.string(),
  workOrderId: z.string(),
  workOrderNumber: z.string(),
  score: z.number().nullable(),
  stars: z.number().nullable(),
  roundedStars: z.number().int().nullable(),
  comment: z.string(),
  submittedAt: z.string(),
});
export const commentsSchema = z.object({ asOf, items: z.array(commentSchema) });
export type CommentsView = z.infer<typeof commentsSchema>;

const answerValue = z.union([z.number(), z.boolean(), z.string(), z.array(z.string())]);
const named = z.object({ id: z.string(), name: z.string().nullable() });

export const drillDownRatingSchema = z.object({
  id: z.string(),
  submittedAt: z.string(),
  workOrderId: z.string(),
  workOrderNumber: z.string(),
  score: z.number().nullable(),
  stars: z.number().nullable(),
  roundedStars: z.number().int().nullable(),
  class: z.enum(RATING_CLASSES).nullable(),
  answers: z.record(z.string(), answerValue).describe('Every answer, keyed by dimension key (API "Answer values").'),
  comment: z.string().nullable(),
  engineers: z.array(named).describe('Credited at rating time (a shared rating lists each).'),
  department: named.nullable(),
  serviceTypeId: z.string().nullable(),
  store: z.string().nullable(),
  touchpoint: z.string().nullable(),
  channel: z.string().nullable(),
  source: z.enum(RATING_SOURCES),
  templateId: z.string(),
  templateVersionId: z.string(),
});
export type DrillDownRating = z.infer<typeof drillDownRatingSchema>;

/** A list row: the rating plus its answers in words (the list shows them; exports word their own cells). */
export const drillDownItemSchema = drillDownRatingSchema.extend({
  answerTexts: z
    .record(z.string(), z.object({ label: z.string(), text: z.string() }))
    .describe(
      'Every answer in words, keyed by dimension key, in the words of the template version answered and in the ' +
        "request's language (`lang`, else Accept-Language, else the organisation default): the question, and the " +
        'answer as "4 / 5", "9 / 10", "Yes", or the chosen options\' labels (never their keys).',
    ),
});
export type DrillDownItem = z.infer<typeof drillDownItemSchema>;

export const drillDownPageSchema = z.object({
  asOf,
  total: z.number().int().describe("Every match: equals the summary's `count` for the same filters."),
  items: z.array(drillDownItemSchema),
  nextCursor: z.string().nullable(),
});
export type DrillDownPage = z.infer<typeof drillDownPageSchema>;
