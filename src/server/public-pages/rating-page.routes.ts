import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  FORM_TOKEN_FIELD,
  type FormFields,
  type PageLang,
  parseFormAnswers,
  renderRatingPage,
} from '../../common/rating-page/index.js';
import type { Answers } from '../../common/scoring/index.js';
import type { AppContext } from '../context.js';
import { findInvitationByToken, type InvitationRow } from '../modules/invitations/invitations.service.js';
import { linkState } from '../modules/invitations/submission-slots.js';
import { recordOpening } from '../modules/ratings/opening.service.js';
import { type InvitationPageContext, invitationPageContext } from '../modules/ratings/page-context.js';
import { chooseLanguage } from '../modules/ratings/public-invitation.js';
import { InvalidAnswersError, LinkClosedError, submitCustomerRating } from '../modules/ratings/submission.service.js';
import { pageErrors, preselectedAnswers } from './answers-form.js';
import { field } from './form-body.js';
import { seeOther, sendCustomerHtml } from './html-response.js';
import { pagePath, rememberCompany, STATE_PAGE, sendAnonymousStatusPage, sendStatusPage, thanksPath } from './pages.js';

export type TokenRequest = FastifyRequest<{
  Params: { token: string };
  Querystring: Record<string, string | string[]>;
}>;

/**
 * The invitation, its page context and language — or the "unknown link" page already sent. `recordOpen`: record
 * the opening (when the link is open) while the page context loads.
 */
export async function loadInvitationPage(
  ctx: AppContext,
  req: TokenRequest,
  reply: FastifyReply,
  opts: { recordOpen?: boolean } = {},
) {
  const invitation = await findInvitationByToken(ctx.db, ctx.appSecret, req.params.token);
  if (!invitation) {
    await sendAnonymousStatusPage(req, reply, 'unknown');
    return null;
  }
  const open = opts.recordOpen && linkState(invitation) === 'open';
  const [page] = await Promise.all([
    invitationPageContext(ctx.db, invitation),
    open ? recordOpening(ctx.db, req, invitation) : null,
  ]);
  rememberCompany(page.company);
  const lang = chooseLanguage(invitation, req.headers['accept-language'], page.defaultLanguage);
  return { invitation, page, lang };
}

function sendForm(
  req: FastifyRequest,
  reply: FastifyReply,
  token: string,
  loaded: { page: InvitationPageContext; lang: PageLang },
  form: { status: number; values?: Answers; errors?: Record<string, string>; formToken: string },
) {
  const { page, lang } = loaded;
  const html = renderRatingPage({
    template: page.template,
    lang,
    company: page.company,
    workOrder: page.workOrder,
    formAction: pagePath(token),
    values: form.values,
    errors: form.errors,
    formToken: form.formToken,
    assets: { css: 'inline', script: 'inline' },
  });
  return sendCustomerHtml(req, reply, form.status, html, { logoUrl: page.company.logoUrl });
}

/** `GET /r/<token>` (the form) and `POST /r/<token>` (its no-JS submission). */
export function registerRatingPage(app: FastifyInstance, ctx: AppContext) {
  app.get('/r/:token', { schema: { hide: true } }, async (req: TokenRequest, reply) => {
    const loaded = await loadInvitationPage(ctx, req, reply, { recordOpen: true });
    if (!loaded) return reply;
    const state = linkState(loaded.invitation);
    if (state !== 'open') return sendStatusPage(req, reply, STATE_PAGE[state], loaded.lang, loaded.page);
    return sendForm(req, reply, req.params.token, loaded, {
      status: 200,
      values: preselectedAnswers(loaded.page.template, req.query.preselect),
      // A fresh key per rendering: the same form posted twice (double tap, back + resubmit) is one rating.
      formToken: randomUUID(),
    });
  });

  app.post('/r/:token', { schema: { hide: true } }, async (req: TokenRequest, reply) => {
    const loaded = await loadInvitationPage(ctx, req, reply);
    if (!loaded) return reply;
    const fields = formFields(req.body);
    const formToken = field(fields, FORM_TOKEN_FIELD);
    const answers = parseFormAnswers(loaded.page.template, fields);
    try {
      await submit(ctx, loaded.invitation, answers, formToken, loaded.lang);
      return seeOther(reply, thanksPath(req.params.token, formToken));
    } catch (err) {
      if (err instanceof LinkClosedError)
        return sendStatusPage(req, reply, STATE_PAGE[err.state], loaded.lang, loaded.page);
      if (err instanceof InvalidAnswersError) {
        return sendForm(req, reply, req.params.token, loaded, {
          status: 400,
          values: answers,
          errors: pageErrors(loaded.page.template, err.errors, loaded.lang),
          formToken: formToken ?? randomUUID(),
        });
      }
      throw err;
    }
  });
}

function submit(
  ctx: AppContext,
  invitation: InvitationRow,
  answers: Answers,
  formToken: string | null,
  lang: PageLang,
) {
  return submitCustomerRating(
    ctx.db,
    { invitation, answers, idempotencyKey: formToken, language: lang },
    { completeRatingNode: ctx.completeRatingNodeOnSubmission },
  );
}

/** The posted form; anything that is not a flat object of strings is treated as an empty form. */
export function formFields(body: unknown): FormFields {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  return body as FormFields;
}
