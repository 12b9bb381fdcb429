/**
 * One-time sign-in codes for the customer portal (issue 20). A code is six digits derived from its row's id and the
 * app secret (HMAC-SHA256), so it is never stored: the row keeps who asked (the normalised address), when it expires,
 * the guesses taken and whether it was spent. Asking is limited per address (a cool-down between codes and a cap per
 * hour, counted from the rows under the address's advisory lock, so racing requests and several processes agree);
 * the message is sent by the `portal.send_sign_in_code` job enqueued in the asking transaction.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { portalSignInCodes } from '../../db/schema/portal.js';
import type { JobQueue } from '../../jobs/queue.js';

export const CODE_VALID_MINUTES = 10;
/** A new code for the same address only after this many seconds (the page says how long to wait). */
export const RESEND_AFTER_SECONDS = 60;
export const MAX_CODES_PER_HOUR = 5;
/** Guesses a code takes, the right one included; after that it is refused even when right (ask for a new one). */
export const MAX_GUESSES = 5;

export type CodeChannel = 'sms' | 'email';
export type CodeLang = 'zh-CN' | 'en';

/** The six digits of a code row: HMAC(secret, "portal-sign-in" ‖ id), reduced to 000000–999999. */
export function codeFor(appSecret: string, codeId: string): string {
  const mac = createHmac('sha256', appSecret).update(`portal-sign-in:${codeId}`).digest();
  return String(mac.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

export type RequestCodeResult =
  | { ok: true; codeId: string; expiresAt: Date }
  | { ok: false; reason: 'too_soon' | 'too_many'; retryAfterSeconds: number };

/**
 * Creates a code for `address` and enqueues its message, in one transaction under the address's lock — or says how
 * long to wait. The caller has normalised the address and checked the per-IP limit.
 */
export async function requestSignInCode(
  db: Db,
  jobs: JobQueue,
  input: { address: string; channel: CodeChannel; lang: CodeLang; now: Date },
  sendJob: Parameters<JobQueue['send']>[0],
): Promise<RequestCodeResult> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`portal-code:${input.address}`}, 0))`);
    const hourAgo = new Date(input.now.getTime() - 3_600_000);
    const recent = await tx
      .select({ createdAt: portalSignInCodes.createdAt })
      .from(portalSignInCodes)
      .where(and(eq(portalSignInCodes.address, input.address), gt(portalSignInCodes.createdAt, hourAgo)))
      .orderBy(desc(portalSignInCodes.createdAt));
    const secondsSince = (at: Date) => (input.now.getTime() - at.getTime()) / 1000;
    const last = recent[0];
    if (last && secondsSince(last.createdAt) < RESEND_AFTER_SECONDS) {
      return {
        ok: false,
        reason: 'too_soon',
        retryAfterSeconds: Math.ceil(RESEND_AFTER_SECONDS - secondsSince(last.createdAt)),
      };
    }
    if (recent.length >= MAX_CODES_PER_HOUR) {
      const oldest = recent[recent.length - 1]!;
      return { ok: false, reason: 'too_many', retryAfterSeconds: Math.ceil(3600 - secondsSince(oldest.createdAt)) };
    }
    const expiresAt = new Date(input.now.getTime() + CODE_VALID_MINUTES * 60_000);
    const [row] = await tx
      .insert(portalSignInCodes)
      .values({
        address: input.address,
        channel: input.channel,
        lang: input.lang,
        createdAt: input.now,
        expiresAt,
      })
      .returning({ id: portalSignInCodes.id });
    await jobs.send(sendJob, { codeId: row!.id }, { tx, key: row!.id });
    return { ok: true, codeId: row!.id, expiresAt };
  });
}

/**
 * The sign-in link an e-mailed code also carries (`/c/link/<token>`): the row's id and a 128-bit HMAC of it, so it
 * cannot be guessed and, like the code, is never stored. It signs in on any device (the customer may open the mail
 * elsewhere) — once, within the code's validity.
 */
export function linkTokenFor(appSecret: string, codeId: string): string {
  const mac = createHmac('sha256', appSecret).update(`portal-sign-in-link:${codeId}`).digest().subarray(0, 16);
  return `${codeId}.${mac.toString('base64url')}`;
}

export type LinkState =
  | { ok: true; codeId: string; address: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'used' };

/** The code row a link token names, if the token is genuine, with whether it can still sign in. */
export async function signInLinkState(db: DbOrTx, appSecret: string, token: string, now: Date): Promise<LinkState> {
  const codeId = token.slice(0, token.indexOf('.'));
  if (!/^[0-9a-f-]{36}$/.test(codeId)) return { ok: false, reason: 'unknown' };
  const expected = Buffer.from(linkTokenFor(appSecret, codeId));
  const given = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'unknown' };
  const row = await signInCodeRow(db, codeId);
  if (row?.channel !== 'email') return { ok: false, reason: 'unknown' };
  if (row.consumedAt) return { ok: false, reason: 'used' };
  if (row.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, codeId, address: row.address };
}

/** Spends a link's code (one conditional UPDATE: of two racing clicks, one signs in). */
export async function redeemSignInLink(db: DbOrTx, appSecret: string, token: string, now: Date): Promise<LinkState> {
  const state = await signInLinkState(db, appSecret, token, now);
  if (!state.ok) return state;
  const spent = await db
    .update(portalSignInCodes)
    .set({ consumedAt: now })
    .where(
      and(
        eq(portalSignInCodes.id, state.codeId),
        isNull(portalSignInCodes.consumedAt),
        gt(portalSignInCodes.expiresAt, now),
      ),
    )
    .returning({ id: portalSignInCodes.id });
  return spent.length ? state : { ok: false, reason: 'used' };
}

export type VerifyResult =
  | { ok: true; codeId: string }
  | { ok: false; reason: 'no_code' | 'expired' | 'wrong' | 'locked' | 'used' };

/**
 * Checks `code` against the address's latest code. Every guess first takes one of the code's `MAX_GUESSES` turns in
 * one conditional UPDATE — so a thousand guesses sent at once still get five turns between them, not five each —
 * then the right one spends the code, which only one of two racing requests can (`consumed_at is null` in the
 * UPDATE): a replayed code signs nobody in.
 */
export async function verifySignInCode(
  db: DbOrTx,
  appSecret: string,
  input: { address: string; code: string; now: Date },
): Promise<VerifyResult> {
  const [latest] = await db
    .select()
    .from(portalSignInCodes)
    .where(eq(portalSignInCodes.address, input.address))
    .orderBy(desc(portalSignInCodes.createdAt))
    .limit(1);
  if (!latest) return { ok: false, reason: 'no_code' };
  if (latest.consumedAt) return { ok: false, reason: 'used' };
  if (latest.expiresAt.getTime() <= input.now.getTime()) return { ok: false, reason: 'expired' };
  const [turn] = await db
    .update(portalSignInCodes)
    .set({ guesses: sql`${portalSignInCodes.guesses} + 1` })
    .where(
      and(
        eq(portalSignInCodes.id, latest.id),
        isNull(portalSignInCodes.consumedAt),
        lt(portalSignInCodes.guesses, MAX_GUESSES),
      ),
    )
    .returning({ guesses: portalSignInCodes.guesses, consumedAt: portalSignInCodes.consumedAt });
  if (!turn) {
    const [now] = await db
      .select({ consumedAt: portalSignInCodes.consumedAt })
      .from(portalSignInCodes)
      .where(eq(portalSignInCodes.id, latest.id));
    return { ok: false, reason: now?.consumedAt ? 'used' : 'locked' };
  }
  const expected = Buffer.from(codeFor(appSecret, latest.id));
  const given = Buffer.from(input.code.replace(/\s/g, '').slice(0, 12));
  const right = given.length === expected.length && timingSafeEqual(given, expected);
  if (!right) return { ok: false, reason: turn.guesses >= MAX_GUESSES ? 'locked' : 'wrong' };
  const spent = await db
    .update(portalSignInCodes)
    .set({ consumedAt: input.now })
    .where(and(eq(portalSignInCodes.id, latest.id), isNull(portalSignInCodes.consumedAt)))
    .returning({ id: portalSignInCodes.id });
  if (!spent.length) return { ok: false, reason: 'used' };
  return { ok: true, codeId: latest.id };
}

/** The row the sending job works on. */
export async function signInCodeRow(db: DbOrTx, codeId: string) {
  const [row] = await db.select().from(portalSignInCodes).where(eq(portalSignInCodes.id, codeId));
  return row ?? null;
}

/** Records the sending job's outcome on the code (`sendError` null when handed to the channel). */
export async function markCodeSent(db: DbOrTx, codeId: string, at: Date, sendError: string | null) {
  await db
    .update(portalSignInCodes)
    .set(sendError ? { sendError } : { sentAt: at, sendError: null })
    .where(eq(portalSignInCodes.id, codeId));
}
