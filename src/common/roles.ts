/** The roles a person can hold (several at once). */
export const ROLES = ['admin', 'supervisor', 'engineer', 'follow_up_agent', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Permissions are what routes ask for. Roles (console users) and scopes (API keys) both map onto them,
 * so one authorisation mechanism serves both kinds of caller.
 */
export const PERMISSIONS = [
  'org.read',
  'org.write',
  'service_types.read',
  'service_types.write',
  'api_keys.manage',
  'audit.read',
  'templates.read',
  'templates.write',
  'rules.read',
  'rules.write',
  'settings.write',
  'work_orders.read',
  'work_orders.write',
  'work_orders.skip_rating',
  /** Send a completed work order back for rework (completed → in_service): its nodes run again. */
  'work_orders.rework',
  'workflows.write',
  'ratings.read',
  'channels.read',
  'channels.write',
  /**
   * See the live token and link of an invitation that is sent to the customer (SMS, e-mail, WeChat, webhook) and
   * copy it; audited (`invitation.links_revealed`). QR invitations are shown on site and need only `work_orders.read`.
   */
  'invitations.reveal_link',
  /** Outbound event webhooks: endpoints, their secrets, the delivery log, replays and test events (admins). */
  'webhooks.manage',
  /** Dashboard figures and the drill-down list (issue 16); supervisors get their subtree's (access/scope.ts). */
  'analytics.read',
  /**
   * One's own report page and the ratings behind it (issue 18): what an engineer gets. With `analytics.read` it is
   * every page the caller's scope allows; without it, only the caller's own (`analytics/filters.ts` `selfOnly`).
   */
  'analytics.self',
  /** Business calendars and SLA policies (issue 17): read by supervisors and analysts, changed by admins. */
  'sla.read',
  'sla.write',
  /** Remediation cases (issue 17): supervisors see their subtree's and their own; follow-up agents work every case. */
  'cases.read',
  'cases.write',
  /** Scheduled report e-mails (issue 18): schedules, their recipients, the "send now" preview (admins, analysts). */
  'reports.manage',
  /** The follow-up workspace (issue 19): one's own queue of follow-up tasks — calls, outcomes, the survey. */
  'follow_ups.work',
  /**
   * Follow-up tasks of one's teams (supervisors: their subtree's agents and groups; admins: all): workload, overdue,
   * reach and completion, reassignment and agents' capacity.
   */
  'follow_ups.manage',
  /**
   * Retention of personal data and per-contact export and erase (issue 21): admins; every use of export and erase is
   * audited.
   */
  'privacy.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  supervisor: [
    'org.read',
    'service_types.read',
    'templates.read',
    'rules.read',
    'work_orders.read',
    'work_orders.write',
    'work_orders.skip_rating',
    'work_orders.rework',
    'ratings.read',
    'analytics.read',
    'analytics.self',
    'sla.read',
    'cases.read',
    'cases.write',
    'follow_ups.work',
    'follow_ups.manage',
  ],
  engineer: ['service_types.read', 'templates.read', 'work_orders.read', 'work_orders.write', 'analytics.self'],
  follow_up_agent: [
    'service_types.read',
    'templates.read',
    'work_orders.read',
    'ratings.read',
    'cases.read',
    'cases.write',
    'follow_ups.work',
  ],
  analyst: [
    'org.read',
    'service_types.read',
    'templates.read',
    'rules.read',
    'work_orders.read',
    'ratings.read',
    'analytics.read',
    'analytics.self',
    'sla.read',
    'cases.read',
    'reports.manage',
  ],
};

/** API-key scopes: coarse bundles an integrator understands. `api_keys.manage` is never grantable to a key. */
export const SCOPES = [
  'org:read',
  'org:write',
  'service-types:read',
  'service-types:write',
  'audit:read',
  'templates:read',
  'templates:write',
  'rules:read',
  'rules:write',
  'work-orders:read',
  'work-orders:write',
  'ratings:read',
  'invitation-links:read',
  'webhooks:manage',
  'analytics:read',
  'sla:read',
  'sla:write',
  'cases:read',
  'cases:write',
  'reports:manage',
  'privacy:manage',
] as const;
export type Scope = (typeof SCOPES)[number];

export const SCOPE_PERMISSIONS: Record<Scope, readonly Permission[]> = {
  'org:read': ['org.read'],
  'org:write': ['org.read', 'org.write'],
  'service-types:read': ['service_types.read'],
  'service-types:write': ['service_types.read', 'service_types.write'],
  'audit:read': ['audit.read'],
  'templates:read': ['templates.read'],
  'templates:write': ['templates.read', 'templates.write'],
  'rules:read': ['rules.read'],
  'rules:write': ['rules.read', 'rules.write'],
  'work-orders:read': ['work_orders.read'],
  'work-orders:write': ['work_orders.read', 'work_orders.write', 'work_orders.rework'],
  'ratings:read': ['ratings.read'],
  /**
   * For integrations that deliver links through their own channels: the live token and url of every invitation
   * (each reveal audited). Combine with `work-orders:read` to list them; `work-orders:read` alone gets masked links.
   */
  'invitation-links:read': ['invitations.reveal_link'],
  /** An integration that registers its own webhook endpoints (and rotates their secrets). */
  'webhooks:manage': ['webhooks.manage'],
  /** Dashboard figures, series and the drill-down list (organisation-wide for a key). */
  'analytics:read': ['analytics.read', 'analytics.self'],
  /** Business calendars and SLA policies (e.g. a holiday calendar kept in sync by an HR system). */
  'sla:read': ['sla.read'],
  'sla:write': ['sla.read', 'sla.write'],
  /** Remediation cases, e.g. a CRM that mirrors or works them. */
  'cases:read': ['cases.read'],
  'cases:write': ['cases.read', 'cases.write'],
  /** Scheduled report e-mails (issue 18): an integration that keeps the schedules in step with its own directory. */
  'reports:manage': ['reports.manage'],
  /** A CRM that forwards customers' access and erase requests (retention settings, export, erase). */
  'privacy:manage': ['privacy.manage'],
};

export function permissionsOfRoles(roles: readonly string[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const role of roles) for (const p of ROLE_PERMISSIONS[role as Role] ?? []) out.add(p);
  return out;
}

export function permissionsOfScopes(scopes: readonly string[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const scope of scopes) for (const p of SCOPE_PERMISSIONS[scope as Scope] ?? []) out.add(p);
  return out;
}

/**
 * The roles among `roles` that carry a permission `held` does not: granting them would give someone more power than
 * the granter has (an `org:write` key minting an admin). `undefined` stands for the system, which holds everything.
 */
export function rolesBeyond(held: ReadonlySet<Permission> | undefined, roles: readonly string[]): string[] {
  if (!held) return [];
  return roles.filter((role) => (ROLE_PERMISSIONS[role as Role] ?? []).some((p) => !held.has(p)));
}
