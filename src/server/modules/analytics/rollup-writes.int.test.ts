import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { type AnalyticsFamily, type AnalyticsGrain, invitationFunnelRollups } from '../../db/schema/analytics.js';
import { addFunnelDeltas, type FunnelContribution } from './rollup-writes.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('funnel rollup writes', () => {
  it('adds more bucket rows than one statement can bind (a rebuild chunk failed with "bind message has … parameter formats")', async () => {
    // 2,000 invitations, each with its own store and two engineers, on 30 days: ~16,000 bucket rows × 9 parameters.
    const contributions: FunnelContribution[] = Array.from({ length: 2000 }, (_, i) => ({
      fact: {
        invitationId: randomUUID(),
        createdAt: new Date(Date.UTC(2026, 5, 1 + (i % 30), 3)),
        localDay: `2026-06-${String(1 + (i % 30)).padStart(2, '0')}`,
        source: 'rule',
        channel: 'sms',
        templateId: null,
        serviceTypeId: null,
        departmentId: null,
        engineerIds: [randomUUID(), randomUUID()],
        store: `Store ${i}`,
        touchpoint: null,
        delivered: true,
        opened: false,
        responded: false,
      },
      created: 1,
      delivered: 1,
      opened: 0,
      responded: 0,
    }));
    await t.ctx.db.transaction((tx) => addFunnelDeltas(tx, contributions));

    const sum = async (family: AnalyticsFamily, grain: AnalyticsGrain) => {
      const [row] = await t.ctx.db
        .select({ created: sql<string>`sum(${invitationFunnelRollups.created})`, rows: sql<number>`count(*)::int` })
        .from(invitationFunnelRollups)
        .where(and(eq(invitationFunnelRollups.family, family), eq(invitationFunnelRollups.grain, grain)));
      return { created: Number(row!.created), rows: row!.rows };
    };
    expect(await sum('organisation', 'day')).toEqual({ created: 2000, rows: 30 });
    expect(await sum('organisation', 'month')).toEqual({ created: 2000, rows: 1 });
    expect(await sum('store', 'day')).toEqual({ created: 2000, rows: 2000 });
    expect(await sum('engineer', 'month')).toEqual({ created: 4000, rows: 4000 });
  });
});
