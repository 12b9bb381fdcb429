CREATE TABLE "ratings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invitation_id" uuid,
	"work_order_id" uuid NOT NULL,
	"template_version_id" uuid NOT NULL,
	"source" text NOT NULL,
	"agent_id" uuid,
	"answers" jsonb NOT NULL,
	"normalised" jsonb NOT NULL,
	"score" double precision,
	"stars" double precision,
	"rounded_stars" smallint,
	"class" text,
	"idempotency_key" text,
	"language" text NOT NULL,
	"contact_requested" boolean DEFAULT false NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_invitation_id_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."invitations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_template_version_id_rating_template_versions_id_fk" FOREIGN KEY ("template_version_id") REFERENCES "public"."rating_template_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ratings_invitation_key_uq" ON "ratings" USING btree ("invitation_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "ratings_submitted_idx" ON "ratings" USING btree ("submitted_at","id");--> statement-breakpoint
CREATE INDEX "ratings_work_order_idx" ON "ratings" USING btree ("work_order_id","submitted_at");--> statement-breakpoint
CREATE INDEX "ratings_invitation_idx" ON "ratings" USING btree ("invitation_id","submitted_at");