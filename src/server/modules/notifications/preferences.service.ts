/** A person's notification preferences (issue 17): e-mail, SMS, digest, quiet hours, the console's sound. */
import { inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { notificationPreferences } from '../../db/schema/notifications.js';
import type { NotificationPreferences } from './notifications.schemas.js';

export type { NotificationPreferences };

/** Without a saved choice: e-mail at once (throttled), no SMS, held outside working hours, sound on. */
export const DEFAULT_PREFERENCES: NotificationPreferences = {
  email: true,
  sms: false,
  digest: 'off',
  quietHours: true,
  sound: true,
};

export async function preferencesOf(db: DbOrTx, employeeIds: string[]): Promise<Map<string, NotificationPreferences>> {
  const rows = employeeIds.length
    ? await db.select().from(notificationPreferences).where(inArray(notificationPreferences.employeeId, employeeIds))
    : [];
  const saved = new Map(rows.map((r) => [r.employeeId, r]));
  return new Map(
    employeeIds.map((id) => {
      const r = saved.get(id);
      return [
        id,
        r
          ? { email: r.email, sms: r.sms, digest: r.digest, quietHours: r.quietHours, sound: r.sound }
          : DEFAULT_PREFERENCES,
      ];
    }),
  );
}

export async function getPreferences(db: DbOrTx, employeeId: string): Promise<NotificationPreferences> {
  return (await preferencesOf(db, [employeeId])).get(employeeId)!;
}

export async function savePreferences(
  db: DbOrTx,
  employeeId: string,
  patch: Partial<NotificationPreferences>,
): Promise<NotificationPreferences> {
  const next = { ...(await getPreferences(db, employeeId)), ...patch };
  await db
    .insert(notificationPreferences)
    .values({ employeeId, ...next })
    .onConflictDoUpdate({ target: notificationPreferences.employeeId, set: { ...next, updatedAt: sql`now()` } });
  return next;
}
