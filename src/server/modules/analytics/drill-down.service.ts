import { type SQL, sql } from 'drizzle-orm';
import { toStars } from '../../../common/scoring/index.js';
import type { CleanAnswers } from '../../../common/scoring/types.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { ratingFacts } from '../../db/schema/analytics.js';
import { executeRows } from '../../db/sql.js';
import { decodeCursor, encodeCursor } from '../../http/pagination.js';
import type { Actor } from '../../http/principal.js';
import { processorAsOf } from '../events/processor-status.js';
import { orgNames } from '../org/lookups.js';
import { answerTexts } from '../ratings/answers.presenter.js';
import type { RATING_CLASSES, RATING_SOURCES } from '../ratings/ratings.schemas.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import { versionsByIds } from '../templates/versions.service.js';
import type {
  DrillDownFilters,
  DrillDownItem,
  DrillDownPage,
  DrillDownQuery,
  DrillDownRating,
  Language,
} from './analytics.schemas.js';
import { ANALYTICS_PROCESSOR } from './analytics.service.js';
import { resolveFilters } from './filters.js';
import { keywordCondition } from './keywords/term-writes.js';
import { factConditions } from './sums.js';

interface FactRecord {
  rating_id: string;
  submitted_at: string | Date;
  /** The sort value as the cursor carries it. */
  page_key: string | number;
  work_order_id: string;
  work_order_number: string;
  score: number | null;
  rounded_stars: number | null;
  class: (typeof RATING_CLASSES)[number] | null;
  answers: CleanAnswers;
  comment: string | null;
  engineer_ids: string[] | string;
  department_id: string | null;
  service_type_id: string | null;
  store: string | null;
  touchpoint: string | null;
  channel: string | null;
  source: (typeof RATING_SOURCES)[number];
  template_id: string;
  template_version_id: string;
}

/** The drill-down's own filters on top of the analytics filters: class, negative, a ★ bar. */
function listConditions(q: DrillDownFilters): SQL[] {
  const where: SQL[] = [];
  if (q.class) where.push(q.class === 'none' ? sql`f.class is null` : sql`f.class = ${q.class}`);
  if (q.negative === true) where.push(sql`f.class = 'negative'`);
  if (q.negative === false) where.push(sql`f.class is distinct from 'negative'`);
  if (q.stars) where.push(sql`f.rounded_stars = ${q.stars}`);
  if (q.keyword) where.push(keywordCondition(q.keyword));
  return where;
}

