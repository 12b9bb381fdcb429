CREATE TABLE "business_calendar_days" (
	"calendar_id" uuid NOT NULL,
	"day" date NOT NULL,
	"working" boolean NOT NULL,
	"periods" jsonb,
	"name" text,
	CONSTRAINT "business_calendar_days_calendar_id_day_pk" PRIMARY KEY("calendar_id","day")
);
--> statement-breakpoint
CREATE TABLE "business_calendars" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"time_zone" text,
	"weekly" jsonb NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "department_calendars" (
	"department_id" uuid PRIMARY KEY NOT NULL,
	"calendar_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"first_contact_minutes" integer NOT NULL,
	"resolution_minutes" integer NOT NULL,
	"warn_before_minutes" integer DEFAULT 30 NOT NULL,
	"hours" text DEFAULT 'business' NOT NULL,
	"calendar_id" uuid,
	"paused_statuses" text[] DEFAULT '{waiting_customer}'::text[] NOT NULL,
	"breach_actions" jsonb DEFAULT '[{"kind":"escalate"}]'::jsonb NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "business_calendar_days" ADD CONSTRAINT "business_calendar_days_calendar_id_business_calendars_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."business_calendars"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "department_calendars" ADD CONSTRAINT "department_calendars_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "department_calendars" ADD CONSTRAINT "department_calendars_calendar_id_business_calendars_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."business_calendars"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_calendar_id_business_calendars_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."business_calendars"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "business_calendars_default_uq" ON "business_calendars" USING btree ("is_default") WHERE "business_calendars"."is_default";--> statement-breakpoint
CREATE UNIQUE INDEX "sla_policies_default_uq" ON "sla_policies" USING btree ("is_default") WHERE "sla_policies"."is_default";--> statement-breakpoint
-- The organisation's calendar, seeded for mainland China (editable): Monday–Friday 09:00–12:00 and 13:30–18:00, the
-- State Council's 2026 holidays and make-up working days (国办发明电〔2025〕7号, 4 November 2025), and 2027's
-- statutory holidays (全国年节及纪念日放假办法, 2024 revision); 2027's bridging days and make-up working days are added
-- when the State Council publishes them.
INSERT INTO "business_calendars" ("id", "name", "time_zone", "weekly", "is_default")
VALUES ('00000000-0000-4000-8000-00000000ca1e', '中国大陆 · Mainland China', NULL,
  '[[{"start":"09:00","end":"12:00"},{"start":"13:30","end":"18:00"}],[{"start":"09:00","end":"12:00"},{"start":"13:30","end":"18:00"}],[{"start":"09:00","end":"12:00"},{"start":"13:30","end":"18:00"}],[{"start":"09:00","end":"12:00"},{"start":"13:30","end":"18:00"}],[{"start":"09:00","end":"12:00"},{"start":"13:30","end":"18:00"}],[],[]]'::jsonb,
  true);
--> statement-breakpoint
INSERT INTO "business_calendar_days" ("calendar_id", "day", "working", "name")
SELECT '00000000-0000-4000-8000-00000000ca1e', d::date, w, n FROM (VALUES
  ('2026-01-01', false, '元旦'), ('2026-01-02', false, '元旦'), ('2026-01-03', false, '元旦'), ('2026-01-04', true, '元旦调休上班'),
  ('2026-02-14', true, '春节调休上班'), ('2026-02-15', false, '春节'), ('2026-02-16', false, '春节'), ('2026-02-17', false, '春节'),
  ('2026-02-18', false, '春节'), ('2026-02-19', false, '春节'), ('2026-02-20', false, '春节'), ('2026-02-21', false, '春节'),
  ('2026-02-22', false, '春节'), ('2026-02-23', false, '春节'), ('2026-02-28', true, '春节调休上班'),
  ('2026-04-04', false, '清明节'), ('2026-04-05', false, '清明节'), ('2026-04-06', false, '清明节'),
  ('2026-05-01', false, '劳动节'), ('2026-05-02', false, '劳动节'), ('2026-05-03', false, '劳动节'), ('2026-05-04', false, '劳动节'),
  ('2026-05-05', false, '劳动节'), ('2026-05-09', true, '劳动节调休上班'),
  ('2026-06-19', false, '端午节'), ('2026-06-20', false, '端午节'), ('2026-06-21', false, '端午节'),
  ('2026-09-20', true, '国庆节调休上班'), ('2026-09-25', false, '中秋节'), ('2026-09-26', false, '中秋节'), ('2026-09-27', false, '中秋节'),
  ('2026-10-01', false, '国庆节'), ('2026-10-02', false, '国庆节'), ('2026-10-03', false, '国庆节'), ('2026-10-04', false, '国庆节'),
  ('2026-10-05', false, '国庆节'), ('2026-10-06', false, '国庆节'), ('2026-10-07', false, '国庆节'), ('2026-10-10', true, '国庆节调休上班'),
  ('2027-01-01', false, '元旦'), ('2027-02-05', false, '春节（除夕）'), ('2027-02-06', false, '春节'), ('2027-02-07', false, '春节'),
  ('2027-02-08', false, '春节'), ('2027-04-05', false, '清明节'), ('2027-05-01', false, '劳动节'), ('2027-05-02', false, '劳动节'),
  ('2027-06-09', false, '端午节'), ('2027-09-15', false, '中秋节'), ('2027-10-01', false, '国庆节'), ('2027-10-02', false, '国庆节'),
  ('2027-10-03', false, '国庆节')
) AS x(d, w, n);
--> statement-breakpoint
-- The default policy (PRODUCT.md): first contact within 2 hours, resolution within 48 hours, in working hours of the
-- case's calendar (the department's, else the organisation's; 24/7 when there is none); waiting for the customer
-- pauses the clock; a breach escalates.
INSERT INTO "sla_policies" ("name", "first_contact_minutes", "resolution_minutes", "is_default")
VALUES ('标准 · Standard', 120, 2880, true);
