CREATE TABLE "touchpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name_en" text NOT NULL,
	"name_zh" text NOT NULL,
	"weight" double precision DEFAULT 1 NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "touchpoints_weight_positive" CHECK ("touchpoints"."weight" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "touchpoints_key_uq" ON "touchpoints" USING btree ("key");--> statement-breakpoint
CREATE TABLE "store_touchpoint_rollups" (
	"family" text NOT NULL,
	"member" text NOT NULL,
	"store" text NOT NULL,
	"touchpoint" text NOT NULL,
	"grain" text NOT NULL,
	"bucket" date NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	"scored_count" bigint DEFAULT 0 NOT NULL,
	"sum_s" double precision DEFAULT 0 NOT NULL,
	"sum_w" double precision DEFAULT 0 NOT NULL,
	"sum_ws" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "store_touchpoint_rollups_pk" PRIMARY KEY("family","grain","bucket","member","store","touchpoint")
);
--> statement-breakpoint
CREATE INDEX "store_touchpoint_rollups_store_idx" ON "store_touchpoint_rollups" USING btree ("store","family","grain","bucket");--> statement-breakpoint
-- Backfill from the facts already recorded (the same expressions as analytics/store-rollups.ts): each scored rating
-- weighs 2^((t - bucket start as UTC midnight) / 30 days) in its day and its month bucket, for the whole
-- organisation (family 'all'), its department and its service type.
INSERT INTO "store_touchpoint_rollups" ("family", "member", "store", "touchpoint", "grain", "bucket",
	"count", "scored_count", "sum_s", "sum_w", "sum_ws")
SELECT m.family, m.member, f.store, coalesce(f.touchpoint, ''), g.grain, g.bucket, count(*), count(f.score),
	coalesce(sum(f.score), 0), coalesce(sum(w.w) FILTER (WHERE f.score IS NOT NULL), 0), coalesce(sum(w.w * f.score), 0)
FROM "rating_facts" f
CROSS JOIN LATERAL (
	SELECT 'all'::text AS family, ''::text AS member
	UNION ALL SELECT 'department', f.department_id::text WHERE f.department_id IS NOT NULL
	UNION ALL SELECT 'service_type', f.service_type_id::text WHERE f.service_type_id IS NOT NULL
) m
CROSS JOIN LATERAL (VALUES ('day', f.local_day), ('month', f.local_day - (extract(day FROM f.local_day)::int - 1))) AS g(grain, bucket)
CROSS JOIN LATERAL (SELECT power(2::float8, (extract(epoch FROM f.submitted_at)::float8
	- (g.bucket - date '1970-01-01')::float8 * 86400) / (86400 * 30)) AS w) w
WHERE f.store IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6;
