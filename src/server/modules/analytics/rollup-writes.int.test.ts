import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  type AnalyticsFamily,
  type AnalyticsGrain,
  invitationFacts,
  invitationFunnelRollups,
} from '../../db/schema/analytics.js';
import { addFunnel } from './rollup-writes.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('funnel rollup writes', () => {
  it('adds and takes back thousands of bucket rows at once (a chunk once exceeded the 65,535 bind parameters)', async () => {
    // 2,000 invitations, each with its own store and two engineers, on 30 days: ~16,000 bucket rows.
    const facts = Array.from({ length: 2000 }, (_, i) => ({
      invitationId: randomUUID(),
      createdAt: new Date(Date.UTC(2026, 5, 1 + (i % 30), 3)),
      localDay: `2026-06-${String(1 + (i % 30)).padStart(2, '0')}`,
      source: 'rule',
      channel: i < 1000 ? 'sms' : null,
      engineerIds: [randomUUID(), randomUUID()],
      store: `Store ${i}`,
      delivered: true,
      opened: i % 4 === 0,
      responded: i % 8 === 0,
    }));
    await t.ctx.db.insert(invitationFacts).values(facts);
    const ids = facts.map((f) => f.invitationId);
    await t.ctx.db.transaction((tx) => addFunnel(tx, ids, 1));

    const sum = async (family: AnalyticsFamily, grain: AnalyticsGrain) => {
      const [row] = await t.ctx.db
        .select({
          created: sql<number>`sum(${invitationFunnelRollups.created})::int`,
          opened: sql<number>`sum(${invitationFunnelRollups.opened})::int`,
          responded: sql<number>`sum(${invitationFunnelRollups.responded})::int`,
          rows: sql<number>`count(*)::int`,
        })
        .from(invitationFunnelRollups)
        .where(and(eq(invitationFunnelRollups.family, family), eq(invitationFunnelRollups.grain, grain)));
      return row;
    };
    // Channels: 'sms' and unknown ('') are separate rows of the same bucket.
    expect(await sum('organisation', 'day')).toEqual({ created: 2000, opened: 500, responded: 250, rows: 60 });
    expect(await sum('organisation', 'month')).toEqual({ created: 2000, opened: 500, responded: 250, rows: 2 });
    expect(await sum('store', 'day')).toMatchObject({ created: 2000, rows: 2000 });
    expect(await sum('engineer', 'month')).toMatchObject({ created: 4000, rows: 4000 });
    // No template: no template member.
    expect(await sum('template', 'day')).toMatchObject({ rows: 0 });

    await t.ctx.db.transaction((tx) => addFunnel(tx, ids.slice(0, 1000), -1));
    expect(await sum('organisation', 'month')).toMatchObject({ created: 1000, opened: 250, responded: 125 });
  });
});
