import { z } from 'zod';
import type { Db, DbOrTx } from '../../db/client.js';
import { invalidatesReadCache } from '../../db/read-cache.js';
import type { Actor } from '../../http/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { getOrganisationProfile, readSetting, writeSetting } from '../settings/settings.service.js';
import { loadBusinessCalendar } from '../sla/calendars.service.js';
import { periodsSchema } from '../sla/sla.schemas.js';
import { callingCalendar } from './calling-windows.js';

/**
 * The follow-up plugin (issue 19): off by default (the seed: "Disabled by default; enable manually"). While off, a
 * follow-up node in a workflow creates no task and the workspace is not offered.
 */
export const followUpSettingsSchema = z.object({
  enabled: z.boolean().describe('The plugin switch: follow-up nodes create tasks and agents get their workspace.'),
  callingWindows: periodsSchema
    .min(1)
    .describe(
      'When customers may be called, local time of the organisation’s time zone (customers have no zone of their own).',
    ),
  holidayCalendarId: z
    .uuid()
    .nullable()
    .describe(
      'A business calendar whose holidays are no-call days (its make-up working days are ordinary days); null: none.',
    ),
  retry: z
    .object({
      afterMinutes: z
        .number()
        .int()
        .min(1)
        .max(7 * 24 * 60)
        .describe('An unanswered call is retried this long after.'),
      maxAttempts: z
        .number()
        .int()
        .min(1)
        .max(20)
        .describe('After this many unanswered calls the task closes as unreachable.'),
    })
    .describe('The retry rule for customers who do not answer.'),
  dueHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .describe('A task is due this many hours after it is created, unless its node or rule says otherwise.'),
});
export type FollowUpSettings = z.infer<typeof followUpSettingsSchema>;

export const DEFAULT_FOLLOW_UP_SETTINGS: FollowUpSettings = {
  enabled: false,
  callingWindows: [
    { start: '09:00', end: '12:00' },
    { start: '14:00', end: '20:00' },
  ],
  holidayCalendarId: null,
  retry: { afterMinutes: 120, maxAttempts: 3 },
  dueHours: 48,
};

const KEY = 'follow_up_settings';

export async function getFollowUpSettings(db: DbOrTx): Promise<FollowUpSettings> {
  const stored = (await readSetting(db, KEY)) as Partial<FollowUpSettings> | undefined;
  return { ...DEFAULT_FOLLOW_UP_SETTINGS, ...(stored ?? {}) };
}

export async function updateFollowUpSettings(db: Db, actor: Actor, input: FollowUpSettings) {
  return invalidatesReadCache(
    db.transaction(async (tx) => {
      const before = await getFollowUpSettings(tx);
      await writeSetting(tx, KEY, input);
      await recordAudit(tx, actor, {
        action:
          before.enabled === input.enabled
            ? 'settings.follow_up_updated'
            : input.enabled
              ? 'settings.follow_up_enabled'
              : 'settings.follow_up_disabled',
        entityType: 'settings',
        entityId: KEY,
        before,
        after: input,
      });
      return input;
    }),
  );
}

/** The calling calendar now in force: the settings' windows in the organisation's zone, minus the chosen holidays. */
export async function currentCallingCalendar(db: DbOrTx) {
  const [settings, profile] = await Promise.all([getFollowUpSettings(db), getOrganisationProfile(db)]);
  const holidays = settings.holidayCalendarId ? await loadBusinessCalendar(db, settings.holidayCalendarId) : null;
  return { settings, calendar: callingCalendar(settings, profile.timeZone, holidays) };
}
