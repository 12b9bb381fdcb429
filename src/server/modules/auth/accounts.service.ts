import { eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { accounts, sessions } from '../../db/schema/auth.js';
import { employees } from '../../db/schema/org.js';
import { conflict, fieldError, tooManyRequests, unauthorized } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.service.js';
import { DUMMY_PASSWORD_HASH, generatePassword, hashPassword, verifyPassword } from './crypto.js';
import type { Actor } from './principal.js';

export const LOCKOUT = { maxFailures: 5, minutes: 15 } as const;
export const MIN_PASSWORD_LENGTH = 10;

/**
 * Creates the console login of an employee (called by the org module inside its transaction).
 * Without a password a random one is generated and returned once; the first login must change it.
 */
export async function createAccount(
  tx: DbOrTx,
  input: { employeeId: string; username: string; password?: string; mustChangePassword?: boolean },
): Promise<{ accountId: string; initialPassword: string }> {
  const username = input.username.trim();
  const [taken] = await tx
    .select({ id: accounts.id })
    .from(accounts)
    .where(sql`lower(${accounts.username}) = lower(${username})`)
    .limit(1);
  if (taken)
    throw conflict(`Username "${username}" is taken.`, 'conflict', [{ path: 'login.username', message: 'is taken' }]);
  const initialPassword = input.password ?? generatePassword();
  const [row] = await tx
    .insert(accounts)
    .values({
      employeeId: input.employeeId,
      username,
      passwordHash: await hashPassword(initialPassword),
      mustChangePassword: input.mustChangePassword ?? true,
    })
    .returning({ id: accounts.id });
  return { accountId: row!.id, initialPassword };
}

export async function findAccountByUsername(db: DbOrTx, username: string) {
  const [row] = await db
    .select({ account: accounts, employee: employees })
    .from(accounts)
    .innerJoin(employees, eq(employees.id, accounts.employeeId))
    .where(sql`lower(${accounts.username}) = lower(${username.trim()})`)
    .limit(1);
  return row ?? null;
}

/** Checks a username and password, counting failures and locking the account for a while after too many. */
export async function authenticate(db: Db, username: string, password: string, ip: string | null) {
  const found = await findAccountByUsername(db, username);
  if (!found) {
    await verifyPassword(password, DUMMY_PASSWORD_HASH);
    throw unauthorized('Wrong username or password.');
  }
  const { account, employee } = found;
  const now = Date.now();
  if (account.lockedUntil && account.lockedUntil.getTime() > now) {
    throw tooManyRequests(
      'Too many failed logins: this account is temporarily locked. Try again later.',
      (account.lockedUntil.getTime() - now) / 1000,
    );
  }
  const ok = await verifyPassword(password, account.passwordHash);
  if (!ok || !employee.active) {
    const failures = account.failedLogins + 1;
    const lock = failures >= LOCKOUT.maxFailures;
    await db.transaction(async (tx) => {
      await tx
        .update(accounts)
        .set({
          failedLogins: lock ? 0 : failures,
          lockedUntil: lock ? new Date(now + LOCKOUT.minutes * 60_000) : account.lockedUntil,
        })
        .where(eq(accounts.id, account.id));
      if (lock) {
        await recordAudit(
          tx,
          { type: 'system', id: null, name: 'system', ip },
          {
            action: 'auth.account_locked',
            entityType: 'account',
            entityId: account.id,
            after: { username: account.username },
          },
        );
      }
    });
    throw unauthorized(employee.active ? 'Wrong username or password.' : 'This account is inactive.');
  }
  if (account.failedLogins > 0 || account.lockedUntil) {
    await db.update(accounts).set({ failedLogins: 0, lockedUntil: null }).where(eq(accounts.id, account.id));
  }
  return { account, employee };
}

export async function changePassword(
  db: Db,
  actor: Actor,
  input: { accountId: string; currentPassword: string; newPassword: string; keepSessionHash: string },
) {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, input.accountId)).limit(1);
  if (!account) throw unauthorized();
  if (!(await verifyPassword(input.currentPassword, account.passwordHash))) {
    throw fieldError('currentPassword', 'is not your current password');
  }
  if (input.newPassword === input.currentPassword)
    throw fieldError('newPassword', 'must differ from the current password');
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(accounts)
      .set({ passwordHash, mustChangePassword: false, passwordChangedAt: new Date() })
      .where(eq(accounts.id, account.id));
    // Every other session of this account ends with the old password.
    await tx
      .delete(sessions)
      .where(sql`${sessions.accountId} = ${account.id} and ${sessions.idHash} <> ${input.keepSessionHash}`);
    await recordAudit(tx, actor, { action: 'auth.password_changed', entityType: 'account', entityId: account.id });
  });
}
