-- Issue 18: rankings, member pages and the drift watch read every engineer's rollup over a period, the store
-- ranking every store's. Whole months were month rows, but the rest of a period was day rows: 31 rows per engineer for
-- the last 31 days, up to 60 for a year, 182 for the drift watch's 26 weeks (BENCHMARKS.md "Analytics II reports").
-- `rating_rollups` and `store_touchpoint_rollups` now also keep Monday-week rows (grain 'week', bucket = the Monday),
-- written with the day and month rows; the reads take the whole weeks inside a partial month, and the drift watch
-- whole weeks. Backfilled from the day rows, which a week row is the sum of. And a `department_engineer` family
-- (below).
INSERT INTO "rating_rollups" ("family", "member", "grain", "bucket", "count", "scored_count", "sum_s", "sum_s2",
  "satisfied", "negative", "nps_count", "promoters", "passives", "detractors", "star1", "star2", "star3", "star4",
  "star5", "shared")
SELECT "family", "member", 'week', "bucket" - (extract(isodow from "bucket")::int - 1), sum("count"),
  sum("scored_count"), sum("sum_s"), sum("sum_s2"), sum("satisfied"), sum("negative"), sum("nps_count"),
  sum("promoters"), sum("passives"), sum("detractors"), sum("star1"), sum("star2"), sum("star3"), sum("star4"),
  sum("star5"), sum("shared")
  FROM "rating_rollups"
 WHERE "grain" = 'day'
 GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
-- The store rollups too (the store ranking and page read every store over a period). A week row's weights are
-- relative to its own reference r = its Monday at 00:00 UTC: a day row's Σ 2^((t − r_day)/H) times
-- 2^((r_day − r_week)/H), with H = 30 days (HALF_LIFE_DAYS; changing it needs a rebuild anyway).
INSERT INTO "store_touchpoint_rollups" ("family", "member", "store", "touchpoint", "grain", "bucket", "count",
  "scored_count", "sum_s", "sum_w", "sum_ws")
SELECT "family", "member", "store", "touchpoint", 'week', "bucket" - (extract(isodow from "bucket")::int - 1),
  sum("count"), sum("scored_count"), sum("sum_s"),
  sum("sum_w" * power(2::float8, (extract(isodow from "bucket")::int - 1)::float8 / 30)),
  sum("sum_ws" * power(2::float8, (extract(isodow from "bucket")::int - 1)::float8 / 30))
  FROM "store_touchpoint_rollups"
 WHERE "grain" = 'day'
 GROUP BY 1, 2, 3, 4, 5, 6;
--> statement-breakpoint
-- The `department_engineer` family: an engineer's ratings within one department (member '<department>:<engineer>'),
-- so that the engineers of a department subtree are ranked from a few rollup rows each instead of every fact of the
-- subtree (a region over a year: 312 ms p50 at 1 M). From the rolled-up facts (a fact still listed in
-- analytics_unrolled is counted when it is rolled up), in the same three grains.
INSERT INTO "rating_rollups" ("family", "member", "grain", "bucket", "count", "scored_count", "sum_s", "sum_s2",
  "satisfied", "negative", "nps_count", "promoters", "passives", "detractors", "star1", "star2", "star3", "star4",
  "star5", "shared")
SELECT 'department_engineer', f.department_id::text || ':' || e.engineer::text, g.grain, g.bucket,
  count(*), count(f.score), coalesce(sum(f.score), 0), coalesce(sum(f.score * f.score), 0),
  count(*) FILTER (WHERE f.class = 'satisfied'), count(*) FILTER (WHERE f.class = 'negative'),
  count(f.nps), count(*) FILTER (WHERE f.nps >= 9), count(*) FILTER (WHERE f.nps BETWEEN 7 AND 8),
  count(*) FILTER (WHERE f.nps <= 6),
  count(*) FILTER (WHERE f.rounded_stars = 1), count(*) FILTER (WHERE f.rounded_stars = 2),
  count(*) FILTER (WHERE f.rounded_stars = 3), count(*) FILTER (WHERE f.rounded_stars = 4),
  count(*) FILTER (WHERE f.rounded_stars = 5),
  count(*) FILTER (WHERE cardinality(f.engineer_ids) > 1)
  FROM "rating_facts" f
  CROSS JOIN LATERAL (SELECT DISTINCT unnest(f.engineer_ids) AS engineer) e
  CROSS JOIN LATERAL (VALUES ('day', f.local_day),
    ('week', f.local_day - (extract(isodow from f.local_day)::int - 1)),
    ('month', f.local_day - (extract(day from f.local_day)::int - 1))) AS g(grain, bucket)
 WHERE f.department_id IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM "analytics_unrolled" u WHERE u.kind = 'rating' AND u.id = f.rating_id)
 GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
-- A department set's pairs: without it, the read filtered every pair row of the period (a region over a year:
-- 539 ms p50 at 1 M, worse than the facts).
CREATE INDEX "rating_rollups_department_engineer_idx" ON "rating_rollups" ("grain", split_part("member", ':', 1), "bucket")
  WHERE "family" = 'department_engineer';
