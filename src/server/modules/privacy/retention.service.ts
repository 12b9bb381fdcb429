/**
 * Retention (issue 21): how long personal data live, and the nightly job that removes what is older. Each owning
 * module removes its own rows (`<module>/privacy.ts`); this service decides what is due and walks it in batches, one
 * transaction per batch. Every batch marks what it did, so a run cut short (a crash, a deploy) resumes where it
 * stopped and a second run finds nothing to do. Scores, classes and rollups are never touched: figures stay exact.
 */
import { DateTime } from 'luxon';
import type { Db, DbOrTx } from '../../db/client.js';
import { invalidatesReadCache } from '../../db/read-cache.js';
import type { Actor } from '../../http/principal.js';
import { redactFactTexts } from '../analytics/privacy.js';
import { recordAudit } from '../audit/audit.service.js';
import { redactCaseTexts } from '../cases/privacy.js';
import { forgetSandboxMessages } from '../channels/privacy.js';
import { hashOptOuts, redactAttemptResponses } from '../delivery/privacy.js';
import { redactContactChanges } from '../events/privacy.js';
import { redactFollowUpTexts } from '../follow-ups/privacy.js';
import { invitationIdsOfWorkOrders, redactInvitationContacts } from '../invitations/privacy.js';
import { forgetPortalAddresses } from '../portal/privacy.js';
import { countRatingsDueForTextRedaction, ratingsDueForTextRedaction, redactRatingTexts } from '../ratings/privacy.js';
import { getOrganisationProfile, readSetting, writeSetting } from '../settings/settings.service.js';
import { templateRetentions, textKeysOfVersions } from '../templates/retention.js';
import {
  countWorkOrdersDueForContactRedaction,
  forgetImportFiles,
  forgetWechatIds,
  redactWorkOrderContacts,
  workOrdersDueForContactRedaction,
} from '../work-orders/privacy.js';
import type { RetentionRun, RetentionSettings } from './privacy.schemas.js';

const SETTINGS_KEY = 'privacy_retention';
const RUN_KEY = 'privacy_retention_run';
const DEFAULT_SETTINGS: RetentionSettings = { contactDays: null, freeTextDays: null };
/** The nightly run's local time (the schedule in modules/index.ts runs hourly; the job acts at this hour). */
export const RETENTION_HOUR = 3;
const BATCH = 500;

export async function getRetentionSettings(db: DbOrTx): Promise<RetentionSettings> {
  return { ...DEFAULT_SETTINGS, ...((await readSetting(db, SETTINGS_KEY)) as Partial<RetentionSettings> | undefined) };
}

export async function updateRetentionSettings(db: Db, actor: Actor, input: RetentionSettings) {
  return invalidatesReadCache(
    db.transaction(async (tx) => {
      const before = await getRetentionSettings(tx);
      await writeSetting(tx, SETTINGS_KEY, input);
      await recordAudit(tx, actor, {
        action: 'settings.retention_updated',
        entityType: 'settings',
        entityId: SETTINGS_KEY,
        before,
        after: input,
      });
      return input;
    }),
  );
}

export async function lastRetentionRun(db: DbOrTx): Promise<RetentionRun | null> {
  return ((await readSetting(db, RUN_KEY)) as RetentionRun | undefined) ?? null;
}

/** The next nightly run: 03:30 in the organisation's time zone, today's if still ahead. */
export function nextRetentionRun(timeZone: string, now: Date): Date {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  let next = local.set({ hour: RETENTION_HOUR, minute: 30, second: 0, millisecond: 0 });
  if (next <= local) next = next.plus({ days: 1 });
  return next.toJSDate();
}

const daysBefore = (at: Date, days: number) => new Date(at.getTime() - days * 86_400_000);

/** The templates' effective free-text retention (their own, else the default), those with none left out. */
async function freeTextPlans(db: DbOrTx, settings: RetentionSettings) {
  return (await templateRetentions(db))
    .map((t) => ({ ...t, days: t.freeTextRetentionDays ?? settings.freeTextDays }))
    .filter((t): t is typeof t & { days: number } => t.days !== null);
}

