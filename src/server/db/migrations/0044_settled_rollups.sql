-- Which rollups of complete past days a process may keep (src/server/modules/analytics/settled-sums.ts): the token
-- changes, in the writing transaction, whenever a rollup of a day before yesterday is written (a fact recorded late, a
-- rebuild). A standing over a year then reads only the last two days from the rollups.
CREATE TABLE "analytics_rollup_generation" (
  "id" smallint PRIMARY KEY DEFAULT 1 NOT NULL CHECK ("id" = 1),
  "token" uuid DEFAULT gen_random_uuid() NOT NULL,
  "changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
INSERT INTO "analytics_rollup_generation" ("id") VALUES (1);
--> statement-breakpoint
-- No longer read since 0042's code: an engineer's standing counts their shared ratings with its other sums.
DROP INDEX IF EXISTS "rating_facts_shared_idx";