/** Keyset orders: by submission time (the cursor holds its microsecond text) or by S (ratings without S as −1). */
const SORTS = {
  submittedAt: {
    kind: 'timestamp' as const,
    key: sql`to_char(f.submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    column: sql`f.submitted_at`,
    cast: (v: string | number) => sql`${v}::timestamptz`,
  },
  score: {
    kind: 'number' as const,
    key: sql`coalesce(f.score, -1)`,
    column: sql`coalesce(f.score, -1)`,
    cast: (v: string | number) => sql`${v}::float8`,
  },
};

const pgArray = (v: string[] | string): string[] =>
  Array.isArray(v)
    ? v
    : v
        .replace(/^\{|\}$/g, '')
        .split(',')
        .filter(Boolean);

async function presentRows(db: DbOrTx, rows: FactRecord[]): Promise<DrillDownRating[]> {
  const engineerIds = [...new Set(rows.flatMap((r) => pgArray(r.engineer_ids)))];
  const departmentIds = [...new Set(rows.flatMap((r) => (r.department_id ? [r.department_id] : [])))];
  const names = await orgNames(db, { serviceTypeIds: [], departmentIds, employeeIds: engineerIds });
  return rows.map((r) => ({
    id: r.rating_id,
    submittedAt: new Date(r.submitted_at).toISOString(),
    workOrderId: r.work_order_id,
    workOrderNumber: r.work_order_number,
    score: r.score,
    stars: r.score === null ? null : toStars(r.score),
    roundedStars: r.rounded_stars,
    class: r.class,
    answers: r.answers,
    comment: r.comment,
    engineers: pgArray(r.engineer_ids).map((id) => ({ id, name: names.get(id) ?? null })),
    department: r.department_id ? { id: r.department_id, name: names.get(r.department_id) ?? null } : null,
    serviceTypeId: r.service_type_id,
    store: r.store,
    touchpoint: r.touchpoint,
    channel: r.channel,
    source: r.source,
    templateId: r.template_id,
    templateVersionId: r.template_version_id,
  }));
}

/**
 * The list's rows with their answers in words (`lang`), worded by the work-order page's presenter with the frozen
 * dimensions of the version each rating answered: a choice shows its options' labels, not their keys.
 */
async function withAnswerTexts(db: DbOrTx, items: DrillDownRating[], lang: Language): Promise<DrillDownItem[]> {
  const versions = await versionsByIds(db, [...new Set(items.map((item) => item.templateVersionId))]);
  const dimensionsOf = new Map(versions.map((v) => [v.id, v.dimensions]));
  return items.map((item) => ({
    ...item,
    answerTexts: answerTexts(item.answers, dimensionsOf.get(item.templateVersionId) ?? [], lang),
  }));
}

async function page(
  db: DbOrTx,
  where: SQL[],
  sort: DrillDownQuery['sort'],
  limit: number,
  cursor: string | undefined,
): Promise<{ items: DrillDownRating[]; nextCursor: string | null }> {
  const descending = sort.startsWith('-');
  const spec = SORTS[sort.replace('-', '') as keyof typeof SORTS];
  const pos = decodeCursor(cursor, spec.kind);
  const conditions = [...where];
  if (pos) {
    const op = descending ? sql`<` : sql`>`;
    conditions.push(sql`(${spec.column}, f.rating_id) ${op} (${spec.cast(pos.v)}, ${pos.id}::uuid)`);
  }
  const direction = sql.raw(descending ? 'desc' : 'asc');
  const rows = await executeRows<FactRecord>(
    db,
    sql`select f.*, ${spec.key} as page_key from ${ratingFacts} f
        where ${conditions.length ? sql.join(conditions, sql` and `) : sql`true`}
        order by ${spec.column} ${direction}, f.rating_id ${direction} limit ${limit + 1}`,
  );
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept.at(-1);
  return {
    items: await presentRows(db, kept),
    nextCursor:
      more && last
        ? encodeCursor({
            v: spec.kind === 'number' ? Number(last.page_key) : String(last.page_key),
            id: last.rating_id,
          })
        : null,
  };
}

async function whereOf(db: DbOrTx, actor: Actor, q: DrillDownFilters): Promise<SQL[]> {
  const f = await resolveFilters(db, actor, q);
  return [...factConditions(f), ...listConditions(q)];
}

/**
 * `GET /analytics/ratings`: the ratings behind a figure. The same filters select the same fact rows the figure was
 * summed from, so `total` equals the summary's `count` (or `negativeCount`, a ★ bar, a trend point's count) by
 * construction, once the processor has caught up (`asOf`).
 */
export async function listDrillDownRatings(db: Db, actor: Actor, query: DrillDownQuery): Promise<DrillDownPage> {
  const where = await whereOf(db, actor, query);
  const [asOf, [counted], rows, lang] = await Promise.all([
    processorAsOf(db, ANALYTICS_PROCESSOR),
    executeRows<{ total: string | number }>(
      db,
      sql`select count(*) as total from ${ratingFacts} f where ${where.length ? sql.join(where, sql` and `) : sql`true`}`,
    ),
    page(db, where, query.sort, query.limit, query.cursor),
    query.lang ?? getOrganisationProfile(db).then((profile) => profile.defaultLanguage),
  ]);
  return {
    asOf,
    total: Number(counted?.total ?? 0),
    items: await withAnswerTexts(db, rows.items, lang),
    nextCursor: rows.nextCursor,
  };
}

/**
 * Every matching rating in submission order, `batchSize` at a time (keyset, no OFFSET): exports stream through it
 * with bounded memory. Yields the drill-down's row objects.
 */
export async function* iterateDrillDownRatings(
  db: DbOrTx,
  actor: Actor,
  filters: DrillDownFilters,
  options: { batchSize?: number } = {},
): AsyncGenerator<DrillDownRating> {
  const batchSize = options.batchSize ?? 1000;
  const where = await whereOf(db, actor, filters);
  let cursor: string | undefined;
  for (;;) {
    const batch = await page(db, where, 'submittedAt', batchSize, cursor);
    yield* batch.items;
    if (!batch.nextCursor) return;
    cursor = batch.nextCursor;
  }
}