/** What the run at `at` (by default the next nightly one) would remove: the console's "N records tonight". */
export async function previewRetention(db: DbOrTx, now: Date, at?: Date) {
  const settings = await getRetentionSettings(db);
  const asOf = at ?? nextRetentionRun((await getOrganisationProfile(db)).timeZone, now);
  const workOrders =
    settings.contactDays === null
      ? 0
      : await countWorkOrdersDueForContactRedaction(db, daysBefore(asOf, settings.contactDays));
  const all = await templateRetentions(db);
  const templates = [];
  for (const t of all) {
    const days = t.freeTextRetentionDays ?? settings.freeTextDays;
    const ratings = days === null ? 0 : await countRatingsDueForTextRedaction(db, t.versionIds, daysBefore(asOf, days));
    templates.push({ templateId: t.templateId, name: t.name, days, ratings });
  }
  return {
    asOf: asOf.toISOString(),
    workOrders,
    ratings: templates.reduce((n, t) => n + t.ratings, 0),
    templates,
  };
}

type Counts = Record<string, number>;
const add = (counts: Counts, kind: string, n: number) => {
  if (n) counts[kind] = (counts[kind] ?? 0) + n;
};

/**
 * One retention run at `now`: contact data of work orders idle for `contactDays` (with their invitations, delivery
 * records and timeline quotes), then the short-lived rest (portal sign-ins, openids, sandbox messages, import files,
 * opt-outs kept as hashes), then free text by template and the default. Progress is written after every batch, in
 * the batch's transaction, so `/metrics` and the console follow it.
 */
export async function runRetention(db: Db, now: Date): Promise<RetentionRun> {
  const settings = await getRetentionSettings(db);
  const run: RetentionRun = { startedAt: now.toISOString(), finishedAt: null, counts: {} };
  const save = (tx: DbOrTx) => writeSetting(tx, RUN_KEY, run);
  await save(db);

  if (settings.contactDays !== null) {
    const before = daysBefore(now, settings.contactDays);
    for (;;) {
      const ids = await workOrdersDueForContactRedaction(db, before, BATCH);
      if (!ids.length) break;
      await db.transaction(async (tx) => {
        const invitationIds = await invitationIdsOfWorkOrders(tx, ids);
        add(run.counts, 'workOrders', await redactWorkOrderContacts(tx, ids, now));
        add(run.counts, 'invitations', await redactInvitationContacts(tx, invitationIds, now));
        add(run.counts, 'deliveryAttempts', await redactAttemptResponses(tx, invitationIds));
        add(run.counts, 'events', await redactContactChanges(tx, ids));
        await save(tx);
      });
      if (ids.length < BATCH) break;
    }
    await db.transaction(async (tx) => {
      add(run.counts, 'portal', await forgetPortalAddresses(tx, { before }));
      add(run.counts, 'wechatIds', await forgetWechatIds(tx, { before }));
      add(run.counts, 'sandboxMessages', await forgetSandboxMessages(tx, { before }));
      add(run.counts, 'importFiles', await forgetImportFiles(tx, { before }));
      add(run.counts, 'optOutsHashed', await hashOptOuts(tx, { before }));
      await save(tx);
    });
  }

  for (const plan of await freeTextPlans(db, settings)) {
    const before = daysBefore(now, plan.days);
    for (;;) {
      const refs = await ratingsDueForTextRedaction(db, plan.versionIds, before, BATCH);
      if (!refs.length) break;
      await db.transaction(async (tx) => {
        const textKeys = await textKeysOfVersions(
          tx,
          refs.map((r) => r.templateVersionId),
        );
        add(run.counts, 'ratings', await redactRatingTexts(tx, refs, textKeys, now));
        await redactFactTexts(tx, refs, textKeys);
        await save(tx);
      });
      if (refs.length < BATCH) break;
    }
  }
  if (settings.freeTextDays !== null) {
    const before = daysBefore(now, settings.freeTextDays);
    await db.transaction(async (tx) => {
      add(run.counts, 'followUpTexts', await redactFollowUpTexts(tx, { before }));
      add(run.counts, 'caseTexts', await redactCaseTexts(tx, { before }));
      await save(tx);
    });
  }
  run.finishedAt = new Date().toISOString();
  await save(db);
  return run;
}
