import type { notifications } from '../../db/schema/notifications.js';
import type { NotificationView } from './notifications.schemas.js';

export type NotificationRow = typeof notifications.$inferSelect;

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown) => (typeof v === 'string' ? v : null);

export function presentNotification(r: NotificationRow): NotificationView {
  const d = r.data;
  const target = str(d.target);
  return {
    id: r.id,
    kind: r.kind,
    severity: r.severity,
    workOrderId: r.workOrderId,
    caseId: r.caseId,
    ratingId: r.ratingId,
    caseNumber: num(d.caseNumber) ?? num(d.number),
    ruleName: str(d.ruleName),
    target: target === 'first_contact' || target === 'resolution' ? target : null,
    dueAt: str(d.dueAt),
    level: num(d.level),
    createdAt: r.createdAt.toISOString(),
    readAt: r.readAt?.toISOString() ?? null,
  };
}
