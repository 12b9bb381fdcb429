import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import type { AppContext } from '../../src/server/context.js';
import { type Database, openPglite, openPostgres } from '../../src/server/db/client.js';
import { runMigrations } from '../../src/server/db/migrate.js';
import { invitations } from '../../src/server/db/schema/invitations.js';
import { SYSTEM_ACTOR } from '../../src/server/http/principal.js';
import { JobQueue } from '../../src/server/jobs/queue.js';
import { jobDefinitions } from '../../src/server/modules/index.js';
import { invitationToken } from '../../src/server/modules/invitations/token.js';
import { createServiceType } from '../../src/server/modules/org/service-types.service.js';
import { ensureAppSecret } from '../../src/server/modules/settings/settings.service.js';
import { ensureDefaultTemplate } from '../../src/server/modules/templates/default-template.js';
import { updateWorkOrder, upsertWorkOrder } from '../../src/server/modules/work-orders/work-orders.service.js';
import { putWorkflow } from '../../src/server/modules/workflows/workflows.service.js';
import { defaultTemplateVersionId } from '../../test/support/invitations.js';

export type DbKind = 'postgres' | 'pglite';

export interface BenchApp {
  kind: DbKind;
  app: FastifyInstance;
  ctx: AppContext;
  database: Database;
  url: string;
  appSecret: string;
  /** The default template's published version (what DEFAULT_TEMPLATE_ANSWERS answer). */
  templateVersionId: string;
  /** One statement, its rows (PostgreSQL through the pool, PGlite through its single connection). */
  query<T>(text: string, values?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * The real application, in this process, on a fresh database: a new PostgreSQL database (from BENCH_DATABASE_URL or
 * TEST_DATABASE_URL), or a PGlite folder in the temp dir. `extend` adds bench-only routes before it listens.
 */
export async function startBenchApp(
  kind: DbKind,
  extend?: (app: FastifyInstance, db: Database) => void,
): Promise<BenchApp> {
  // DB_POOL_SIZE from the environment (default as in production): `DB_POOL_SIZE=30 npx tsx bench/submit/run.ts` shows
  // how much of a result is waiting for a pooled connection.
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    WEB_DIST_DIR: '/nonexistent',
    ...(process.env.DB_POOL_SIZE ? { DB_POOL_SIZE: process.env.DB_POOL_SIZE } : {}),
  });
  let database: Database;
  let dropDatabase = async () => {};
  if (kind === 'postgres') {
    const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
    if (!base) throw new Error('Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server.');
    const name = `rateloop_bench_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    database = await openPostgres(url.toString(), config.DB_POOL_SIZE);
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rateloop-bench-'));
    database = await openPglite(dir);
    dropDatabase = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  await runMigrations(database);
  const appSecret = await ensureAppSecret(database.db);
  const templateVersionId = await defaultTemplateVersionId(database.db);
  const log = pino({ level: 'silent' });
  const jobs = new JobQueue(database, log, { config, appSecret, now: () => new Date() });
  jobs.register(...jobDefinitions);
  await jobs.start();
  // One address posts every rating here: the per-IP and per-token limits are for customers, not for this.
  const publicRateLimits = { perIpPerMinute: Number.MAX_SAFE_INTEGER, perTokenPerMinute: Number.MAX_SAFE_INTEGER };
  const ctx: AppContext = { config, database, db: database.db, jobs, log, appSecret, publicRateLimits };
  const app = await buildApp(ctx);
  extend?.(app, database);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const query = async <T>(text: string, values: unknown[] = []) =>
    (database.pool
      ? (await database.pool.query(text, values)).rows
      : (await database.sql.query(text, values)).rows) as T[];
  return {
    kind,
    app,
    ctx,
    database,
    url: `http://127.0.0.1:${port}`,
    appSecret,
    templateVersionId,
    query,
    async close() {
      await app.close();
      await jobs.stop(1000);
      await database.close();
      await dropDatabase();
    },
  };
}

/** A work order that went through the real services, and the invitation its workflow's rating node created. */
export interface RatedSeed {
  workOrderId: string;
  nodeId: string;
  invitationId: string;
}

/**
 * Through the services, as the console and integrations do: a service type whose workflow has one rating node at
 * `completed` (QR mode on the default template: the invitation needs no delivery, so no delivery job runs during the
 * benchmark), then `count` work orders created `in_service` and moved to `completed` — which starts the rating node,
 * creates its invitation (`node_id` set, the node's `invitation_ids` naming it) and records the events.
 */
