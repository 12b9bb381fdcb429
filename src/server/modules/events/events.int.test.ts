import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { SYSTEM_ACTOR } from '../../http/principal.js';
import { eventsAfter, recordEvent, workOrderTimeline } from './events.service.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('domain events', () => {
  it('keeps a work order’s timeline in order and lets consumers read after a position', async () => {
    const workOrderId = randomUUID();
    const first = await recordEvent(t.ctx.db, SYSTEM_ACTOR, {
      type: 'work_order.created',
      workOrderId,
      subjectType: 'work_order',
      subjectId: workOrderId,
    });
    await recordEvent(t.ctx.db, SYSTEM_ACTOR, {
      type: 'work_order.status_changed',
      workOrderId,
      subjectType: 'work_order',
      subjectId: workOrderId,
      data: { from: 'new', to: 'assigned' },
    });
    const timeline = await workOrderTimeline(t.ctx.db, workOrderId);
    expect(timeline.map((e) => e.type)).toEqual(['work_order.created', 'work_order.status_changed']);
    expect(timeline[1]!.data).toEqual({ from: 'new', to: 'assigned' });
    const after = await eventsAfter(t.ctx.db, first.seq);
    expect(after.map((e) => e.type)).toContain('work_order.status_changed');
    expect(after.some((e) => e.seq === first.seq)).toBe(false);
  });

  it('is written with the change or not at all', async () => {
    const workOrderId = randomUUID();
    await expect(
      t.ctx.db.transaction(async (tx) => {
        await recordEvent(tx, SYSTEM_ACTOR, { type: 'work_order.created', workOrderId, subjectType: 'work_order' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await workOrderTimeline(t.ctx.db, workOrderId)).toEqual([]);
  });
});
