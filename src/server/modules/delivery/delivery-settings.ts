import { z } from 'zod';
import type { Db, DbOrTx } from '../../db/client.js';
import { invalidatesReadCache } from '../../db/read-cache.js';
import type { Actor } from '../../http/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { readSetting, writeSetting } from '../settings/settings.service.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'is not a time HH:MM');

export const deliverySettingsSchema = z.object({
  quietHours: z
    .object({ start: hhmm, end: hhmm })
    .nullable()
    .describe('No sends between start and end (organisation time zone); a send due inside waits for the end.'),
  fatigueDays: z
    .number()
    .int()
    .min(1)
    .max(365)
    .nullable()
    .describe('No new automatic invitation to the same contact within this many days (manual sends bypass).'),
  reminders: z
    .object({
      maxCount: z.number().int().min(1).max(10),
      minGapHours: z
        .number()
        .min(0.01)
        .max(24 * 30),
    })
    .nullable()
    .describe('Reminders to non-responders through the channel that succeeded; null = none.'),
  retry: z
    .object({
      maxRetries: z.number().int().min(0).max(10),
      baseSeconds: z.number().min(0.1).max(3600),
    })
    .describe('Transient failures: retry the same channel up to maxRetries times after baseSeconds·2ⁿ.'),
});
export type DeliverySettings = z.infer<typeof deliverySettingsSchema>;

export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = {
  quietHours: null,
  fatigueDays: null,
  reminders: null,
  retry: { maxRetries: 3, baseSeconds: 30 },
};

const KEY = 'delivery_settings';

export async function getDeliverySettings(db: DbOrTx): Promise<DeliverySettings> {
  const stored = (await readSetting(db, KEY)) as Partial<DeliverySettings> | undefined;
  return { ...DEFAULT_DELIVERY_SETTINGS, ...(stored ?? {}) };
}

export async function updateDeliverySettings(db: Db, actor: Actor, input: DeliverySettings) {
  return invalidatesReadCache(
    db.transaction(async (tx) => {
      const before = await getDeliverySettings(tx);
      await writeSetting(tx, KEY, input);
      await recordAudit(tx, actor, {
        action: 'settings.delivery_updated',
        entityType: 'settings',
        entityId: KEY,
        before,
        after: input,
      });
      return input;
    }),
  );
}