export async function seedRatedWorkOrders(bench: BenchApp, count: number): Promise<RatedSeed[]> {
  await ensureDefaultTemplate(bench.ctx.db);
  const [template] = await bench.query<{ id: string }>('select id from rating_templates where is_default limit 1');
  if (!template) throw new Error('no default template');
  const templateId = template.id;
  const st = await createServiceType(bench.ctx.db, SYSTEM_ACTOR, { name: 'Bench service', code: 'bench-svc' });
  await putWorkflow(bench.ctx.db, SYSTEM_ACTOR, st.id, {
    nodes: [{ type: 'rating', stage: 'completed', mode: 'qr', templateId, submissionLimit: 1 }],
  });
  const seeds: RatedSeed[] = [];
  for (let i = 0; i < count; i++) {
    const { row } = await upsertWorkOrder(bench.ctx, SYSTEM_ACTOR, {
      subject: `Bench work order ${i}`,
      serviceTypeId: st.id,
      customer: { name: '张三', phone: '13800000000', locale: 'zh-CN' },
      status: 'in_service',
    });
    await updateWorkOrder(bench.ctx, SYSTEM_ACTOR, row.id, { status: 'completed' });
    const [seed] = await bench.query<{ work_order_id: string; node_id: string; invitation_id: string }>(
      `select n.work_order_id, n.id as node_id, i.id as invitation_id
         from work_order_nodes n join invitations i on i.node_id = n.id
        where n.work_order_id = $1 and n.type = 'rating' and n.status = 'active' and i.id = any(n.invitation_ids)`,
      [row.id],
    );
    if (!seed) throw new Error(`work order ${row.id}: its rating node did not create an invitation`);
    seeds.push({ workOrderId: seed.work_order_id, nodeId: seed.node_id, invitationId: seed.invitation_id });
  }
  return seeds;
}

/**
 * `count` more completed work orders, each with its own active rating node and the invitation it created, copied
 * with SQL from `seed` (every column as the services wrote it — `to_jsonb` / `jsonb_populate_record`, so new
 * columns are copied too — with new ids, a unique number and short handle, the node's `invitation_ids` and the
 * invitation's `node_id` pointing at each other). Returns the invitations' tokens. Much faster than the services,
 * and the rows are the same as theirs.
 */
export async function copyRatedWorkOrders(bench: BenchApp, seed: RatedSeed, count: number): Promise<string[]> {
  const tokens: string[] = [];
  const batch = bench.kind === 'postgres' ? 5000 : 2000;
  for (let done = 0; done < count; done += batch) {
    const n = Math.min(batch, count - done);
    const rows = await bench.query<{ inv: string }>(
      `with c as (
         select g as n, gen_random_uuid() as wo, gen_random_uuid() as node, gen_random_uuid() as inv
           from generate_series(1, $4::int) g
       ),
       w as (
         insert into work_orders
         select (jsonb_populate_record(null::work_orders, to_jsonb(w) || jsonb_build_object(
           'id', c.wo, 'number', w.number || '-' || md5(c.wo::text), 'external_id', null))).*
           from work_orders w, c where w.id = $1
       ),
       n as (
         insert into work_order_nodes
         select (jsonb_populate_record(null::work_order_nodes, to_jsonb(x) || jsonb_build_object(
           'id', c.node, 'work_order_id', c.wo, 'invitation_ids', jsonb_build_array(c.inv)))).*
           from work_order_nodes x, c where x.id = $2
       ),
       i as (
         insert into invitations
         select (jsonb_populate_record(null::invitations, to_jsonb(x) || jsonb_build_object(
           'id', c.inv, 'work_order_id', c.wo, 'node_id', c.node,
           'short_handle', translate(substr(encode(uuid_send(c.inv), 'base64'), 1, 12), '+/', 'xy')))).*
           from invitations x, c where x.id = $3
       )
       select inv from c`,
      [seed.workOrderId, seed.nodeId, seed.invitationId, n],
    );
    for (const r of rows) tokens.push(invitationToken(bench.ctx.appSecret, r.inv));
  }
  return tokens;
}

/** What the submissions left behind: ratings, and rating nodes completed. */
export async function outcomeCounts(bench: BenchApp): Promise<{ ratings: number; nodesCompleted: number }> {
  const [row] = await bench.query<{ ratings: string; nodes: string }>(
    `select (select count(*) from ratings) as ratings,
            (select count(*) from work_order_nodes where type = 'rating' and status = 'completed') as nodes`,
  );
  return { ratings: Number(row?.ratings ?? 0), nodesCompleted: Number(row?.nodes ?? 0) };
}

/**
 * Creates `count` one-use invitations in bulk, WITHOUT workflow node, and returns their tokens (any database with the
 * app's secret): invitation k is for `workOrderIds[k]` when given (bench/alerts), else for a work order that does not
 * exist (bench/live). The submission benchmark uses `copyRatedWorkOrders`.
 */
export async function createInvitations(
  bench: { database: Database; appSecret: string; templateVersionId: string },
  count: number,
  workOrderIds?: string[],
): Promise<string[]> {
  const tokens: string[] = [];
  const expiresAt = new Date(Date.now() + 86_400_000);
  for (let done = 0; done < count; done += 1000) {
    const rows = await bench.database.db
      .insert(invitations)
      .values(
        Array.from({ length: Math.min(1000, count - done) }, (_, k) => ({
          workOrderId: workOrderIds?.[done + k] ?? crypto.randomUUID(),
          templateVersionId: bench.templateVersionId,
          source: 'rule' as const,
          contact: { locale: 'zh-CN' },
          channels: ['email'],
          status: 'delivered' as const,
          expiresAt,
        })),
      )
      .returning({ id: invitations.id });
    for (const r of rows) tokens.push(invitationToken(bench.appSecret, r.id));
  }
  return tokens;
}
