-- Hand-edited: UNLOGGED (drizzle-kit cannot express it). Rate-limit counters need no durability; a crash only
-- empties the table, which resets the windows. See src/server/db/schema/rate-limits.ts.
CREATE UNLOGGED TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"hits" integer NOT NULL,
	"reset_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "rate_limits_reset_idx" ON "rate_limits" USING btree ("reset_at");
