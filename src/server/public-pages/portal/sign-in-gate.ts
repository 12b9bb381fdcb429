/**
 * "Require sign-in to rate" (the organisation profile's `requireSignInToRate`, issue 20): a rating link opens its
 * form only for a customer signed in to the portal — with the work order's phone or e-mail for a personal invitation,
 * any signed-in customer for one with neither (a shared QR code). Off (the default): anyone with the link rates.
 * A rating collected in pad mode is exempt: the engineer who started it stands beside the customer.
 */
import type { FastifyRequest } from 'fastify';
import type { InvitationContact } from '../../../common/invitations.js';
import type { AppContext } from '../../context.js';
import { PORTAL_COOKIE, portalSessionOf } from '../../modules/portal/sessions.js';
import type { OrganisationProfile } from '../../modules/settings/settings.service.js';
import { contactKeysOf } from '../../modules/work-orders/contact-wechat.js';

/**
 * Where the customer must go before rating, or null when they may rate here: the portal's sign-in, which brings them
 * back to `ratingPath` — with a note saying why (`rate`), or that the signed-in account is not this work order's.
 */
export async function signInBeforeRating(
  ctx: AppContext,
  req: FastifyRequest,
  input: { profile: OrganisationProfile; contact: InvitationContact; ratingPath: string; lang: string },
): Promise<string | null> {
  if (!input.profile.requireSignInToRate) return null;
  const session = await portalSessionOf(ctx.db, req.cookies[PORTAL_COOKIE], new Date());
  const keys = contactKeysOf(input.contact);
  if (session && (!keys.length || keys.includes(session.address))) return null;
  const note = session ? 'not-yours' : 'rate';
  return `/c/sign-in?lang=${input.lang}&note=${note}&next=${encodeURIComponent(input.ratingPath)}`;
}
