-- Issue 21, privacy: retention and per-contact erase. A template may keep free text (text answers, comments) for
-- fewer or more days than the organisation's default (null: the default). Work orders and invitations remember when
-- their contact data were redacted, ratings when their free text was: the nightly job selects only rows not done yet
-- (resumable, idempotent), through partial indexes that shrink as rows are done.
ALTER TABLE "rating_templates" ADD COLUMN "free_text_retention_days" integer;
--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "contact_redacted_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "contact_redacted_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "ratings" ADD COLUMN "text_redacted_at" timestamp with time zone;
--> statement-breakpoint
CREATE INDEX "work_orders_contact_retention_idx" ON "work_orders" USING btree ("updated_at") WHERE "contact_redacted_at" IS NULL;
--> statement-breakpoint
CREATE INDEX "ratings_text_retention_idx" ON "ratings" USING btree ("template_version_id", "submitted_at") WHERE "text_redacted_at" IS NULL;
