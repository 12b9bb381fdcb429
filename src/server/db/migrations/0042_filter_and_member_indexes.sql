-- Issues 16 and 18, measured at 10 M ratings (BENCHMARKS.md "PostgreSQL, 10,000,000 ratings" and "At 10,000,000
-- ratings").
--
-- Filter combinations no rollup answers are summed from the facts. The invitation facts (the response rate, the
-- funnel) were indexed by creation time only, so any combination over 31 days read every invitation of the period
-- (about 520,000) and filtered it: ~1 s for a summary whatever the filters. They get the rating facts' filter
-- indexes; and both get one on the channel, a dashboard filter that had none.
CREATE INDEX IF NOT EXISTS "invitation_facts_department_idx" ON "invitation_facts" USING btree ("department_id","created_at");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "invitation_facts_store_idx" ON "invitation_facts" USING btree ("store","created_at");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "invitation_facts_service_type_idx" ON "invitation_facts" USING btree ("service_type_id","created_at");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "invitation_facts_channel_idx" ON "invitation_facts" USING btree ("channel","created_at");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "invitation_facts_engineers_idx" ON "invitation_facts" USING gin ("engineer_ids");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "rating_facts_channel_idx" ON "rating_facts" USING btree ("channel","submitted_at");
--> statement-breakpoint
-- Every engineer over a period (the engineer ranking, an engineer's page — which ranks them among all — and the
-- drift watch) read each engineer's rollup rows from the heap: 2,000 engineers × ~10 rows for 31 days, scattered
-- over a table of every family's rows (172 ms p50 for the ranking at 10 M). With the columns a standing and the drift
-- watch read included, the rows of a bucket are read together from the index (index-only). The price: a rollup update
-- changes an included column, so it is no longer a HOT update (BENCHMARKS.md "What the rollup writes cost").
DROP INDEX IF EXISTS "rating_rollups_bucket_idx";
--> statement-breakpoint
CREATE INDEX "rating_rollups_bucket_idx" ON "rating_rollups" USING btree ("family","grain","bucket")
  INCLUDE ("member","count","scored_count","sum_s","sum_s2","negative","shared");
--> statement-breakpoint
DROP INDEX IF EXISTS "rating_rollups_department_engineer_idx";
--> statement-breakpoint
CREATE INDEX "rating_rollups_department_engineer_idx" ON "rating_rollups" ("grain", split_part("member", ':', 1), "bucket")
  INCLUDE ("member","count","scored_count","sum_s","sum_s2","negative","shared")
  WHERE "family" = 'department_engineer';
