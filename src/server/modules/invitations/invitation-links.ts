import { z } from 'zod';
import type { Permission } from '../../../common/roles.js';
import type { DbOrTx } from '../../db/client.js';
import type { Actor, Principal } from '../../http/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { invitationToken } from './token.js';

/**
 * Who may see an invitation's live link. A token is a bearer credential: whoever holds it rates as the customer. So
 * the API shows it only where it is not a secret from staff — a QR invitation, which the engineer shows on site — or
 * to callers holding `invitations.reveal_link`, and then records one `invitation.links_revealed` audit event per
 * request. Everyone else gets `token: null, url: null` and a `maskedUrl` to recognise the link by.
 */
export const REVEAL_LINK: Permission = 'invitations.reveal_link';

export const canRevealLinks = (principal: Principal | null | undefined): boolean =>
  principal?.permissions.has(REVEAL_LINK) ?? false;

/** A QR invitation is shown on site and never sent: all of its channels are `qr` (any other channel sends the link). */
export const isQrInvitation = (row: { channels: readonly string[] }): boolean =>
  row.channels.length > 0 && row.channels.every((c) => c === 'qr');

/**
 * One request's view of links: whether it may reveal them, and which non-QR links it did reveal (for the audit).
 * Create one per request with `linkViewer(req.principal)`.
 */
export interface LinkViewer {
  readonly canReveal: boolean;
  readonly revealed: string[];
}

export const linkViewer = (principal: Principal | null | undefined, links: LinksMode = 'reveal'): LinkViewer => ({
  canReveal: links === 'reveal' && canRevealLinks(principal),
  revealed: [],
});

export type LinksMode = 'reveal' | 'masked';

/**
 * `?links=masked` lets a caller who may reveal links ask for masked ones: the console does, and reveals a single link
 * only when someone presses "Copy link" — so the audit log records real reveals, not every page view.
 */
export const linksModeParam = z
  .enum(['reveal', 'masked'])
  .default('reveal')
  .describe(
    '`reveal` (default): live links where the caller may see them; `masked`: mask every non-QR link (nothing audited).',
  );

/** Shows the first and last 4 characters: the first are id bytes (public), the last hold 22 of the 128 MAC bits. */
export const maskToken = (token: string) => `${token.slice(0, 4)}…${token.slice(-4)}`;

export interface InvitationLink {
  token: string | null;
  url: string | null;
  maskedUrl: string;
  qr: boolean;
}

/** The link fields of a presented invitation for this viewer; notes a reveal of a non-QR link. */
export function linkFieldsFor(
  row: { id: string; channels: readonly string[] },
  links: { appSecret: string; publicBaseUrl: string },
  viewer: LinkViewer,
): InvitationLink {
  const token = invitationToken(links.appSecret, row.id);
  const qr = isQrInvitation(row);
  const maskedUrl = `${links.publicBaseUrl}/r/${maskToken(token)}`;
  if (!qr && !viewer.canReveal) return { token: null, url: null, maskedUrl, qr };
  if (!qr && !viewer.revealed.includes(row.id)) viewer.revealed.push(row.id);
  return { token, url: `${links.publicBaseUrl}/r/${token}`, maskedUrl, qr };
}

/**
 * Replaces a token (and any truncation of it that still carries MAC characters) inside stored text such as a
 * provider's answer that echoes the message, so an attempt log does not leak what the link fields hide.
 */
export function scrubToken<T>(value: T, token: string): T {
  // Characters 1–21 encode only the id (public); from the 22nd on they carry the secret MAC. base64url needs no escaping.
  const pattern = new RegExp(`${token.slice(0, 22)}[A-Za-z0-9_-]*`, 'g');
  const masked = maskToken(token);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(pattern, masked);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** One audit event for everything a request revealed (nothing when it revealed nothing). */
export async function auditRevealedLinks(db: DbOrTx, actor: Actor, viewer: LinkViewer, via: string): Promise<void> {
  if (!viewer.revealed.length) return;
  await recordAudit(db, actor, {
    action: 'invitation.links_revealed',
    entityType: 'invitation',
    entityId: viewer.revealed.length === 1 ? viewer.revealed[0] : null,
    after: { invitationIds: viewer.revealed, count: viewer.revealed.length, via },
  });
}
