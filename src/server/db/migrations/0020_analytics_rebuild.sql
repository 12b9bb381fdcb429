CREATE TABLE "analytics_unrolled" (
	"kind" text NOT NULL,
	"id" uuid NOT NULL,
	"local_day" date NOT NULL,
	CONSTRAINT "analytics_unrolled_kind_id_pk" PRIMARY KEY("kind","id")
);
--> statement-breakpoint
CREATE INDEX "analytics_unrolled_day_idx" ON "analytics_unrolled" USING btree ("kind","local_day");--> statement-breakpoint
-- The rating source (customer / follow-up) becomes a rollup family: fill it from the facts already recorded, with the
-- same sums as rollup-writes.ts (day and month buckets).
INSERT INTO "rating_rollups" ("family", "member", "grain", "bucket", "count", "scored_count", "sum_s", "sum_s2",
  "satisfied", "negative", "nps_count", "promoters", "passives", "detractors", "star1", "star2", "star3", "star4", "star5")
SELECT 'source', f.source, g.grain, g.bucket,
  count(*), count(f.score), coalesce(sum(f.score), 0), coalesce(sum(f.score * f.score), 0),
  count(*) FILTER (WHERE f.class = 'satisfied'), count(*) FILTER (WHERE f.class = 'negative'),
  count(f.nps), count(*) FILTER (WHERE f.nps >= 9), count(*) FILTER (WHERE f.nps BETWEEN 7 AND 8),
  count(*) FILTER (WHERE f.nps <= 6),
  count(*) FILTER (WHERE f.rounded_stars = 1), count(*) FILTER (WHERE f.rounded_stars = 2),
  count(*) FILTER (WHERE f.rounded_stars = 3), count(*) FILTER (WHERE f.rounded_stars = 4),
  count(*) FILTER (WHERE f.rounded_stars = 5)
FROM "rating_facts" f
CROSS JOIN LATERAL (VALUES ('day', f.local_day), ('month', f.local_day - (extract(day FROM f.local_day)::int - 1))) AS g(grain, bucket)
GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO "rating_dimension_rollups" ("family", "member", "grain", "bucket", "dim_key", "count", "sum_n", "sum_n2",
  "n_y_count", "sum_y", "sum_y2", "sum_ny")
SELECT 'source', f.source, g.grain, g.bucket, d.key,
  count(*), sum(d.n), sum(d.n * d.n), count(d.y), coalesce(sum(d.y), 0), coalesce(sum(d.y * d.y), 0),
  coalesce(sum(d.n * d.y), 0)
FROM "rating_facts" f
CROSS JOIN LATERAL (
  SELECT e.key, (e.value #>> '{}')::float8 AS n, (f.outcomes ->> e.key)::float8 AS y
  FROM jsonb_each(f.normalised) e WHERE jsonb_typeof(e.value) = 'number'
) d
CROSS JOIN LATERAL (VALUES ('day', f.local_day), ('month', f.local_day - (extract(day FROM f.local_day)::int - 1))) AS g(grain, bucket)
GROUP BY 1, 2, 3, 4, 5;
