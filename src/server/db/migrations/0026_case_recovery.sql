-- Recovery (issue 17 §6): a resolved case may re-invite its customer; the re-survey's invitation and, once rated,
-- its rating are linked to the case, with whether the customer recovered (the re-rating is scored and not negative).
ALTER TABLE "remediation_cases" ADD COLUMN "recovery_invitation_id" uuid;--> statement-breakpoint
ALTER TABLE "remediation_cases" ADD COLUMN "reinvited_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "remediation_cases" ADD COLUMN "recovery_rating_id" uuid;--> statement-breakpoint
ALTER TABLE "remediation_cases" ADD COLUMN "recovered" boolean;--> statement-breakpoint
ALTER TABLE "remediation_cases" ADD CONSTRAINT "remediation_cases_recovery_invitation_id_invitations_id_fk" FOREIGN KEY ("recovery_invitation_id") REFERENCES "public"."invitations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remediation_cases" ADD CONSTRAINT "remediation_cases_recovery_rating_id_ratings_id_fk" FOREIGN KEY ("recovery_rating_id") REFERENCES "public"."ratings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "remediation_cases_recovery_invitation_uq" ON "remediation_cases" USING btree ("recovery_invitation_id") WHERE "remediation_cases"."recovery_invitation_id" is not null;
