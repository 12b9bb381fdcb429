import { type Permission, permissionsOfRoles } from '../../common/roles';

/**
 * The permission each console area needs — the one its API routes ask for, so the menu follows `src/common/roles.ts`
 * (the one source of truth for who may do what) instead of keeping role lists of its own. The server enforces the
 * permission and, on work orders, invitations and ratings, the caller's resource scope; this only shapes the menu.
 */
export const areaPermissions = {
  home: null,
  // The dashboard, the ratings list and a rating's detail (every /analytics/* route asks for analytics.read).
  analytics: 'analytics.read',
  // My report: an engineer's own page (GET /analytics/members/engineer/{own id} asks for analytics.self).
  myReport: 'analytics.self',
  departments: 'org.read',
  employees: 'org.read',
  // The area manages service types; everyone may read them (pickers), only writers get the screen.
  serviceTypes: 'service_types.write',
  apiKeys: 'api_keys.manage',
  audit: 'audit.read',
  channels: 'channels.read',
  // Message templates are part of the channel set-up (their routes ask for channels.read / channels.write).
  messageTemplates: 'channels.read',
  // The sandbox inbox shows live invitation links (GET /sandbox/messages asks for invitations.reveal_link).
  sandbox: 'invitations.reveal_link',
  templates: 'templates.read',
  rules: 'rules.read',
  workOrders: 'work_orders.read',
  // GET /invitations needs work_orders.read, like the work orders.
  invitations: 'work_orders.read',
  // Settings → System: event processors, parked events (GET /system/processors asks for settings.write).
  system: 'settings.write',
  // Outbound webhooks: endpoints, secrets, the delivery log (every /webhook-* route asks for webhooks.manage).
  webhooks: 'webhooks.manage',
  // Analytics → My exports (every /exports route asks for analytics.read).
  exports: 'analytics.read',
  // Analytics → Scheduled reports (every /report-schedules route asks for reports.manage).
  reports: 'reports.manage',
  // Remediation cases: the list with the supervisor's overview, a case's page (every /cases route asks cases.read).
  cases: 'cases.read',
  // Settings → SLA policies and business calendars (/sla-policies, /business-calendars ask for sla.read).
  sla: 'sla.read',
  // Settings → Alert rules (GET /alert-rules asks for cases.read; changing them asks for sla.write).
  alertRules: 'cases.read',
  // Settings → Keyword dictionary (GET /analytics/keyword-dictionary asks analytics.read; PUT settings.write).
  keywordDictionary: 'settings.write',
  // Follow-up (回访): the agent's queue and a task's page (every /follow-ups/tasks route asks for follow_ups.work),
  // the team's workload and reassignment (follow_ups.manage), Settings → Follow-up (PUT asks for settings.write).
  followUps: 'follow_ups.work',
  followUpTeam: 'follow_ups.manage',
  followUpSettings: 'settings.write',
  // Settings → Organisation profile: GET /settings/organisation asks only for a session (every screen reads the time
  // zone), PATCH for settings.write. The screen goes to those who read the organisation (admins, supervisors,
  // analysts); only settings.write edits it, the others get it read-only.
  organisation: 'org.read',
  // Settings → Privacy: retention periods, the nightly run, one person's export and erase (every /privacy/* route
  // asks for privacy.manage: admins).
  privacy: 'privacy.manage',
} as const satisfies Record<string, Permission | null>;

export type Area = keyof typeof areaPermissions;

export function hasPermission(roles: readonly string[] | undefined, permission: Permission): boolean {
  return permissionsOfRoles(roles ?? []).has(permission);
}

export function canAccess(roles: readonly string[] | undefined, area: Area): boolean {
  const needed: Permission | null = areaPermissions[area];
  return needed === null || hasPermission(roles, needed);
}

export function isAdmin(roles: readonly string[] | undefined): boolean {
  return (roles ?? []).includes('admin');
}
