-- The processes running jobs and the pg-boss jobs each is running now (src/server/jobs/worker-liveness.ts). On
-- PostgreSQL a job whose worker was killed stayed `active` until pg-boss's expiry (15 min for deliveries, then its
-- next maintenance): now a live worker fails it once no live worker lists it, and pg-boss retries it.
CREATE TABLE "job_workers" (
  "id" uuid PRIMARY KEY NOT NULL,
  "host" text NOT NULL,
  "pid" integer NOT NULL,
  "started_at" timestamp with time zone DEFAULT now() NOT NULL,
  "seen_at" timestamp with time zone NOT NULL,
  "active_job_ids" uuid[] NOT NULL
);
--> statement-breakpoint
CREATE INDEX "job_workers_seen_idx" ON "job_workers" USING btree ("seen_at");
