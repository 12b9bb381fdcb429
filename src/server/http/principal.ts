import type { Permission } from '../../common/roles.js';

/** Who is calling: a console user (session cookie) or an integration (API key). */
export type Principal =
  | {
      kind: 'user';
      accountId: string;
      employeeId: string;
      username: string;
      name: string;
      roles: string[];
      permissions: Set<Permission>;
      mustChangePassword: boolean;
      sessionHash: string;
      csrfToken: string;
      /**
       * Pad mode: the device is in a customer's hands. Only the session probe, unlock and logout pass
       * (`http/access.ts`); everything else answers 423 `session-locked`.
       */
      suspended: boolean;
      /** While suspended: the work order the engineer handed the device over from. */
      padWorkOrderId: string | null;
    }
  | { kind: 'api_key'; apiKeyId: string; name: string; scopes: string[]; permissions: Set<Permission> };

/** Who to write in the audit log. */
export interface Actor {
  type: 'user' | 'api_key' | 'system';
  id: string | null;
  name: string | null;
  ip: string | null;
  /**
   * What the actor may do, for rules that depend on the actor's own power (granting roles). Absent for the system
   * (start-up, jobs, demo), which acts with every permission.
   */
  permissions?: ReadonlySet<Permission>;
  /**
   * A console user's roles (`id` is then their employee id): the resource scope (`modules/access/scope.ts`) derives
   * which work orders, invitations and ratings they may see from them. Absent for API keys and the system.
   */
  roles?: readonly string[];
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null, name: 'system', ip: null };

export function actorOf(principal: Principal | null, ip: string | null): Actor {
  if (!principal) return { ...SYSTEM_ACTOR, ip };
  const { permissions } = principal;
  if (principal.kind === 'user')
    return { type: 'user', id: principal.employeeId, name: principal.name, ip, permissions, roles: principal.roles };
  return { type: 'api_key', id: principal.apiKeyId, name: principal.name, ip, permissions };
}
