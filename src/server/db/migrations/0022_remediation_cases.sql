CREATE TABLE "case_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"text" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_root_causes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"label_zh" text NOT NULL,
	"label_en" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "case_root_causes_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "remediation_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigint GENERATED ALWAYS AS IDENTITY (sequence name "remediation_cases_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"rating_id" uuid,
	"work_order_id" uuid NOT NULL,
	"department_id" uuid,
	"owner_id" uuid,
	"severity" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"summary" text,
	"policy_id" uuid,
	"first_contact_minutes" integer NOT NULL,
	"resolution_minutes" integer NOT NULL,
	"used_ms" bigint DEFAULT 0 NOT NULL,
	"running_since" timestamp with time zone,
	"first_contact_due_at" timestamp with time zone,
	"resolution_due_at" timestamp with time zone,
	"first_contacted_at" timestamp with time zone,
	"first_contact_used_ms" bigint,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"escalation_level" integer DEFAULT 0 NOT NULL,
	"root_cause_id" uuid,
	"corrective_action" text,
	"opened_by_type" text NOT NULL,
	"opened_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_entries" ADD CONSTRAINT "case_entries_case_id_remediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."remediation_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remediation_cases" ADD CONSTRAINT "remediation_cases_rating_id_ratings_id_fk" FOREIGN KEY ("rating_id") REFERENCES "public"."ratings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remediation_cases" ADD CONSTRAINT "remediation_cases_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remediation_cases" ADD CONSTRAINT "remediation_cases_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remediation_cases" ADD CONSTRAINT "remediation_cases_owner_id_employees_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remediation_cases" ADD CONSTRAINT "remediation_cases_policy_id_sla_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."sla_policies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remediation_cases" ADD CONSTRAINT "remediation_cases_root_cause_id_case_root_causes_id_fk" FOREIGN KEY ("root_cause_id") REFERENCES "public"."case_root_causes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_entries_case_idx" ON "case_entries" USING btree ("case_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "remediation_cases_rating_uq" ON "remediation_cases" USING btree ("rating_id") WHERE "remediation_cases"."rating_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "remediation_cases_number_uq" ON "remediation_cases" USING btree ("number");--> statement-breakpoint
CREATE INDEX "remediation_cases_work_order_idx" ON "remediation_cases" USING btree ("work_order_id");--> statement-breakpoint
CREATE INDEX "remediation_cases_owner_idx" ON "remediation_cases" USING btree ("owner_id","status");--> statement-breakpoint
CREATE INDEX "remediation_cases_status_idx" ON "remediation_cases" USING btree ("status","created_at");--> statement-breakpoint
-- The root causes a case is closed with (Settings → Closed loop edits the list).
INSERT INTO "case_root_causes" ("key", "label_zh", "label_en", "position") VALUES
  ('attitude', '服务态度', 'Service attitude', 1),
  ('skill', '技术水平', 'Technical skill', 2),
  ('timeliness', '响应或上门不及时', 'Late response or visit', 3),
  ('product', '产品质量', 'Product quality', 4),
  ('parts', '配件短缺', 'Parts shortage', 5),
  ('communication', '沟通不清', 'Unclear communication', 6),
  ('pricing', '收费争议', 'Pricing dispute', 7),
  ('customer', '客户误解或期望不符', 'Customer expectation', 8),
  ('other', '其他', 'Other', 9);
