ALTER TABLE "message_templates" ADD COLUMN "purpose" text DEFAULT 'invitation' NOT NULL;--> statement-breakpoint
ALTER TABLE "message_templates" DROP CONSTRAINT "message_templates_channel_lang_pk";--> statement-breakpoint
ALTER TABLE "message_templates" ADD CONSTRAINT "message_templates_purpose_channel_lang_pk" PRIMARY KEY("purpose","channel","lang");
