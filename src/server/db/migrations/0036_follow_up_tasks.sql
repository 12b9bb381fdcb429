-- Issue 19: follow-up tasks and their fair assignment (the follow-ups module's tables).
CREATE TABLE "follow_up_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"work_order_id" uuid NOT NULL,
	"node_id" uuid,
	"template_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"assignment" text NOT NULL,
	"group_id" uuid,
	"assignee_id" uuid,
	"due_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"assigned_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "follow_up_tasks_group_check" CHECK (("follow_up_tasks"."assignment" = 'agent') = ("follow_up_tasks"."group_id" is null))
);
--> statement-breakpoint
CREATE TABLE "follow_up_agents" (
	"employee_id" uuid PRIMARY KEY NOT NULL,
	"capacity" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "follow_up_agents_capacity_check" CHECK ("follow_up_agents"."capacity" is null or "follow_up_agents"."capacity" > 0)
);
--> statement-breakpoint
CREATE TABLE "follow_up_groups" (
	"department_id" uuid PRIMARY KEY NOT NULL,
	"last_assignee_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "follow_up_tasks" ADD CONSTRAINT "follow_up_tasks_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_tasks" ADD CONSTRAINT "follow_up_tasks_node_id_work_order_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."work_order_nodes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_tasks" ADD CONSTRAINT "follow_up_tasks_template_id_rating_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."rating_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_tasks" ADD CONSTRAINT "follow_up_tasks_group_id_departments_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_tasks" ADD CONSTRAINT "follow_up_tasks_assignee_id_employees_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."employees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_agents" ADD CONSTRAINT "follow_up_agents_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_groups" ADD CONSTRAINT "follow_up_groups_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_groups" ADD CONSTRAINT "follow_up_groups_last_assignee_id_employees_id_fk" FOREIGN KEY ("last_assignee_id") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "follow_up_tasks_node_uq" ON "follow_up_tasks" USING btree ("node_id");--> statement-breakpoint
CREATE INDEX "follow_up_tasks_work_order_idx" ON "follow_up_tasks" USING btree ("work_order_id");--> statement-breakpoint
CREATE INDEX "follow_up_tasks_assignee_open_idx" ON "follow_up_tasks" USING btree ("assignee_id","due_at") WHERE "follow_up_tasks"."status" in ('pending', 'in_progress');--> statement-breakpoint
CREATE INDEX "follow_up_tasks_queue_idx" ON "follow_up_tasks" USING btree ("group_id","due_at","created_at") WHERE "follow_up_tasks"."assignee_id" is null and "follow_up_tasks"."status" = 'pending';
