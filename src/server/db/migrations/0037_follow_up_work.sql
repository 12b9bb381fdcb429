-- Issue 19: what agents do on follow-up tasks — attempts, the retry schedule, the recorded rating and result; the
-- follow-up rules of a node in rule mode; an agent's call-centre seat; calls placed by a call centre.
ALTER TABLE "follow_up_tasks" ADD COLUMN "rule_id" uuid;--> statement-breakpoint
ALTER TABLE "follow_up_tasks" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "follow_up_tasks" ADD COLUMN "next_call_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "follow_up_tasks" ADD COLUMN "started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "follow_up_tasks" ADD COLUMN "rating_id" uuid;--> statement-breakpoint
ALTER TABLE "follow_up_tasks" ADD COLUMN "result" text;--> statement-breakpoint
ALTER TABLE "follow_up_agents" ADD COLUMN "seat" text;--> statement-breakpoint
CREATE TABLE "follow_up_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"agent_id" uuid,
	"outcome" text NOT NULL,
	"note" text,
	"duration_seconds" integer,
	"call_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "follow_up_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"priority" integer NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"conditions" jsonb NOT NULL,
	"template_id" uuid NOT NULL,
	"assignment" text NOT NULL,
	"agent_id" uuid,
	"group_id" uuid,
	"only_if_unrated_hours" integer,
	"due_hours" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "follow_up_rules_target_check" CHECK (("follow_up_rules"."assignment" = 'agent') = ("follow_up_rules"."agent_id" is not null) and ("follow_up_rules"."assignment" = 'agent') = ("follow_up_rules"."group_id" is null))
);
--> statement-breakpoint
CREATE TABLE "follow_up_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid,
	"work_order_id" uuid,
	"agent_id" uuid,
	"provider" text NOT NULL,
	"provider_call_id" text NOT NULL,
	"status" text DEFAULT 'placed' NOT NULL,
	"outcome" text,
	"started_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"duration_seconds" integer,
	"recording_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "follow_up_calls" ADD CONSTRAINT "follow_up_calls_task_id_follow_up_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."follow_up_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_calls" ADD CONSTRAINT "follow_up_calls_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_calls" ADD CONSTRAINT "follow_up_calls_agent_id_employees_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."employees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "follow_up_calls_provider_uq" ON "follow_up_calls" USING btree ("provider","provider_call_id");--> statement-breakpoint
CREATE INDEX "follow_up_calls_task_idx" ON "follow_up_calls" USING btree ("task_id","created_at");--> statement-breakpoint
CREATE INDEX "follow_up_calls_work_order_idx" ON "follow_up_calls" USING btree ("work_order_id","created_at");--> statement-breakpoint
ALTER TABLE "follow_up_attempts" ADD CONSTRAINT "follow_up_attempts_task_id_follow_up_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."follow_up_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_attempts" ADD CONSTRAINT "follow_up_attempts_agent_id_employees_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."employees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_rules" ADD CONSTRAINT "follow_up_rules_template_id_rating_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."rating_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_rules" ADD CONSTRAINT "follow_up_rules_agent_id_employees_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."employees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_rules" ADD CONSTRAINT "follow_up_rules_group_id_departments_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "follow_up_attempts_task_idx" ON "follow_up_attempts" USING btree ("task_id","at");--> statement-breakpoint
CREATE INDEX "follow_up_rules_priority_idx" ON "follow_up_rules" USING btree ("priority");
