import { and, eq, or } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { deliveryAttempts } from '../../db/schema/delivery.js';
import type { DeliveryReceipt } from '../channels/receipts.js';

/**
 * Stores delivery receipts on their attempts (matched by provider message id, or by our idempotency key when the
 * provider echoes it; with `requireBoth`, by both), for attempts of the configuration that sent them. A final state is not overwritten by a
 * late `pending`. Returns how many attempts changed.
 */
export async function applyReceipts(
  db: Db,
  configId: string,
  receipts: DeliveryReceipt[],
  opts: { requireBoth?: boolean } = {},
): Promise<number> {
  let updated = 0;
  for (const r of receipts) {
    if (r.status === 'pending') continue;
    if (opts.requireBoth && !r.idempotencyKey) continue;
    const match = opts.requireBoth
      ? and(
          eq(deliveryAttempts.providerMessageId, r.providerMessageId),
          eq(deliveryAttempts.idempotencyKey, r.idempotencyKey!),
        )
      : r.idempotencyKey
        ? or(
            eq(deliveryAttempts.providerMessageId, r.providerMessageId),
            eq(deliveryAttempts.idempotencyKey, r.idempotencyKey),
          )
        : eq(deliveryAttempts.providerMessageId, r.providerMessageId);
    const rows = await db
      .update(deliveryAttempts)
      .set({ receiptStatus: r.status, receiptErrorCode: r.errorCode, receiptAt: r.at ?? new Date() })
      .where(and(eq(deliveryAttempts.configId, configId), match))
      .returning({ id: deliveryAttempts.id });
    updated += rows.length;
  }
  return updated;
}
