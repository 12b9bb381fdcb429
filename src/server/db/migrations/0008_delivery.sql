CREATE TABLE "contact_opt_outs" (
	"contact_key" text NOT NULL,
	"channel" text NOT NULL,
	"source" text NOT NULL,
	"invitation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_opt_outs_contact_key_channel_pk" PRIMARY KEY("contact_key","channel")
);
--> statement-breakpoint
CREATE TABLE "delivery_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invitation_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"config_id" uuid,
	"provider" text,
	"round" integer DEFAULT 0 NOT NULL,
	"attempt_no" integer NOT NULL,
	"status" text NOT NULL,
	"error_kind" text,
	"error_code" text,
	"detail" text,
	"retry_after_seconds" integer,
	"provider_message_id" text,
	"provider_response" jsonb,
	"receipt_status" text,
	"receipt_error_code" text,
	"receipt_at" timestamp with time zone,
	"job_id" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"duration_ms" integer,
	"idempotency_key" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invitation_deliveries" (
	"invitation_id" uuid PRIMARY KEY NOT NULL,
	"delivered_channel" text,
	"failure_reason" text,
	"last_sent_at" timestamp with time zone,
	"reminder_count" integer DEFAULT 0 NOT NULL,
	"last_reminder_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_invitation_id_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."invitations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation_deliveries" ADD CONSTRAINT "invitation_deliveries_invitation_id_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."invitations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_attempts_key_uq" ON "delivery_attempts" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "delivery_attempts_invitation_idx" ON "delivery_attempts" USING btree ("invitation_id","channel","attempt_no");--> statement-breakpoint
CREATE INDEX "delivery_attempts_provider_msg_idx" ON "delivery_attempts" USING btree ("provider_message_id");--> statement-breakpoint
CREATE INDEX "invitation_deliveries_last_sent_idx" ON "invitation_deliveries" USING btree ("last_sent_at");