CREATE TABLE "invitation_facts" (
	"invitation_id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"local_day" date NOT NULL,
	"source" text NOT NULL,
	"channel" text,
	"template_id" uuid,
	"service_type_id" uuid,
	"department_id" uuid,
	"engineer_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"store" text,
	"touchpoint" text,
	"delivered" boolean DEFAULT false NOT NULL,
	"opened" boolean DEFAULT false NOT NULL,
	"responded" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invitation_funnel_rollups" (
	"family" text NOT NULL,
	"member" text NOT NULL,
	"grain" text NOT NULL,
	"bucket" date NOT NULL,
	"channel" text NOT NULL,
	"created" bigint DEFAULT 0 NOT NULL,
	"delivered" bigint DEFAULT 0 NOT NULL,
	"opened" bigint DEFAULT 0 NOT NULL,
	"responded" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "invitation_funnel_rollups_family_grain_member_bucket_channel_pk" PRIMARY KEY("family","grain","member","bucket","channel")
);
--> statement-breakpoint
CREATE TABLE "rating_dimension_rollups" (
	"family" text NOT NULL,
	"member" text NOT NULL,
	"grain" text NOT NULL,
	"bucket" date NOT NULL,
	"dim_key" text NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	"sum_n" double precision DEFAULT 0 NOT NULL,
	"sum_n2" double precision DEFAULT 0 NOT NULL,
	"n_y_count" bigint DEFAULT 0 NOT NULL,
	"sum_y" double precision DEFAULT 0 NOT NULL,
	"sum_y2" double precision DEFAULT 0 NOT NULL,
	"sum_ny" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "rating_dimension_rollups_family_grain_member_bucket_dim_key_pk" PRIMARY KEY("family","grain","member","bucket","dim_key")
);
--> statement-breakpoint
CREATE TABLE "rating_facts" (
	"rating_id" uuid PRIMARY KEY NOT NULL,
	"work_order_id" uuid NOT NULL,
	"work_order_number" text NOT NULL,
	"invitation_id" uuid,
	"submitted_at" timestamp with time zone NOT NULL,
	"local_day" date NOT NULL,
	"source" text NOT NULL,
	"channel" text,
	"template_id" uuid NOT NULL,
	"template_version_id" uuid NOT NULL,
	"service_type_id" uuid,
	"department_id" uuid,
	"engineer_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"store" text,
	"touchpoint" text,
	"score" double precision,
	"class" text,
	"rounded_stars" smallint,
	"nps" smallint,
	"answers" jsonb NOT NULL,
	"comment" text,
	"normalised" jsonb NOT NULL,
	"outcomes" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rating_rollups" (
	"family" text NOT NULL,
	"member" text NOT NULL,
	"grain" text NOT NULL,
	"bucket" date NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	"scored_count" bigint DEFAULT 0 NOT NULL,
	"sum_s" double precision DEFAULT 0 NOT NULL,
	"sum_s2" double precision DEFAULT 0 NOT NULL,
	"satisfied" bigint DEFAULT 0 NOT NULL,
	"negative" bigint DEFAULT 0 NOT NULL,
	"nps_count" bigint DEFAULT 0 NOT NULL,
	"promoters" bigint DEFAULT 0 NOT NULL,
	"passives" bigint DEFAULT 0 NOT NULL,
	"detractors" bigint DEFAULT 0 NOT NULL,
	"star1" bigint DEFAULT 0 NOT NULL,
	"star2" bigint DEFAULT 0 NOT NULL,
	"star3" bigint DEFAULT 0 NOT NULL,
	"star4" bigint DEFAULT 0 NOT NULL,
	"star5" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "rating_rollups_family_grain_member_bucket_pk" PRIMARY KEY("family","grain","member","bucket")
);
--> statement-breakpoint
CREATE INDEX "invitation_facts_created_idx" ON "invitation_facts" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "rating_facts_submitted_idx" ON "rating_facts" USING btree ("submitted_at","rating_id");--> statement-breakpoint
CREATE INDEX "rating_facts_engineers_idx" ON "rating_facts" USING gin ("engineer_ids");--> statement-breakpoint
CREATE INDEX "rating_facts_department_idx" ON "rating_facts" USING btree ("department_id","submitted_at");--> statement-breakpoint
CREATE INDEX "rating_facts_store_idx" ON "rating_facts" USING btree ("store","submitted_at");--> statement-breakpoint
CREATE INDEX "rating_facts_service_type_idx" ON "rating_facts" USING btree ("service_type_id","submitted_at");--> statement-breakpoint
CREATE INDEX "rating_facts_score_idx" ON "rating_facts" USING btree ("score","rating_id");