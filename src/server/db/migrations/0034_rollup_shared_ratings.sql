-- Issue 18: the rankings mark each engineer's shared ratings. Counting them from the facts on every request cost
-- 210 ms p50 over a year at 1 M ratings even index-only (BENCHMARKS.md "Analytics II reports"): the engineer rollup
-- now keeps the count, written with the other sums. `shared` is the ratings of the bucket that credit another engineer
-- too (cardinality(engineer_ids) > 1), for the engineer family; 0 in the other families.
ALTER TABLE "rating_rollups" ADD COLUMN "shared" bigint DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- The rolled-up facts' counts (a fact still listed in analytics_unrolled is counted when it is rolled up).
UPDATE "rating_rollups" r SET "shared" = s.n
  FROM (
    SELECT e.member, g.grain, g.bucket, count(*) AS n
      FROM "rating_facts" f
      CROSS JOIN LATERAL (SELECT DISTINCT unnest(f.engineer_ids)::text AS member) e
      CROSS JOIN LATERAL (VALUES ('day', f.local_day), ('month', f.local_day - (extract(day from f.local_day)::int - 1)))
        AS g(grain, bucket)
     WHERE cardinality(f.engineer_ids) > 1
       AND NOT EXISTS (SELECT 1 FROM "analytics_unrolled" u WHERE u.kind = 'rating' AND u.id = f.rating_id)
     GROUP BY 1, 2, 3
  ) s
 WHERE r.family = 'engineer' AND r.member = s.member AND r.grain = s.grain AND r.bucket = s.bucket;
