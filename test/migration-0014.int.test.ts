import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { type Database, openPostgres, wrapPglite } from '../src/server/db/client.js';
import { MIGRATIONS_DIR } from '../src/server/db/migrate.js';
import { testDbKind } from './support/db.js';
import { createScratchDatabase } from './support/http-session.js';

/**
 * #13's migration (0014_work_order_flow): a database written before node stages existed keeps working. Its workflow
 * nodes become keyed nodes "after completed", its node instances round 1 with their type as key, its invitations and
 * ratings learn their node. Runs the migrations up to 0013, writes rows the old way, then runs the rest.
 */
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** A copy of the migrations folder whose journal stops after `count` entries. */
function migrationsUpTo(count: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-migrations-'));
  fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const journalPath = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8'));
  journal.entries = journal.entries.slice(0, count);
  fs.writeFileSync(journalPath, JSON.stringify(journal));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function freshDatabase(): Promise<Database> {
  if (testDbKind() === 'postgres') {
    const scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL!, 'rateloop_mig');
    const database = await openPostgres(scratch.url, 2);
    cleanups.push(async () => {
      await database.close();
      await scratch.drop();
    });
    return database;
  }
  const database = await wrapPglite(new PGlite());
  cleanups.push(() => database.close());
  return database;
}

async function migrate(database: Database, folder: string) {
  if (database.kind === 'pglite')
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: folder });
  else await migratePg(database.db as unknown as Parameters<typeof migratePg>[0], { migrationsFolder: folder });
}

describe('migration 0014_work_order_flow', () => {
  // Fourteen migrations on a fresh database take ~20 s on PGlite (more on a busy machine).
  it('maps existing workflows to keyed nodes after completed and existing instances to round 1', {
    timeout: 180_000,
  }, async () => {
    const database = await freshDatabase();
    const q = async <T>(text: string, params: unknown[] = []) => (await database.sql.query<T>(text, params)).rows;
    await migrate(database, migrationsUpTo(14)); // 0000 … 0013

    const [st] = await q<{ id: string }>(
      `insert into service_types (name, code) values ('Repair', 'repair') returning id`,
    );
    await q(`insert into service_type_workflows (service_type_id, nodes) values ($1, $2::jsonb)`, [
      st!.id,
      JSON.stringify([
        { type: 'rating', mode: 'rule', mandatory: true, timeoutHours: 72 },
        { type: 'follow_up', mode: 'standard', standard: null },
      ]),
    ]);
    const [template] = await q<{ id: string }>(`insert into rating_templates (name) values ('T') returning id`);
    const [version] = await q<{ id: string }>(
      `insert into rating_template_versions (template_id, number, status) values ($1, 1, 'published') returning id`,
      [template!.id],
    );
    const [wo] = await q<{ id: string }>(
      `insert into work_orders (number, subject, service_type_id, status, completed_at)
         values ('WO-OLD-1', 'old', $1, 'completed', now()) returning id`,
      [st!.id],
    );
    const [inv] = await q<{ id: string }>(
      `insert into invitations (work_order_id, template_version_id, source, channels, expires_at)
         values ($1, $2, 'rule', '{sms}', now() + interval '14 days') returning id`,
      [wo!.id, version!.id],
    );
    const [node] = await q<{ id: string }>(
      `insert into work_order_nodes (work_order_id, type, status, mandatory, invitation_ids)
         values ($1, 'rating', 'completed', true, array[$2::uuid]) returning id`,
      [wo!.id, inv!.id],
    );
    const [rating] = await q<{ id: string }>(
      `insert into ratings (invitation_id, work_order_id, template_version_id, source, answers, normalised, language)
         values ($1, $2, $3, 'customer', '{}'::jsonb, '{}'::jsonb, 'zh-CN') returning id`,
      [inv!.id, wo!.id, version!.id],
    );

    await migrate(database, MIGRATIONS_DIR);

    const [workflow] = await q<{ nodes: { type: string; key: string; stage: string; mandatory?: boolean }[] }>(
      `select nodes from service_type_workflows where service_type_id = $1`,
      [st!.id],
    );
    expect(workflow!.nodes).toMatchObject([
      { type: 'rating', key: 'rating', stage: 'completed', mandatory: true },
      { type: 'follow_up', key: 'follow_up', stage: 'completed' },
    ]);
    expect(await q(`select node_key, stage, round from work_order_nodes where id = $1`, [node!.id])).toEqual([
      { node_key: 'rating', stage: 'completed', round: 1 },
    ]);
    expect(await q(`select round from work_orders where id = $1`, [wo!.id])).toEqual([{ round: 1 }]);
    expect(await q(`select node_id from invitations where id = $1`, [inv!.id])).toEqual([{ node_id: node!.id }]);
    expect(await q(`select node_id from ratings where id = $1`, [rating!.id])).toEqual([{ node_id: node!.id }]);
  });
});
