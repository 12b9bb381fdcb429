import type { FastifyInstance } from 'fastify';
import {
  FORM_TOKEN_FIELD,
  PAGE_LANGS,
  type PageLang,
  pickLanguage,
  renderStatusPage,
} from '../../common/rating-page/index.js';
import type { AppContext } from '../context.js';
import { invitationIdFromToken } from '../modules/invitations/token.js';
import { organisationProfile } from '../modules/ratings/page-context.js';
import { ratingForThanks, readThanks, requestContact } from '../modules/ratings/ratings.service.js';
import { customerActor } from '../modules/ratings/submission.service.js';
import { field } from './form-body.js';
import { seeOther, sendCustomerHtml } from './html-response.js';
import { pagePath, rememberCompany, sendAnonymousStatusPage, thanksPath } from './pages.js';
import { formFields, loadInvitationPage, type TokenRequest } from './rating-page.routes.js';

/** The console's lock screen (src/web/app/routes.tsx `/unlock`). */
const CONSOLE_UNLOCK_PATH = '/unlock';

const queryKey = (q: Record<string, string | string[]>) => {
  const k = [q.k].flat()[0];
  return k && k.length <= 200 ? k : null;
};

/** The thank-you page after a submission (PRG target) and its "contact me about this" form. */
export function registerThanksPage(app: FastifyInstance, ctx: AppContext) {
  app.get('/r/:token/thanks', { schema: { hide: true } }, async (req: TokenRequest, reply) => {
    // One read: the rating with the work order's number (the page, the profile and its strings are cached).
    const id = invitationIdFromToken(ctx.appSecret, req.params.token);
    if (!id) return sendAnonymousStatusPage(req, reply, 'unknown');
    const [found, profile] = await Promise.all([
      readThanks(ctx.database, id, queryKey(req.query)),
      organisationProfile(ctx.db),
    ]);
    if (!found) return seeOther(reply, pagePath(req.params.token));
    const { rating } = found;
    const company = { name: profile.companyName, logoUrl: profile.logoUrl };
    rememberCompany(company);
    // The language the customer answered in, so the page does not switch under them.
    const lang = (PAGE_LANGS as readonly string[]).includes(rating.language)
      ? (rating.language as PageLang)
      : pickLanguage(null, req.headers['accept-language'] || profile.defaultLanguage);
    const html = renderStatusPage({
      kind: 'thanks',
      lang,
      company,
      workOrder: found.workOrder,
      allowContactToggle: rating.class === 'negative',
      contactAction: `${pagePath(req.params.token)}/contact`,
      contactRequested: rating.contactRequested,
      formToken: rating.idempotencyKey ?? undefined,
      // Pad mode: the customer rated on the engineer's device — "please hand it back", the console's unlock screen.
      handBackHref: rating.source === 'pad' ? CONSOLE_UNLOCK_PATH : undefined,
      assets: { css: 'inline' },
    });
    return sendCustomerHtml(req, reply, 200, html, { logoUrl: company.logoUrl });
  });

  app.post('/r/:token/contact', { schema: { hide: true } }, async (req: TokenRequest, reply) => {
    const loaded = await loadInvitationPage(ctx, req, reply);
    if (!loaded) return reply;
    const fields = formFields(req.body);
    const formToken = field(fields, FORM_TOKEN_FIELD);
    const rating = await ratingForThanks(ctx.db, loaded.invitation.id, formToken);
    // Only a negative rating offers the toggle; an unticked box or a repeat changes nothing.
    if (rating && rating.class === 'negative' && field(fields, 'contact') === 'yes') {
      await requestContact(ctx.db, customerActor(req.ip), rating);
    }
    return seeOther(reply, thanksPath(req.params.token, formToken));
  });
}
