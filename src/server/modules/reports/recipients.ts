import type { Db } from '../../db/client.js';
import type { ReportLanguage, ReportRecipient } from '../../db/schema/reports.js';
import { listEmployees } from '../org/employees.service.js';
import { employeeContacts } from '../org/lookups.js';

export interface ResolvedRecipient {
  email: string;
  language: ReportLanguage;
  /**
   * The employee behind the address, who reads the report as they would read the console (their roles and scope:
   * a supervisor gets their departments' figures); null for an address typed in, which gets the schedule's figures.
   */
  reader: { employeeId: string; roles: string[] } | null;
}

const normalise = (email: string) => email.trim().toLowerCase();

/** Every active employee holding `role` with an e-mail address (the org module's list, page by page). */
async function roleHolders(db: Db, role: ReportRecipient & { kind: 'role' }) {
  const out: { id: string; email: string; roles: string[] }[] = [];
  let cursor: string | undefined;
  do {
    const page = await listEmployees(db, { role: role.role, active: true, limit: 500, cursor });
    for (const e of page.items) if (e.email) out.push({ id: e.id, email: e.email, roles: e.roles });
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/**
 * A schedule's recipients as addresses, each once (the first entry naming an address decides its language; null →
 * the organisation's default). Inactive employees and employees without an e-mail address are left out.
 */
export async function resolveRecipients(
  db: Db,
  recipients: ReportRecipient[],
  defaultLanguage: ReportLanguage,
): Promise<ResolvedRecipient[]> {
  const employeeIds = recipients.flatMap((r) => (r.kind === 'employee' ? [r.employeeId] : []));
  const contacts = new Map((await employeeContacts(db, employeeIds)).map((c) => [c.id, c]));
  const out = new Map<string, ResolvedRecipient>();
  const add = (
    email: string | null | undefined,
    language: ReportLanguage | null,
    reader: ResolvedRecipient['reader'],
  ) => {
    if (!email?.trim()) return;
    const key = normalise(email);
    if (!out.has(key)) out.set(key, { email: key, language: language ?? defaultLanguage, reader });
  };
  for (const r of recipients) {
    if (r.kind === 'email') add(r.email, r.language, null);
    else if (r.kind === 'employee') {
      const c = contacts.get(r.employeeId);
      if (c?.active) add(c.email, r.language, { employeeId: c.id, roles: c.roles });
    } else for (const e of await roleHolders(db, r)) add(e.email, r.language, { employeeId: e.id, roles: e.roles });
  }
  return [...out.values()];
}
