/** Which roles may open which console area. The server enforces the same rules; this only shapes the menu. */
export const areaRoles = {
  home: null,
  departments: ['admin', 'supervisor', 'analyst'],
  employees: ['admin', 'supervisor', 'analyst'],
  serviceTypes: ['admin'],
  apiKeys: ['admin'],
  audit: ['admin'],
  channels: ['admin'],
  messageTemplates: ['admin'],
  templates: ['admin', 'supervisor', 'engineer', 'follow_up_agent', 'analyst'],
  rules: ['admin', 'supervisor', 'analyst'],
  // Every role holds work_orders.read (src/common/roles.ts); actions are gated by permission on the screens.
  workOrders: ['admin', 'supervisor', 'engineer', 'follow_up_agent', 'analyst'],
  // GET /invitations needs work_orders.read, like the work orders.
  invitations: ['admin', 'supervisor', 'engineer', 'follow_up_agent', 'analyst'],
} as const satisfies Record<string, readonly string[] | null>;

export type Area = keyof typeof areaRoles;

export function canAccess(roles: readonly string[] | undefined, area: Area): boolean {
  const allowed: readonly string[] | null = areaRoles[area];
  if (allowed === null) return true;
  return (roles ?? []).some((role) => allowed.includes(role));
}

export function isAdmin(roles: readonly string[] | undefined): boolean {
  return (roles ?? []).includes('admin');
}
