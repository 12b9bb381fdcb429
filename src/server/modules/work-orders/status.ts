import type { WorkOrderStatus } from '../../db/schema/work-orders.js';
import type { Actor } from '../../http/principal.js';
import { conflict, fieldErrors, forbidden, issue } from '../../http/problem.js';

/**
 * The status machine: new → assigned → in_service → completed → closed, and cancelled from any open status.
 * Pragmatic extras, because integrations report what happened rather than every step:
 * new → in_service / completed, assigned → completed, and assigned → new (unassigned).
 * Rework: completed → in_service sends the work order back (a supervisor, or a follow-up outcome), with a reason; its
 * nodes run again in a new round. closed and cancelled are final.
 */
export const TRANSITIONS: Record<WorkOrderStatus, readonly WorkOrderStatus[]> = {
  new: ['assigned', 'in_service', 'completed', 'cancelled'],
  assigned: ['new', 'in_service', 'completed', 'cancelled'],
  in_service: ['completed', 'cancelled'],
  completed: ['closed', 'in_service'],
  closed: [],
  cancelled: [],
};

/** Statuses a work order may be created in (a closed or cancelled one would skip its workflow). */
export const INITIAL_STATUSES: readonly WorkOrderStatus[] = ['new', 'assigned', 'in_service', 'completed'];

export const canTransition = (from: WorkOrderStatus, to: WorkOrderStatus) => TRANSITIONS[from].includes(to);

export function assertTransition(from: WorkOrderStatus, to: WorkOrderStatus): void {
  if (!canTransition(from, to)) {
    const allowed = TRANSITIONS[from];
    throw conflict(
      `A work order cannot go from ${from} to ${to}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}.`,
      'illegal-transition',
      [issue('status', 'illegal_transition', `cannot change from ${from} to ${to}`, { from, to })],
    );
  }
}

export const isRework = (from: WorkOrderStatus, to: WorkOrderStatus) => from === 'completed' && to === 'in_service';

/** Rework needs `work_orders.rework` (supervisors, admins, `work-orders:write` keys) and a reason. */
export function assertMayRework(actor: Actor, reason: string | undefined): void {
  if (actor.permissions && !actor.permissions.has('work_orders.rework'))
    throw forbidden('Sending a work order back for rework needs the work_orders.rework permission.');
  if (!reason?.trim())
    throw fieldErrors([issue('reason', 'required', 'is required to send a work order back for rework')]);
}

/** The timestamp column a status sets when entered. */
export const STATUS_TIMESTAMP: Partial<Record<WorkOrderStatus, 'completedAt' | 'closedAt' | 'cancelledAt'>> = {
  completed: 'completedAt',
  closed: 'closedAt',
  cancelled: 'cancelledAt',
};
