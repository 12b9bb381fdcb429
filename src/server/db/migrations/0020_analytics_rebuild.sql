CREATE TABLE "analytics_unrolled" (
	"kind" text NOT NULL,
	"id" uuid NOT NULL,
	"local_day" date NOT NULL,
	CONSTRAINT "analytics_unrolled_kind_id_pk" PRIMARY KEY("kind","id")
);
--> statement-breakpoint
CREATE INDEX "analytics_unrolled_day_idx" ON "analytics_unrolled" USING btree ("kind","local_day");