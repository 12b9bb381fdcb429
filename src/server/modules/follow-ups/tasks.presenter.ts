import type { followUpAttempts, followUpTasks } from '../../db/schema/follow-ups.js';
import type { TaskView } from './follow-ups.schemas.js';

export interface TaskWithWorkOrder {
  task: typeof followUpTasks.$inferSelect;
  workOrderNumber: string;
  subject: string;
  workOrderStatus: string;
  customerName: string | null;
  customerPhone: string | null;
  engineerIds: string[];
  departmentId: string | null;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** A task as the API shows it: with its work order's headline, names, and whether it is overdue or callable now. */
export function presentTask(row: TaskWithWorkOrder, names: Map<string, string>, now: Date): TaskView {
  const t = row.task;
  const open = t.status === 'pending' || t.status === 'in_progress';
  return {
    id: t.id,
    workOrderId: t.workOrderId,
    workOrderNumber: row.workOrderNumber,
    subject: row.subject,
    workOrderStatus: row.workOrderStatus,
    customerName: row.customerName,
    customerPhone: row.customerPhone,
    status: t.status,
    assignment: t.assignment,
    groupId: t.groupId,
    groupName: t.groupId ? (names.get(t.groupId) ?? null) : null,
    assigneeId: t.assigneeId,
    assigneeName: t.assigneeId ? (names.get(t.assigneeId) ?? null) : null,
    templateId: t.templateId,
    attempts: t.attempts,
    dueAt: iso(t.dueAt),
    overdue: open && t.dueAt !== null && t.dueAt <= now,
    nextCallAt: iso(t.nextCallAt),
    callableNow: open && (t.nextCallAt === null || t.nextCallAt <= now),
    ratingId: t.ratingId,
    result: t.result,
    createdAt: t.createdAt.toISOString(),
    closedAt: iso(t.closedAt),
  };
}

export function presentAttempt(a: typeof followUpAttempts.$inferSelect, agentName: string | null) {
  return {
    id: a.id,
    agentId: a.agentId,
    agentName,
    outcome: a.outcome,
    note: a.note,
    durationSeconds: a.durationSeconds,
    callId: a.callId,
    at: a.at.toISOString(),
  };
}
