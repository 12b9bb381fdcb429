-- Issue 18: the report reads that every member of a family takes (measured on bench/dashboard, BENCHMARKS.md).
--
-- Rankings, the member pages' standings and the drift watch read every member of a rollup family over a period. The
-- primary key (family, grain, member, bucket) puts the member before the bucket, so those reads walked every bucket
-- of every member of the family (all 730 days of every engineer for a year's edge days); this reads only the period.
CREATE INDEX "rating_rollups_bucket_idx" ON "rating_rollups" USING btree ("family","grain","bucket");
--> statement-breakpoint
-- A ranking of the engineers within a department, and any sum with a department and another filter, aggregates the
-- facts of the department's subtree: with the few columns those sums read included, it is an index-only scan
-- (facts are written once; autovacuum marks their pages all-visible) instead of one heap page per fact.
DROP INDEX IF EXISTS "rating_facts_department_idx";
--> statement-breakpoint
CREATE INDEX "rating_facts_department_idx" ON "rating_facts" USING btree ("department_id","submitted_at")
  INCLUDE ("engineer_ids","score","class","nps","rounded_stars");
--> statement-breakpoint
-- The shared ratings per engineer (rankings): the same, for the partial index of 0030.
DROP INDEX IF EXISTS "rating_facts_shared_idx";
--> statement-breakpoint
CREATE INDEX "rating_facts_shared_idx" ON "rating_facts" USING btree ("submitted_at")
  INCLUDE ("engineer_ids","department_id") WHERE cardinality("engineer_ids") > 1;
