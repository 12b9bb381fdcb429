-- Issue 18: key drivers (SCORING.md §8) read Pearson r from the dimension rollup, which needs Σ n and Σ n² over the
-- answers that also have an outcome y (the pairs), not only over every answer: with an optional outcome question
-- (the default template's "would recommend", with its unscored "Not sure") most buckets mix both.
ALTER TABLE "rating_dimension_rollups" ADD COLUMN "pair_sum_n" double precision DEFAULT 0 NOT NULL,
  ADD COLUMN "pair_sum_n2" double precision DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- Backfill, exact (the facts are never deleted without their rollups). A row whose answers all had an outcome: the
-- pairs' sums are the row's; none had: 0, the default.
UPDATE "rating_dimension_rollups" SET "pair_sum_n" = "sum_n", "pair_sum_n2" = "sum_n2" WHERE "n_y_count" = "count";
--> statement-breakpoint
-- Day rows mixing both: from the facts, with the same members, (n, y) pairs and sums as rollup-writes.ts. A member's
-- day row mixes only where the organisation's row of that day does, so only those days' facts are read; facts a
-- rebuild has listed but not rolled up yet (`analytics_unrolled`) are not in the rollups and stay out.
UPDATE "rating_dimension_rollups" t SET "pair_sum_n" = s.pair_sum_n, "pair_sum_n2" = s.pair_sum_n2
FROM (
  SELECT m.family, m.member, f.local_day AS bucket, d.key AS dim_key,
    coalesce(sum(d.n) FILTER (WHERE d.y IS NOT NULL), 0) AS pair_sum_n,
    coalesce(sum(d.n * d.n) FILTER (WHERE d.y IS NOT NULL), 0) AS pair_sum_n2
  FROM "rating_facts" f
  CROSS JOIN LATERAL (
    SELECT e.key, (e.value #>> '{}')::float8 AS n, (f.outcomes ->> e.key)::float8 AS y
    FROM jsonb_each(f.normalised) e WHERE jsonb_typeof(e.value) = 'number'
  ) d
  CROSS JOIN LATERAL (
    SELECT 'organisation'::text AS family, ''::text AS member
    UNION ALL SELECT 'department', f.department_id::text WHERE f.department_id IS NOT NULL
    UNION ALL SELECT 'engineer', e::text FROM (SELECT DISTINCT unnest(f.engineer_ids) AS e) engineers
    UNION ALL SELECT 'service_type', f.service_type_id::text WHERE f.service_type_id IS NOT NULL
    UNION ALL SELECT 'channel', f.channel WHERE f.channel IS NOT NULL
    UNION ALL SELECT 'store', f.store WHERE f.store IS NOT NULL
    UNION ALL SELECT 'touchpoint', f.touchpoint WHERE f.touchpoint IS NOT NULL
    UNION ALL SELECT 'template', f.template_id::text WHERE f.template_id IS NOT NULL
    UNION ALL SELECT 'source', f.source
  ) m
  WHERE f.local_day IN (
      SELECT o.bucket FROM "rating_dimension_rollups" o
      WHERE o.family = 'organisation' AND o.grain = 'day' AND o.n_y_count <> o.count AND o.n_y_count <> 0)
    AND NOT EXISTS (SELECT 1 FROM "analytics_unrolled" u WHERE u.kind = 'rating' AND u.id = f.rating_id)
  GROUP BY 1, 2, 3, 4
) s
WHERE t.grain = 'day' AND t.n_y_count <> t.count AND t.n_y_count <> 0
  AND t.family = s.family AND t.member = s.member AND t.bucket = s.bucket AND t.dim_key = s.dim_key;
--> statement-breakpoint
-- Month rows mixing both (their days may not): a month row is the sum of its day rows.
UPDATE "rating_dimension_rollups" t SET "pair_sum_n" = s.pair_sum_n, "pair_sum_n2" = s.pair_sum_n2
FROM (
  SELECT family, member, bucket - (extract(day FROM bucket)::int - 1) AS month, dim_key,
    sum(pair_sum_n) AS pair_sum_n, sum(pair_sum_n2) AS pair_sum_n2
  FROM "rating_dimension_rollups" WHERE grain = 'day'
  GROUP BY 1, 2, 3, 4
) s
WHERE t.grain = 'month' AND t.n_y_count <> t.count AND t.n_y_count <> 0
  AND t.family = s.family AND t.member = s.member AND t.bucket = s.month AND t.dim_key = s.dim_key;
