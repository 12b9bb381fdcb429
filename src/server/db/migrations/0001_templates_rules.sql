CREATE TABLE "rating_defaults" (
	"service_type_id" uuid PRIMARY KEY NOT NULL,
	"template_id" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rating_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"priority" integer NOT NULL,
	"conditions" jsonb NOT NULL,
	"template_id" uuid NOT NULL,
	"channels" text[] DEFAULT '{}'::text[] NOT NULL,
	"delivery_policy" text DEFAULT 'priority_chain' NOT NULL,
	"mandatory" boolean DEFAULT false NOT NULL,
	"timeout_hours" integer,
	"submission_limit" integer DEFAULT 1 NOT NULL,
	"link_expiry_days" integer DEFAULT 14 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rating_template_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"template_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"layout" text DEFAULT 'vertical' NOT NULL,
	"weighting" boolean DEFAULT false NOT NULL,
	"dimensions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"published_by_name" text
);
--> statement-breakpoint
CREATE TABLE "rating_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"service_type_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"record_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rating_defaults" ADD CONSTRAINT "rating_defaults_service_type_id_service_types_id_fk" FOREIGN KEY ("service_type_id") REFERENCES "public"."service_types"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_defaults" ADD CONSTRAINT "rating_defaults_template_id_rating_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."rating_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_rules" ADD CONSTRAINT "rating_rules_template_id_rating_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."rating_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_template_versions" ADD CONSTRAINT "rating_template_versions_template_id_rating_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."rating_templates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rating_rules_priority_idx" ON "rating_rules" USING btree ("priority","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "rating_template_versions_number_uq" ON "rating_template_versions" USING btree ("template_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "rating_template_versions_draft_uq" ON "rating_template_versions" USING btree ("template_id") WHERE "rating_template_versions"."status" = 'draft';--> statement-breakpoint
CREATE UNIQUE INDEX "rating_templates_default_uq" ON "rating_templates" USING btree ("is_default") WHERE "rating_templates"."is_default";--> statement-breakpoint
CREATE INDEX "rating_templates_name_idx" ON "rating_templates" USING btree ("name","id");