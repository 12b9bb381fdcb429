/**
 * SLA vocabulary shared by the server and the console (issue 17, ../shared/PRODUCT.md "Closed loop").
 */

/** How a policy counts time: working hours of a business calendar, or every hour (24/7). */
export const SLA_HOURS = ['business', 'always'] as const;
export type SlaHours = (typeof SLA_HOURS)[number];

/** What a breached target does: escalate to the next manager up, notify the owner's chain, or reassign. */
export const SLA_BREACH_ACTIONS = ['escalate', 'notify', 'reassign'] as const;
export type SlaBreachAction = (typeof SLA_BREACH_ACTIONS)[number];

/** A remediation case's statuses; `waiting_customer` pauses the clock under the default policy. */
export const CASE_STATUSES = [
  'open',
  'contacted',
  'resolving',
  'waiting_customer',
  'resolved',
  'closed',
  'reopened',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Statuses a policy may pause its clock in (an ended case stops its clock anyway). */
export const PAUSABLE_CASE_STATUSES = ['contacted', 'resolving', 'waiting_customer'] as const;

/** Default targets (PRODUCT.md): first contact within 2 hours, resolution within 48 hours. */
export const DEFAULT_FIRST_CONTACT_MINUTES = 120;
export const DEFAULT_RESOLUTION_MINUTES = 48 * 60;
