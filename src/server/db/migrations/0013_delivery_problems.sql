CREATE TABLE "delivery_problem_notices" (
	"problem_id" uuid NOT NULL,
	"generation" integer NOT NULL,
	"recipient" text NOT NULL,
	"status" text NOT NULL,
	"error_code" text,
	"config_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "delivery_problem_notices_problem_id_generation_recipient_pk" PRIMARY KEY("problem_id","generation","recipient")
);
--> statement-breakpoint
CREATE TABLE "delivery_problems" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cause" text NOT NULL,
	"channel" text NOT NULL,
	"kind" text NOT NULL,
	"code" text NOT NULL,
	"detail" text,
	"last_invitation_id" uuid,
	"count" integer DEFAULT 1 NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text,
	"generation" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "delivery_problem_notices" ADD CONSTRAINT "delivery_problem_notices_problem_id_delivery_problems_id_fk" FOREIGN KEY ("problem_id") REFERENCES "public"."delivery_problems"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_problems_cause_uq" ON "delivery_problems" USING btree ("cause");--> statement-breakpoint
CREATE INDEX "delivery_problems_open_idx" ON "delivery_problems" USING btree ("acknowledged_at");