import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { employees } from '../../db/schema/org.js';
import { SYSTEM_ACTOR } from '../../http/principal.js';
import { accountExists } from '../auth/accounts.service.js';
import { createEmployee } from './employees.service.js';

export const ADMIN_USERNAME = 'admin';

/**
 * On the first start, creates the administrator (username `admin`) with the configured or a random password,
 * which the first login must change. Returns the password only when it was just created, so it is printed once.
 */
export async function ensureInitialAdmin(db: Db, initialPassword?: string): Promise<{ password: string } | null> {
  if (await accountExists(db, ADMIN_USERNAME)) return null;
  const [clash] = await db
    .select({ id: employees.id })
    .from(employees)
    .where(eq(employees.employeeNo, 'ADMIN'))
    .limit(1);
  try {
    // ADMIN_INITIAL_PASSWORD is only length-checked (config.ts); the first login must replace it under the policy.
    const { initialPassword: password } = await createEmployee(db, SYSTEM_ACTOR, {
      employeeNo: clash ? `ADMIN-${Date.now()}` : 'ADMIN',
      name: 'Administrator',
      roles: ['admin'],
      login: { username: ADMIN_USERNAME, password: initialPassword, mustChangePassword: true },
    });
    return password ? { password } : null;
  } catch (err) {
    // Another process starting on the same PostgreSQL created it first.
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 409 || (err as { code?: string }).code === '23505') return null;
    throw err;
  }
}
