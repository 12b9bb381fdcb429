import type { FastifyInstance } from 'fastify';
import { FORM_TOKEN_FIELD, PAGE_LANGS, type PageLang, renderStatusPage } from '../../common/rating-page/index.js';
import type { AppContext } from '../context.js';
import { ratingForThanks, requestContact } from '../modules/ratings/ratings.service.js';
import { customerActor } from '../modules/ratings/submission.service.js';
import { field } from './form-body.js';
import { seeOther, sendCustomerHtml } from './html-response.js';
import { pagePath, thanksPath } from './pages.js';
import { formFields, loadInvitationPage, type TokenRequest } from './rating-page.routes.js';

const queryKey = (q: Record<string, string | string[]>) => {
  const k = [q.k].flat()[0];
  return k && k.length <= 200 ? k : null;
};

/** The thank-you page after a submission (PRG target) and its "contact me about this" form. */
export function registerThanksPage(app: FastifyInstance, ctx: AppContext) {
  app.get('/r/:token/thanks', { schema: { hide: true } }, async (req: TokenRequest, reply) => {
    const loaded = await loadInvitationPage(ctx, req, reply);
    if (!loaded) return reply;
    const formToken = queryKey(req.query);
    const rating = await ratingForThanks(ctx.db, loaded.invitation.id, formToken);
    if (!rating) return seeOther(reply, pagePath(req.params.token));
    // The language the customer answered in, so the page does not switch under them.
    const lang = (PAGE_LANGS as readonly string[]).includes(rating.language)
      ? (rating.language as PageLang)
      : loaded.lang;
    const html = renderStatusPage({
      kind: 'thanks',
      lang,
      company: loaded.page.company,
      workOrder: loaded.page.workOrder,
      allowContactToggle: rating.class === 'negative',
      contactAction: `${pagePath(req.params.token)}/contact`,
      contactRequested: rating.contactRequested,
      formToken: rating.idempotencyKey ?? undefined,
      assets: { css: 'inline' },
    });
    return sendCustomerHtml(req, reply, 200, html, { logoUrl: loaded.page.company.logoUrl });
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
