/**
 * Remediation cases (issue 17, PRODUCT.md "Closed loop"): severities, the status graph and the timeline's entry
 * kinds, shared by the server (which enforces them) and the console (which offers only the allowed moves).
 */
import type { CaseStatus } from './sla.js';

export const CASE_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type CaseSeverity = (typeof CASE_SEVERITIES)[number];

/** The moves a case may make. Closing needs a root cause and the corrective action; a closed case can reopen. */
export const CASE_TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  open: ['contacted', 'resolving', 'waiting_customer', 'resolved'],
  contacted: ['resolving', 'waiting_customer', 'resolved'],
  resolving: ['waiting_customer', 'resolved'],
  waiting_customer: ['contacted', 'resolving', 'resolved'],
  resolved: ['closed', 'reopened'],
  closed: ['reopened'],
  reopened: ['contacted', 'resolving', 'waiting_customer', 'resolved'],
};

/** Statuses in which the customer has been reached (the first move into one ends the first-contact target). */
export const CONTACTED_STATUSES: readonly CaseStatus[] = ['contacted', 'resolving', 'waiting_customer', 'resolved'];
/** Statuses that end the SLA clock. */
export const ENDED_STATUSES: readonly CaseStatus[] = ['resolved', 'closed'];

export const CASE_ENTRY_KINDS = [
  'opened',
  'status_changed',
  'note',
  'call',
  'assigned',
  'escalated',
  'warned',
  'breached',
  'reinvited',
  'rerated',
] as const;
export type CaseEntryKind = (typeof CASE_ENTRY_KINDS)[number];

/** A case's two SLA targets, and what their timers fire: a warning before the due time, then the breach. */
export const SLA_TARGETS = ['first_contact', 'resolution'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];
export const SLA_TIMER_KINDS = ['warning', 'breach'] as const;
export type SlaTimerKind = (typeof SLA_TIMER_KINDS)[number];
