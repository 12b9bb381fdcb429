import '../../../../test/support/no-network.js';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { ruleFactory, templateFactory, workOrderFactory } from '../../../../test/support/factories.js';
import type { DbOrTx } from '../../db/client.js';
import { executeRows } from '../../db/sql.js';
import { SYSTEM_ACTOR } from '../../http/principal.js';
import { JobQueue, jobIdFor } from '../../jobs/queue.js';
import { deliverInvitationJob, repairMissingDeliveryJobs } from '../delivery/delivery.jobs.js';
import { readRepairs } from '../events/repairs.js';
import { jobDefinitions } from '../index.js';
import { noJobs } from '../workflows/nodes.service.js';
import { enqueueNodeJobs } from '../workflows/workflows.jobs.js';
import { updateWorkOrder, upsertInTransaction } from './work-orders.service.js';

/**
 * #14: a job a change causes is written by the change's own transaction, so no crash between the commit and an
 * enqueue can lose it (there is no "after the commit" left), and a rolled-back change leaves no job. The repair
 * sweep re-enqueues what a hand-made orphan lacks, and counts it.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const template = await templateFactory(t.ctx.db);
  await ruleFactory(t.ctx.db, template.id, { channels: ['sms'] });
});
afterAll(async () => {
  await t?.close();
});

const deliveryJobOf = async (invitationId: string, db: DbOrTx = t.ctx.db) =>
  executeRows<{ state: string }>(
    db,
    sql`select state from pgboss.job where name = ${deliverInvitationJob.name}
         and id = ${jobIdFor(deliverInvitationJob.name, invitationId)}::uuid`,
  );
const invitationsOf = async (workOrderId: string) =>
  executeRows<{ id: string; status: string }>(
    t.ctx.db,
    sql`select id, status from invitations where work_order_id = ${workOrderId}::uuid`,
  );

describe('jobs enqueued in the changing transaction', () => {
  it('completing a work order commits its invitation and the delivery job together', async () => {
    const wo = await workOrderFactory(t.ctx);
    // A queue that never works: the process "dies" right after the change returns.
    const dying = new JobQueue(t.database, pino({ level: 'silent' }), {
      config: t.ctx.config,
      appSecret: t.ctx.appSecret,
      now: () => new Date(),
    });
    dying.register(...jobDefinitions);
    await dying.start();
    await updateWorkOrder({ ...t.ctx, jobs: dying }, SYSTEM_ACTOR, wo.id, { status: 'completed' });
    const [invitation] = await invitationsOf(wo.id);
    expect(invitation?.status).toBe('pending');
    // The job is there for whichever worker starts next, whatever happened to this process after the commit.
    expect(await deliveryJobOf(invitation!.id)).toEqual([{ state: 'created' }]);
    await dying.stop(1000);
  });

  it('a change that rolls back leaves neither its invitation nor its job', async () => {
    const wo = await workOrderFactory(t.ctx, { externalId: `rollback-${Date.now()}` });
    let invitationId: string | undefined;
    await expect(
      t.ctx.db.transaction(async (tx) => {
        const jobs = noJobs();
        const links = { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl };
        await upsertInTransaction(
          tx,
          links,
          SYSTEM_ACTOR,
          { externalId: wo.externalId!, subject: wo.subject, serviceTypeId: wo.serviceTypeId!, status: 'completed' },
          jobs,
        );
        invitationId = jobs.deliver[0];
        await enqueueNodeJobs(t.ctx.jobs, jobs, tx);
        expect(await deliveryJobOf(invitationId!, tx)).toHaveLength(1);
        throw new Error('the process dies before the commit');
      }),
    ).rejects.toThrow('dies');
    expect(invitationId).toBeDefined();
    expect(await invitationsOf(wo.id)).toEqual([]);
    expect(await deliveryJobOf(invitationId!)).toEqual([]);
  });

  it('the repair sweep enqueues the job of a hand-made orphan once, and counts it', async () => {
    const wo = await workOrderFactory(t.ctx);
    await updateWorkOrder(t.ctx, SYSTEM_ACTOR, wo.id, { status: 'completed' });
    const [invitation] = await invitationsOf(wo.id);
    // Make an orphan by hand: its job deleted, the invitation two minutes old.
    await t.ctx.db.execute(
      sql`delete from pgboss.job where id = ${jobIdFor(deliverInvitationJob.name, invitation!.id)}::uuid`,
    );
    await t.ctx.db.execute(
      sql`update invitations set created_at = now() - interval '2 minutes' where id = ${invitation!.id}::uuid`,
    );
    const before = (await readRepairs(t.ctx.db)).find((r) => r.kind === 'invitation_delivery')?.repaired ?? 0;
    expect(await repairMissingDeliveryJobs(t.ctx.db, t.ctx.jobs, new Date())).toBe(1);
    expect(await deliveryJobOf(invitation!.id)).toEqual([{ state: 'created' }]);
    expect(await repairMissingDeliveryJobs(t.ctx.db, t.ctx.jobs, new Date())).toBe(0);
    const after = (await readRepairs(t.ctx.db)).find((r) => r.kind === 'invitation_delivery')?.repaired;
    expect(after).toBe(before + 1);
  });
});
