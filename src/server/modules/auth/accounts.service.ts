import { eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { accounts, sessions } from '../../db/schema/auth.js';
import { employees } from '../../db/schema/org.js';
import type { Actor } from '../../http/principal.js';
import { conflict, fieldError, issue, tooManyRequests, unauthorized } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.service.js';
import { DUMMY_PASSWORD_HASH, generatePassword, hashPassword, verifyPassword } from './crypto.js';
import { passwordProblem } from './password-policy.js';

export { MIN_PASSWORD_LENGTH } from './password-policy.js';
export const LOCKOUT = { maxFailures: 5, minutes: 15 } as const;

/**
 * Creates the console login of an employee (called by the org module inside its transaction).
 * Without a password a random one is generated and returned once; the first login must change it.
 * `password` is set only by code (the first admin's ADMIN_INITIAL_PASSWORD, the demo, tests): the API has no way
 * to choose someone else's password, and a person's own choice passes the policy in `changePassword`.
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
    throw conflict(`Username "${username}" is taken.`, 'conflict', [issue('login.username', 'is_taken', 'is taken')]);
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

/** Whether a login with exactly this username exists (the first-admin bootstrap asks). */
export async function accountExists(db: DbOrTx, username: string): Promise<boolean> {
  const [row] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).limit(1);
  return row !== undefined;
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

const systemActorFrom = (ip: string | null) => ({ type: 'system' as const, id: null, name: 'system', ip });

const lockedProblem = (lockedUntil: Date | null) =>
  tooManyRequests(
    'Too many failed logins: this account is temporarily locked. Try again later.',
    lockedUntil ? Math.max(1, (lockedUntil.getTime() - Date.now()) / 1000) : LOCKOUT.minutes * 60,
  );

/**
 * Checks a username and password, counting failures and locking the account for a while after too many.
 *
 * The attempt is reserved before the (slow) verification by one conditional UPDATE … RETURNING: it counts the
 * attempt and, at the `maxFailures`-th, sets `locked_until`; a locked account matches nothing and answers 429
 * without verifying. Concurrent logins are serialised by the row lock, so at most `maxFailures` verifications can
 * fail per lock window however many arrive at once (a read-then-write let bursts of 19 through). A right password
 * resets the counters (and lifts a lock its own reservation set).
 */
export async function authenticate(db: Db, username: string, password: string, ip: string | null) {
  const found = await findAccountByUsername(db, username);
  if (!found) {
    // Same work and answer as a wrong password, so usernames cannot be told apart by timing or text.
    await verifyPassword(password, DUMMY_PASSWORD_HASH);
    throw unauthorized('Wrong username or password.');
  }
  await checkPasswordCounted(db, found.account, password, ip, 'Wrong username or password.');
  if (!found.employee.active) throw unauthorized('This account is inactive.');
  return found;
}

/**
 * Pad mode's unlock: the password of the session's own account, checked exactly like a login (failed attempts
 * counted, the account locked after too many, 429 while locked). A wrong password is a 400 on `password`, so the
 * console keeps the lock screen instead of treating it as a lost session.
 */
export async function reauthenticate(db: Db, accountId: string, password: string, ip: string | null) {
  const [found] = await db
    .select({ account: accounts, employee: employees })
    .from(accounts)
    .innerJoin(employees, eq(employees.id, accounts.employeeId))
    .where(eq(accounts.id, accountId))
    .limit(1);
  if (!found) throw unauthorized();
  await checkPasswordCounted(db, found.account, password, ip, null);
  if (!found.employee.active) throw unauthorized('This account is inactive.');
  return found;
}

/** The password check shared by login and unlock: reserve an attempt, verify, reset the counters on success. */
async function checkPasswordCounted(
  db: Db,
  account: typeof accounts.$inferSelect,
  password: string,
  ip: string | null,
  wrongDetail: string | null,
) {
  const lockMs = LOCKOUT.minutes * 60_000;
  // An expired lock starts a new count; otherwise failures accumulate until a success.
  const [reserved] = await db
    .update(accounts)
    .set({
      failedLogins: sql`case when ${accounts.lockedUntil} is not null then 1 else ${accounts.failedLogins} + 1 end`,
      lockedUntil: sql`case when (case when ${accounts.lockedUntil} is not null then 1 else ${accounts.failedLogins} + 1 end) >= ${LOCKOUT.maxFailures}
        then now() + make_interval(secs => ${lockMs / 1000}) else null end`,
    })
    .where(
      sql`${accounts.id} = ${account.id} and (${accounts.lockedUntil} is null or ${accounts.lockedUntil} <= now())`,
    )
    .returning({ failedLogins: accounts.failedLogins, lockedUntil: accounts.lockedUntil });
  if (!reserved) {
    const [current] = await db
      .select({ lockedUntil: accounts.lockedUntil })
      .from(accounts)
      .where(eq(accounts.id, account.id));
    throw lockedProblem(current?.lockedUntil ?? null);
  }
  const ok = await verifyPassword(password, account.passwordHash);
  if (!ok) {
    if (reserved.lockedUntil) {
      await recordAudit(db, systemActorFrom(ip), {
        action: 'auth.account_locked',
        entityType: 'account',
        entityId: account.id,
        after: { username: account.username },
      });
    }
    // An inactive account is told apart only with the right password (otherwise it would reveal the username).
    if (wrongDetail) throw unauthorized(wrongDetail);
    throw fieldError('password', 'wrong_password', 'is not your password');
  }
  await db.update(accounts).set({ failedLogins: 0, lockedUntil: null }).where(eq(accounts.id, account.id));
}

export async function changePassword(
  db: Db,
  actor: Actor,
  input: { accountId: string; currentPassword: string; newPassword: string; keepSessionHash: string },
) {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, input.accountId)).limit(1);
  if (!account) throw unauthorized();
  if (!(await verifyPassword(input.currentPassword, account.passwordHash))) {
    throw fieldError('currentPassword', 'wrong_password', 'is not your current password');
  }
  if (input.newPassword === input.currentPassword)
    throw fieldError('newPassword', 'same_as_current', 'must differ from the current password');
  const [employee] = await db
    .select({ name: employees.name })
    .from(employees)
    .where(eq(employees.id, account.employeeId))
    .limit(1);
  const problem = await passwordProblem(input.newPassword, { username: account.username, name: employee?.name });
  if (problem) throw fieldError('newPassword', problem.code, problem.message, problem.params);
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
