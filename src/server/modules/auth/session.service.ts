import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, inArray, isNotNull, lt } from 'drizzle-orm';
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
      suspendedAt: sessions.suspendedAt,
      padWorkOrderId: sessions.padWorkOrderId,
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
    suspended: row.suspendedAt !== null,
    padWorkOrderId: row.suspendedAt ? row.padWorkOrderId : null,
  };
}

/**
 * Pad mode: suspends a console session while a customer rates invitation `invitationId` on the device (called by
 * the work-orders module inside its transaction). Answers false when the session is gone.
 */
export async function suspendSession(
  tx: DbOrTx,
  sessionHash: string,
  pad: { invitationId: string; workOrderId: string },
): Promise<boolean> {
  const rows = await tx
    .update(sessions)
    .set({ suspendedAt: new Date(), padInvitationId: pad.invitationId, padWorkOrderId: pad.workOrderId })
    .where(eq(sessions.idHash, sessionHash))
    .returning({ idHash: sessions.idHash });
  return rows.length > 0;
}

/** Lifts the suspension after the engineer re-authenticated (`POST /auth/unlock`). */
export async function resumeSession(db: DbOrTx, sessionHash: string): Promise<void> {
  await db
    .update(sessions)
    .set({ suspendedAt: null, padInvitationId: null, padWorkOrderId: null })
    .where(eq(sessions.idHash, sessionHash));
}

/**
 * Pad mode's token: binds one invitation to one console session (the SHA-256 of its cookie), so only the device
 * whose session was suspended for that invitation can turn a customer's rating into a `pad` rating.
 */
export function padToken(appSecret: string, invitationId: string, sessionHash: string): string {
  return createHmac('sha256', appSecret).update(`pad\0${invitationId}\0${sessionHash}`).digest('base64url');
}

/**
 * Whether `token` is this browser's pad token for the invitation: the MAC matches the invitation and the session
 * cookie sent along, and that session is still suspended for this very invitation (unlocking ends the pad flow).
 */
export async function isPadRequest(
  db: DbOrTx,
  appSecret: string,
  input: { invitationId: string; sessionCookie: string | undefined; token: string | null | undefined },
): Promise<boolean> {
  const { token, sessionCookie, invitationId } = input;
  if (!token || !sessionCookie || token.length > 100) return false;
  const sessionHash = sha256(sessionCookie);
  const expected = Buffer.from(padToken(appSecret, invitationId, sessionHash));
  const given = Buffer.from(token);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
  const [row] = await db
    .select({ idHash: sessions.idHash })
    .from(sessions)
    .where(
      and(
        eq(sessions.idHash, sessionHash),
        eq(sessions.padInvitationId, invitationId),
        isNotNull(sessions.suspendedAt),
        gt(sessions.expiresAt, new Date()),
      ),
    )
    .limit(1);
  return row !== undefined;
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
