import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { coded } from '../../../common/error-codes.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { invalidatesReadCache } from '../../db/read-cache.js';
import { settings } from '../../db/schema/settings.js';
import type { Actor } from '../../http/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { recordEvent } from '../events/events.service.js';

export const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const organisationProfileSchema = z.object({
  companyName: z.string().trim().min(1).max(100).describe('Shown to customers on the rating page and in messages.'),
  logoUrl: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .nullable()
    .describe('Logo shown on the rating page (https URL), or null.'),
  timeZone: z
    .string()
    .refine(isTimeZone, coded('invalid_time_zone', 'is not an IANA time zone'))
    .describe('IANA time zone for periods, quiet hours and reports, e.g. Asia/Shanghai.'),
  defaultLanguage: z.enum(['zh-CN', 'en']).describe('Language of customers whose contact has none.'),
  requireSignInToRate: z
    .boolean()
    .describe(
      'Customers must sign in to the customer portal (/c/) before a rating link opens its form: a personal link asks ' +
        "for the work order's phone or e-mail, a shared QR code for any signed-in customer. Off: anyone with the link rates.",
    ),
});
export type OrganisationProfile = z.infer<typeof organisationProfileSchema>;

const DEFAULT_PROFILE: OrganisationProfile = {
  companyName: 'Rateloop',
  logoUrl: null,
  timeZone: 'Asia/Shanghai',
  defaultLanguage: 'zh-CN',
  requireSignInToRate: false,
};

/**
 * One setting's stored value (undefined when never saved), for modules whose policies live in the settings table
 * (delivery's `delivery_settings`): they read and write it through here, the settings module owns the table.
 */
export async function readSetting(db: DbOrTx, key: string): Promise<unknown> {
  const [row] = await db.select().from(settings).where(eq(settings.key, key)).limit(1);
  return row?.value;
}

/** Stores one setting (insert or replace), in the caller's transaction. */
export async function writeSetting(tx: DbOrTx, key: string, value: unknown): Promise<void> {
  await tx
    .insert(settings)
    .values({ key, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`now()` } });
}

const PROFILE_KEY = 'organisation_profile';
const SECRET_KEY = 'app_secret';

export async function getOrganisationProfile(db: DbOrTx): Promise<OrganisationProfile> {
  const [row] = await db.select().from(settings).where(eq(settings.key, PROFILE_KEY)).limit(1);
  return { ...DEFAULT_PROFILE, ...((row?.value as Partial<OrganisationProfile> | undefined) ?? {}) };
}

export async function updateOrganisationProfile(db: Db, actor: Actor, patch: Partial<OrganisationProfile>) {
  return invalidatesReadCache(
    db.transaction(async (tx) => {
      const before = await getOrganisationProfile(tx);
      const after = { ...before, ...patch };
      await tx
        .insert(settings)
        .values({ key: PROFILE_KEY, value: after })
        .onConflictDoUpdate({ target: settings.key, set: { value: after, updatedAt: sql`now()` } });
      await recordAudit(tx, actor, {
        action: 'settings.organisation_updated',
        entityType: 'settings',
        entityId: PROFILE_KEY,
        before,
        after,
      });
      // Periods are local days: analytics rebuilds its buckets in the new zone (its processor reacts to this event,
      // recorded in the same transaction so the rebuild happens exactly when the change commits).
      if (before.timeZone !== after.timeZone) {
        await recordEvent(tx, actor, {
          type: 'settings.time_zone_changed',
          subjectType: 'settings',
          subjectId: PROFILE_KEY,
          data: { from: before.timeZone, to: after.timeZone },
        });
      }
      return after;
    }),
  );
}

/**
 * The secret that signs invitation tokens: APP_SECRET when configured, else one generated on the first start and
 * kept in the database (every process on the same database then agrees on it).
 */
export async function ensureAppSecret(db: Db, configured?: string): Promise<string> {
  if (configured) return configured;
  await db
    .insert(settings)
    .values({ key: SECRET_KEY, value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing();
  const [row] = await db.select().from(settings).where(eq(settings.key, SECRET_KEY)).limit(1);
  return row!.value as string;
}
