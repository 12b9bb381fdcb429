/**
 * Files a domain event's notifications (issue 17): an inbox item for each person the event names, and — per their
 * preferences — a place in their next e-mail / SMS. Runs in the `notifications` processor's transaction, so the items,
 * the pending sends and their jobs commit exactly when the event counts as handled; a replayed event files nothing
 * twice (one item per event and person).
 */
import { and, eq, max, sql } from 'drizzle-orm';
import type { NotificationChannel, NotificationKind } from '../../../common/notifications.js';
import type { DbOrTx } from '../../db/client.js';
import { notificationSends, notifications } from '../../db/schema/notifications.js';
import { SYSTEM_ACTOR } from '../../http/principal.js';
import type { JobQueue } from '../../jobs/queue.js';
import { type DomainEventType, recordEvent } from '../events/events.service.js';
import type { PositionedEvent } from '../events/positions.js';
import { employeeContacts } from '../org/lookups.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import { calendarForDepartment } from '../sla/calendars.service.js';
import { sendNotificationsJob } from './notifications.jobs.js';
import { type NotificationPreferences, preferencesOf } from './preferences.service.js';
import { nextSendAt } from './schedule.js';

/** The events that notify someone, and what their inbox item is. */
export const NOTIFYING_EVENTS = {
  'alert.raised': 'alert',
  'case.opened': 'case_opened',
  'case.sla_warning': 'case_warning',
  'case.breached': 'case_breached',
  'case.escalated': 'case_escalated',
  'case.reassigned': 'case_reassigned',
} as const satisfies Partial<Record<DomainEventType, NotificationKind>>;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * Who an event tells: `data.notify`. A case opened by hand tells its owner (unless they opened it themselves); one
 * opened by an alert rule is told through that rule's `alert.raised`, so the owner is not told twice.
 */
export function recipientsOf(event: PositionedEvent): string[] {
  const data = (event.data ?? {}) as Record<string, unknown>;
  if (event.type === 'case.opened') {
    const owner = typeof data.ownerId === 'string' ? data.ownerId : null;
    if (!owner || event.actorType === 'system' || event.actorId === owner) return [];
    return [owner];
  }
  return [...new Set(strings(data.notify))];
}

/** Serialises filing and sending for one person: a send claims exactly the items filed before it. */
export async function lockPerson(tx: DbOrTx, employeeId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`notifications:${employeeId}`}, 0))`);
}

export async function fileNotifications(
  tx: DbOrTx,
  jobs: JobQueue,
  event: PositionedEvent,
  now: Date,
): Promise<number> {
  const kind = NOTIFYING_EVENTS[event.type as keyof typeof NOTIFYING_EVENTS];
  const ids = recipientsOf(event);
  if (!kind || ids.length === 0) return 0;
  const people = (await employeeContacts(tx, ids)).filter((p) => p.active);
  if (people.length === 0) return 0;
  const prefs = await preferencesOf(
    tx,
    people.map((p) => p.id),
  );
  const data = (event.data ?? {}) as Record<string, unknown>;
  const filed: string[] = [];
  for (const person of [...people].sort((a, b) => a.id.localeCompare(b.id))) {
    const pref = prefs.get(person.id)!;
    const wantsEmail = pref.email && !!person.email;
    const wantsSms = pref.sms && !!person.phone;
    await lockPerson(tx, person.id);
    const [row] = await tx
      .insert(notifications)
      .values({
        employeeId: person.id,
        eventId: event.id,
        kind,
        severity: typeof data.severity === 'string' ? data.severity : null,
        workOrderId: event.workOrderId,
        caseId: event.subjectType === 'case' ? event.subjectId : typeof data.caseId === 'string' ? data.caseId : null,
        ratingId: typeof data.ratingId === 'string' ? data.ratingId : null,
        data: notificationData(data),
        createdAt: now,
        wantsEmail,
        wantsSms,
      })
      .onConflictDoNothing()
      .returning({ id: notifications.id });
    if (!row) continue;
    filed.push(person.id);
    const channels: NotificationChannel[] = [
      ...(wantsEmail ? ['email' as const] : []),
      ...(wantsSms ? ['sms' as const] : []),
    ];
    for (const channel of channels) {
      await ensurePendingSend(tx, jobs, { ...person, pref }, channel, now);
    }
  }
  if (filed.length > 0) {
    // The consoles of the people told refresh their badge and inbox (the live stream filters by work-order scope).
    await recordEvent(tx, SYSTEM_ACTOR, {
      type: 'notification.created',
      workOrderId: event.workOrderId,
      subjectType: 'notification',
      subjectId: event.id,
      data: { kind, employeeIds: filed },
    });
  }
  return filed.length;
}

/** What the inbox and the message show; only plain values of the event, never the whole payload. */
function notificationData(data: Record<string, unknown>): Record<string, unknown> {
  const keep = ['number', 'caseNumber', 'ruleName', 'target', 'dueAt', 'level', 'severity', 'ratingId'] as const;
  return Object.fromEntries(keep.flatMap((k) => (data[k] === undefined || data[k] === null ? [] : [[k, data[k]]])));
}

/**
 * Makes sure a message to this person by this channel is pending: an existing pending one will carry the new item;
 * otherwise a new one is due when `nextSendAt` allows, and its job is enqueued in this transaction.
 */
async function ensurePendingSend(
  tx: DbOrTx,
  jobs: JobQueue,
  person: { id: string; departmentId: string | null; pref: NotificationPreferences },
  channel: NotificationChannel,
  now: Date,
) {
  const [pending] = await tx
    .select({ id: notificationSends.id })
    .from(notificationSends)
    .where(
      and(
        eq(notificationSends.employeeId, person.id),
        eq(notificationSends.channel, channel),
        eq(notificationSends.status, 'pending'),
      ),
    );
  if (pending) return;
  const [last] = await tx
    .select({ at: max(notificationSends.startedAt) })
    .from(notificationSends)
    .where(and(eq(notificationSends.employeeId, person.id), eq(notificationSends.channel, channel)));
  // One statement at a time: a transaction is one connection.
  const calendar = person.pref.quietHours ? await calendarForDepartment(tx, person.departmentId) : null;
  const profile = await getOrganisationProfile(tx);
  const dueAt = nextSendAt({
    now,
    lastStartedAt: last?.at ?? null,
    digest: person.pref.digest,
    quietHours: person.pref.quietHours,
    calendar,
    timeZone: profile.timeZone,
  });
  const [send] = await tx
    .insert(notificationSends)
    .values({ employeeId: person.id, channel, dueAt })
    .returning({ id: notificationSends.id });
  await jobs.send(sendNotificationsJob, { sendId: send!.id }, { tx, startAfter: dueAt });
}
