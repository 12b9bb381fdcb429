CREATE TABLE "alert_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"priority" integer NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"condition" jsonb NOT NULL,
	"severity" text NOT NULL,
	"open_case" boolean DEFAULT false NOT NULL,
	"sla_policy_id" uuid,
	"notify" jsonb NOT NULL,
	"stop_after_match" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule_id" uuid,
	"rule_name" text NOT NULL,
	"rating_id" uuid NOT NULL,
	"work_order_id" uuid NOT NULL,
	"severity" text NOT NULL,
	"case_id" uuid,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"notify" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_sla_policy_id_sla_policies_id_fk" FOREIGN KEY ("sla_policy_id") REFERENCES "public"."sla_policies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_rule_id_alert_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."alert_rules"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_rating_id_ratings_id_fk" FOREIGN KEY ("rating_id") REFERENCES "public"."ratings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_case_id_remediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."remediation_cases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_rules_priority_idx" ON "alert_rules" USING btree ("priority","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_rule_rating_uq" ON "alerts" USING btree ("rule_id","rating_id");--> statement-breakpoint
CREATE INDEX "alerts_created_idx" ON "alerts" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "alerts_rating_idx" ON "alerts" USING btree ("rating_id");--> statement-breakpoint
CREATE INDEX "alerts_work_order_idx" ON "alerts" USING btree ("work_order_id");--> statement-breakpoint
-- The default alert rule (SCORING.md §4): a negative rating (S < 37.5, the "1–2 stars") opens a case for the
-- responsible manager. Editable and removable in Settings → Closed loop.
INSERT INTO "alert_rules" ("name", "priority", "enabled", "condition", "severity", "open_case", "notify") VALUES
  ('差评（1–2 星）', 1, true,
   '{"combinator":"and","rules":[{"field":"rating.class","operator":"=","value":"negative"}]}'::jsonb,
   'high', true, '{"responsibleManager":true,"managementChain":false,"employeeIds":[]}'::jsonb);
