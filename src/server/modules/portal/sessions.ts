/**
 * Portal sessions (issue 20): a random token in the customer's cookie, its SHA-256 in `portal_sessions`. A session
 * proves the customer controls one address (phone or e-mail) until it expires or they sign out.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { portalSessions } from '../../db/schema/portal.js';

export const SESSION_DAYS = 7;
/** The cookie holding a portal session's token (path `/`: the rating page reads it too). */
export const PORTAL_COOKIE = 'rl_portal';

const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

export async function createPortalSession(
  db: DbOrTx,
  input: { address: string; codeId: string | null; now: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(input.now.getTime() + SESSION_DAYS * 86_400_000);
  await db.insert(portalSessions).values({
    tokenHash: hashOf(token),
    address: input.address,
    codeId: input.codeId,
    createdAt: input.now,
    expiresAt,
  });
  return { token, expiresAt };
}

export interface PortalSession {
  id: string;
  address: string;
  confirmedNames: string[];
  nameTries: number;
}

/** Wrong names a session may type (a switchboard number's work orders) before it must sign in again. */
export const MAX_NAME_TRIES = 5;

/** A person's name as compared: trimmed, inner spaces collapsed, case-folded. */
export const normaliseName = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** The live session of a cookie's token, or null (unknown, expired or signed out). */
export async function portalSessionOf(db: DbOrTx, token: string | undefined, now: Date): Promise<PortalSession | null> {
  if (!token || token.length > 100) return null;
  const [row] = await db
    .select({
      id: portalSessions.id,
      address: portalSessions.address,
      confirmedNames: portalSessions.confirmedNames,
      nameTries: portalSessions.nameTries,
    })
    .from(portalSessions)
    .where(
      and(
        eq(portalSessions.tokenHash, hashOf(token)),
        isNull(portalSessions.endedAt),
        gt(portalSessions.expiresAt, now),
      ),
    );
  return row ?? null;
}

export async function endPortalSession(db: DbOrTx, token: string | undefined, now: Date): Promise<void> {
  if (!token || token.length > 100) return;
  await db
    .update(portalSessions)
    .set({ endedAt: now })
    .where(and(eq(portalSessions.tokenHash, hashOf(token)), isNull(portalSessions.endedAt)));
}

/**
 * Records a name the customer typed for a shared number's work order: `right` adds it to the session's confirmed
 * names, a wrong one takes one of `MAX_NAME_TRIES` (one conditional UPDATE: racing tries cannot exceed it). False when
 * the session has no tries left.
 */
export async function recordNameTry(db: DbOrTx, sessionId: string, name: string, right: boolean): Promise<boolean> {
  const rows = await db
    .update(portalSessions)
    .set(
      right
        ? { confirmedNames: sql`array_append(${portalSessions.confirmedNames}, ${normaliseName(name)}::text)` }
        : { nameTries: sql`${portalSessions.nameTries} + 1` },
    )
    .where(and(eq(portalSessions.id, sessionId), lt(portalSessions.nameTries, MAX_NAME_TRIES)))
    .returning({ id: portalSessions.id });
  return rows.length > 0;
}
