import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The device cookie `rl_rated`: the invitations this browser has rated, each as base64url(id bytes + 10-byte
 * HMAC-SHA256(app secret, id)), joined by `.`. A browser that comes back to a link it rated (Back, reopening the
 * message, scanning the QR code again) is told "you already rated, thank you" instead of getting a fresh form;
 * a multi-use QR invitation offers "I am another customer" there. httpOnly, SameSite=Lax, path `/r/` only.
 */
export const RATED_COOKIE = 'rl_rated';
const PATH = '/r/';
/** The most recent invitations kept (≈ 36 bytes each). */
const MAX_ENTRIES = 20;
const MAX_AGE_SECONDS = 180 * 24 * 3600;
const DOMAIN = 'rateloop:rated-cookie:v1';

const idBytes = (id: string) => Buffer.from(id.replaceAll('-', ''), 'hex');
const mac = (secret: string, id: Buffer) =>
  createHmac('sha256', secret).update(DOMAIN).update(id).digest().subarray(0, 10);

function entryFor(secret: string, invitationId: string): string {
  const id = idBytes(invitationId);
  return Buffer.concat([id, mac(secret, id)]).toString('base64url');
}

function isValidEntry(secret: string, entry: string): boolean {
  const raw = Buffer.from(entry, 'base64url');
  if (raw.length !== 26 || raw.toString('base64url') !== entry) return false;
  return timingSafeEqual(raw.subarray(16), mac(secret, raw.subarray(0, 16)));
}

function entriesOf(req: FastifyRequest): string[] {
  const value = req.cookies[RATED_COOKIE];
  return value ? value.split('.').slice(0, MAX_ENTRIES) : [];
}

/** Has this browser rated the invitation (a genuine entry, not a forged or copied-in one)? */
export function hasRated(req: FastifyRequest, secret: string, invitationId: string): boolean {
  // Only the server can compute the entry, so finding it is the check.
  return entriesOf(req).includes(entryFor(secret, invitationId));
}

/** Adds the invitation to the browser's cookie (most recent first; forged entries dropped). */
export function rememberRated(
  req: FastifyRequest,
  reply: FastifyReply,
  opts: { secret: string; secure: boolean },
  invitationId: string,
) {
  const entry = entryFor(opts.secret, invitationId);
  const kept = entriesOf(req).filter((e) => e !== entry && isValidEntry(opts.secret, e));
  reply.setCookie(RATED_COOKIE, [entry, ...kept].slice(0, MAX_ENTRIES).join('.'), {
    path: PATH,
    httpOnly: true,
    sameSite: 'lax',
    secure: opts.secure,
    maxAge: MAX_AGE_SECONDS,
  });
}
