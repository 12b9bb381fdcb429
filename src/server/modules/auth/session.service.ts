import { and, eq, gt, inArray, lt } from 'drizzle-orm';
import { permissionsOfRoles } from '../../../common/roles.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { accounts, sessions } from '../../db/schema/auth.js';
import { employees } from '../../db/schema/org.js';
import type { Principal } from '../../http/principal.js';
import { randomToken, sha256 } from './crypto.js';

export const SESSION_COOKIE = 'rl_session';
export const CSRF_COOKIE = 'rl_csrf';

export async function createSession(
  db: Db,
  accountId: string,
  ttlHours: number,
  meta: { ip: string | null; userAgent: string | null },
) {
  const token = randomToken(32);
  const csrfToken = randomToken(24);
  const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
  await db.insert(sessions).values({
    idHash: sha256(token),
    accountId,
    csrfToken,
    expiresAt,
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken, expiresAt };
}

/** The user behind a session cookie, or null when the session is unknown, expired, or the employee inactive. */
export async function resolveSession(db: Db, token: string, ttlHours: number): Promise<Principal | null> {
  const idHash = sha256(token);
  const now = new Date();
  const [row] = await db
    .select({
      accountId: accounts.id,
      employeeId: employees.id,
      username: accounts.username,
      name: employees.name,
      roles: employees.roles,
      active: employees.active,
      mustChangePassword: accounts.mustChangePassword,
      csrfToken: sessions.csrfToken,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .innerJoin(employees, eq(employees.id, accounts.employeeId))
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now)))
    .limit(1);
  if (!row?.active) return null;
  // Sliding expiry, written at most every tenth of the lifetime.
  const ttlMs = ttlHours * 3600_000;
  if (row.expiresAt.getTime() - now.getTime() < ttlMs * 0.9) {
    await db
      .update(sessions)
      .set({ expiresAt: new Date(now.getTime() + ttlMs) })
      .where(eq(sessions.idHash, idHash));
  }
  return {
    kind: 'user',
    accountId: row.accountId,
    employeeId: row.employeeId,
    username: row.username,
    name: row.name,
    roles: row.roles,
    permissions: permissionsOfRoles(row.roles),
    mustChangePassword: row.mustChangePassword,
    sessionHash: idHash,
    csrfToken: row.csrfToken,
  };
}

export async function deleteSession(db: Db, sessionHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, sessionHash));
}

export async function deleteExpiredSessions(db: Db): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
}

/** Ends every session of an employee's login (when they are deactivated); returns how many ended. */
export async function endSessionsOfEmployee(tx: DbOrTx, employeeId: string): Promise<number> {
  const ended = await tx
    .delete(sessions)
    .where(
      inArray(
        sessions.accountId,
        tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.employeeId, employeeId)),
      ),
    )
    .returning({ idHash: sessions.idHash });
  return ended.length;
}
