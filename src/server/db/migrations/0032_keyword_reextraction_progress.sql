-- Issue 18: the progress of the comment keyword re-extraction after a dictionary edit (`analytics.keywords-reextract`),
-- one row (id 1). A dictionary edit sets it `queued` and bumps `generation` in its transaction; only the job queued
-- with the current generation writes progress, so a job superseded by a newer edit never reports `done`.
CREATE TABLE "keyword_reextraction" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"generation" integer DEFAULT 1 NOT NULL,
	"status" text NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"total" integer,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"error" text,
	CONSTRAINT "keyword_reextraction_single_row" CHECK ("keyword_reextraction"."id" = 1),
	CONSTRAINT "keyword_reextraction_status" CHECK ("keyword_reextraction"."status" IN ('queued', 'running', 'done', 'failed'))
);
