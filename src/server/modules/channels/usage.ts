import { and, eq, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { channelUsage } from '../../db/schema/channels.js';

/** The quota month of an instant: calendar month in UTC, `YYYY-MM` (providers bill monthly; UTC keeps it simple). */
export const usageMonth = (at: Date) => at.toISOString().slice(0, 7);

/**
 * Takes one send out of the month's allowance atomically (UPDATE … WHERE sent < limit), so concurrent workers
 * cannot overshoot the limit. Returns false when the allowance is used up.
 */
export async function reserveSend(db: DbOrTx, configId: string, month: string, limit: number): Promise<boolean> {
  await db.insert(channelUsage).values({ configId, month, sent: 0 }).onConflictDoNothing();
  const rows = await db
    .update(channelUsage)
    .set({ sent: sql`${channelUsage.sent} + 1` })
    .where(and(eq(channelUsage.configId, configId), eq(channelUsage.month, month), lt(channelUsage.sent, limit)))
    .returning({ sent: channelUsage.sent });
  return rows.length > 0;
}

/** Gives a reserved send back: the provider refused it, so it did not use the allowance. */
export async function releaseSend(db: DbOrTx, configId: string, month: string): Promise<void> {
  await db
    .update(channelUsage)
    .set({ sent: sql`greatest(${channelUsage.sent} - 1, 0)` })
    .where(and(eq(channelUsage.configId, configId), eq(channelUsage.month, month)));
}

/** Counts a send of a configuration without a limit (the console still shows the month's usage). */
export async function countSend(db: DbOrTx, configId: string, month: string): Promise<void> {
  await db
    .insert(channelUsage)
    .values({ configId, month, sent: 1 })
    .onConflictDoUpdate({
      target: [channelUsage.configId, channelUsage.month],
      set: { sent: sql`${channelUsage.sent} + 1` },
    });
}

/** `countSend` for `n` sends at once (the batched dispatch: one row update per batch, not per message). */
export async function countSends(db: DbOrTx, configId: string, month: string, n: number): Promise<void> {
  if (n <= 0) return;
  await db
    .insert(channelUsage)
    .values({ configId, month, sent: n })
    .onConflictDoUpdate({
      target: [channelUsage.configId, channelUsage.month],
      set: { sent: sql`${channelUsage.sent} + ${n}` },
    });
}

export async function sentThisMonth(db: DbOrTx, configId: string, month: string): Promise<number> {
  const [row] = await db
    .select({ sent: channelUsage.sent })
    .from(channelUsage)
    .where(and(eq(channelUsage.configId, configId), eq(channelUsage.month, month)));
  return row?.sent ?? 0;
}
