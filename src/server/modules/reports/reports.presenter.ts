import type { reportSchedules, reportSendRecipients, reportSends } from '../../db/schema/reports.js';
import { addDays, localDay } from '../analytics/local-time.js';
import type { ReportScheduleView, ReportSendView } from './reports.schemas.js';

type ScheduleRow = typeof reportSchedules.$inferSelect;
type SendRow = typeof reportSends.$inferSelect;
type RecipientRow = typeof reportSendRecipients.$inferSelect;

export function presentSchedule(row: ScheduleRow, lastSend: SendRow | null): ReportScheduleView {
  return {
    id: row.id,
    name: row.name,
    cadence: row.cadence,
    filters: row.filters,
    recipients: row.recipients,
    enabled: row.enabled,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastSend: lastSend
      ? {
          periodStart: lastSend.periodStart.toISOString(),
          status: lastSend.status,
          sentAt: lastSend.sentAt?.toISOString() ?? null,
        }
      : null,
  };
}

export function presentSend(row: SendRow, recipients: RecipientRow[], timeZone: string): ReportSendView {
  return {
    id: row.id,
    period: {
      from: row.periodStart.toISOString(),
      to: row.periodEnd.toISOString(),
      firstDay: localDay(row.periodStart, timeZone),
      lastDay: addDays(localDay(row.periodEnd, timeZone), -1),
    },
    status: row.status,
    recipientsCount: row.recipientsCount,
    sentCount: row.sentCount,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    recipients: recipients.map((r) => ({
      email: r.email,
      language: r.language,
      status: r.status,
      errorCode: r.errorCode,
    })),
  };
}
