-- SLA timers of remediation cases (issue 17): each case also stores when each target warns, and every warning and
-- breach that fired is one row — the once-guard several workers and the repair sweep insert into (the winner acts).
ALTER TABLE "remediation_cases" ADD COLUMN "first_contact_warn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "remediation_cases" ADD COLUMN "resolution_warn_at" timestamp with time zone;--> statement-breakpoint
CREATE TABLE "case_sla_events" (
	"case_id" uuid NOT NULL,
	"target" text NOT NULL,
	"kind" text NOT NULL,
	"target_minutes" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"fired_at" timestamp with time zone NOT NULL,
	CONSTRAINT "case_sla_events_case_id_target_kind_target_minutes_pk" PRIMARY KEY("case_id","target","kind","target_minutes")
);
--> statement-breakpoint
ALTER TABLE "case_sla_events" ADD CONSTRAINT "case_sla_events_case_id_remediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."remediation_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "remediation_cases_first_contact_due_idx" ON "remediation_cases" USING btree ("first_contact_due_at") WHERE "remediation_cases"."first_contact_due_at" is not null;--> statement-breakpoint
CREATE INDEX "remediation_cases_resolution_due_idx" ON "remediation_cases" USING btree ("resolution_due_at") WHERE "remediation_cases"."resolution_due_at" is not null;--> statement-breakpoint
CREATE INDEX "remediation_cases_first_contact_warn_idx" ON "remediation_cases" USING btree ("first_contact_warn_at") WHERE "remediation_cases"."first_contact_warn_at" is not null;--> statement-breakpoint
CREATE INDEX "remediation_cases_resolution_warn_idx" ON "remediation_cases" USING btree ("resolution_warn_at") WHERE "remediation_cases"."resolution_warn_at" is not null;
