import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  FORM_TOKEN_FIELD,
  type FormFields,
  PAD_TOKEN_FIELD,
  type PageLang,
  parseFormAnswers,
  renderRatingPage,
  t,
} from '../../common/rating-page/index.js';
import type { Answers } from '../../common/scoring/index.js';
import type { AppContext } from '../context.js';
import { isPadRequest, SESSION_COOKIE } from '../modules/auth/session.service.js';
import { findInvitation, type InvitationRow } from '../modules/invitations/invitations.service.js';
import { linkState } from '../modules/invitations/submission-slots.js';
import { invitationIdFromToken } from '../modules/invitations/token.js';
import { invitationFactsByToken } from '../modules/ratings/invitation-facts.js';
import { readCustomerPage } from '../modules/ratings/opening.service.js';
import {
  frozenTemplate,
  type InvitationPageContext,
  invitationPageContext,
  organisationProfile,
} from '../modules/ratings/page-context.js';
import { chooseLanguage } from '../modules/ratings/public-invitation.js';
import {
  findRatingByKey,
  InvalidAnswersError,
  LinkClosedError,
  submitCustomerRating,
} from '../modules/ratings/submission.service.js';
import { pageErrors, preselectedAnswers } from './answers-form.js';
import { field } from './form-body.js';
import { issueFormToken, isValidFormToken } from './form-tokens.js';
import { seeOther, sendCustomerHtml } from './html-response.js';
import { pagePath, rememberCompany, STATE_PAGE, sendAnonymousStatusPage, sendStatusPage, thanksPath } from './pages.js';
import { signInBeforeRating } from './portal/sign-in-gate.js';
import { hasRated, rememberRated } from './rated-cookie.js';

export type TokenRequest = FastifyRequest<{
  Params: { token: string };
  Querystring: Record<string, string | string[]>;
}>;

/**
 * The invitation, its page context and language — or the "unknown link" page already sent — in one round trip
 * (opening.service). `recordOpen`: record the first opening of an open link on the way.
 */
export async function loadInvitationPage(
  ctx: AppContext,
  req: TokenRequest,
  reply: FastifyReply,
  opts: { recordOpen?: boolean } = {},
) {
  const id = invitationIdFromToken(ctx.appSecret, req.params.token);
  const read = id ? await readCustomerPage(ctx.database, req, id, { recordOpening: Boolean(opts.recordOpen) }) : null;
  if (!read) {
    await sendAnonymousStatusPage(req, reply, 'unknown');
    return null;
  }
  const { invitation } = read;
  const page = await invitationPageContext(ctx.db, invitation, read.workOrder);
  rememberCompany(page.company);
  const lang = chooseLanguage(invitation.contact.locale, req.headers['accept-language'], page.defaultLanguage);
  return { invitation, page, lang };
}

function sendForm(
  req: FastifyRequest,
  reply: FastifyReply,
  token: string,
  loaded: { page: InvitationPageContext; lang: PageLang },
  form: {
    status: number;
    values?: Answers;
    errors?: Record<string, string>;
    formToken: string;
    padToken?: string | null;
  },
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
    padToken: form.padToken ?? undefined,
    assets: { css: 'inline', script: 'inline' },
  });
  return sendCustomerHtml(req, reply, form.status, html, { logoUrl: page.company.logoUrl });
}

/** Several customers on one job may rate a QR invitation: only there does the page offer "I am another customer". */
const isMultiUseQr = (invitation: InvitationRow) => invitation.source === 'qr' && invitation.submissionLimit > 1;

/** `?f=<form token>`: the fresh form behind "I am another customer" (one query value, bounded). */
const queryFormToken = (q: Record<string, string | string[]>) => {
  const f = [q.f].flat()[0];
  return f && f.length <= 100 ? f : null;
};

type LoadedPage = NonNullable<Awaited<ReturnType<typeof loadInvitationPage>>>;

/**
 * Pad mode: the pad token sent (`?pad=` on the page, the hidden `_pad` field on the post) when it is this browser's
 * for this invitation — its MAC names the invitation and the console session whose cookie came along, and that
 * session is suspended for it (`auth/session.service.ts` `isPadRequest`). Anything else: null, an ordinary customer.
 */
async function padOf(
  ctx: AppContext,
  req: FastifyRequest,
  invitationId: string,
  sent: string | string[] | null | undefined,
) {
  const token = [sent].flat()[0];
  if (!token) return null;
  const sessionCookie = req.cookies[SESSION_COOKIE];
  return (await isPadRequest(ctx.db, ctx.appSecret, { invitationId, sessionCookie, token })) ? token : null;
}

/**
 * "You already rated, thank you" (`rated`, 200) or "already submitted" (`duplicate`, 409), with "I am another
 * customer" — a link to a fresh form — while a multi-use QR invitation has submissions left.
 */
function sendRatedPage(
  ctx: AppContext,
  req: TokenRequest,
  reply: FastifyReply,
  loaded: LoadedPage,
  kind: 'rated' | 'duplicate',
  pad: string | null = null,
) {
  const { invitation } = loaded;
  // On the engineer's device (pad mode) the next customer's form is a pad form too.
  const padQuery = pad ? `&pad=${encodeURIComponent(pad)}` : '';
  const another =
    isMultiUseQr(invitation) && linkState(invitation) === 'open'
      ? `${pagePath(req.params.token)}?f=${encodeURIComponent(issueFormToken(ctx.appSecret, invitation.id))}${padQuery}`
      : undefined;
  return sendStatusPage(req, reply, kind, loaded.lang, loaded.page, { anotherCustomerHref: another });
}

/**
 * `GET /r/<token>` (the form) and `POST /r/<token>` (its no-JS submission).
 *
 * One form, one rating: every rendering carries a single-use signed form token (`form-tokens.ts`) that becomes the
 * rating's idempotency key, so posting the same form again is refused with "already submitted" (409). A browser
 * that has rated the invitation (`rated-cookie.ts`) gets "you already rated" instead of a new form — so Back after
 * submitting, or a page restored from the back/forward cache and reloaded by its script, cannot rate twice. On a
 * multi-use QR invitation, "I am another customer" leads to `?f=<fresh token>`: that form, once used, also answers
 * "already rated" when Back brings it up again.
 */
export function registerRatingPage(app: FastifyInstance, ctx: AppContext) {
  app.get('/r/:token', { schema: { hide: true } }, async (req: TokenRequest, reply) => {
    const loaded = await loadInvitationPage(ctx, req, reply, { recordOpen: true });
    if (!loaded) return reply;
    const { invitation } = loaded;
    const state = linkState(invitation);
    const asked = queryFormToken(req.query);
    const fresh = isValidFormToken(ctx.appSecret, invitation.id, asked) ? asked : null;
    const pad = await padOf(ctx, req, invitation.id, req.query.pad);
    if (fresh && (await findRatingByKey(ctx.db, invitation.id, fresh))) {
      return sendRatedPage(ctx, req, reply, loaded, 'rated', pad);
    }
    if (!fresh && (state === 'open' || state === 'used') && hasRated(req, ctx.appSecret, invitation.id)) {
      return sendRatedPage(ctx, req, reply, loaded, 'rated', pad);
    }
    if (state !== 'open') return sendStatusPage(req, reply, STATE_PAGE[state], loaded.lang, loaded.page);
    const signInFirst = pad
      ? null
      : await signInBeforeRating(ctx, req, {
          profile: await organisationProfile(ctx.db),
          contact: invitation.contact,
          ratingPath: pagePath(req.params.token),
          lang: loaded.lang,
        });
    if (signInFirst) return seeOther(reply, signInFirst);
    return sendForm(req, reply, req.params.token, loaded, {
      status: 200,
      values: preselectedAnswers(loaded.page.template, req.query.preselect),
      formToken: fresh ?? issueFormToken(ctx.appSecret, invitation.id),
      padToken: pad,
    });
  });

  app.post('/r/:token', { schema: { hide: true } }, async (req: TokenRequest, reply) => {
    // The hot path reads nothing before its one submission statement: the invitation's template version and locale
    // are known to this process from the page it served (invitation-facts.ts), the template and profile are cached.
    // Every other answer (errors, closed links, a repeat) loads the page as the GET does.
    const facts = await invitationFactsByToken(ctx.db, ctx.appSecret, req.params.token);
    if (!facts) return sendAnonymousStatusPage(req, reply, 'unknown');
    const [template, profile] = await Promise.all([
      frozenTemplate(ctx.db, facts.templateVersionId),
      organisationProfile(ctx.db),
    ]);
    const lang = chooseLanguage(facts.locale, req.headers['accept-language'], profile.defaultLanguage);
    const fields = formFields(req.body);
    const posted = field(fields, FORM_TOKEN_FIELD);
    const pad = await padOf(ctx, req, facts.id, field(fields, PAD_TOKEN_FIELD));
    const answers = parseFormAnswers(template, fields);
    if (!pad && profile.requireSignInToRate) {
      // Only when the organisation requires sign-in does the post read the invitation's contact first.
      const invitation = await findInvitation(ctx.db, facts.id);
      const signInFirst = invitation
        ? await signInBeforeRating(ctx, req, {
            profile,
            contact: invitation.contact,
            ratingPath: pagePath(req.params.token),
            lang,
          })
        : null;
      if (signInFirst) return seeOther(reply, signInFirst);
    }
    const page = async () => {
      const loaded = await loadInvitationPage(ctx, req, reply);
      return loaded ? { ...loaded, lang } : null;
    };
    if (!isValidFormToken(ctx.appSecret, facts.id, posted)) {
      // Not a form this server issued for this link (or one too old): nothing is stored; the customer's answers
      // come back on a fresh form.
      const loaded = await page();
      if (!loaded) return reply;
      const state = linkState(loaded.invitation);
      if (state !== 'open') return sendStatusPage(req, reply, STATE_PAGE[state], loaded.lang, loaded.page);
      return sendForm(req, reply, req.params.token, loaded, {
        status: 400,
        values: answers,
        errors: { _form: t(loaded.lang, 'errorFormExpired') },
        formToken: issueFormToken(ctx.appSecret, facts.id),
        padToken: pad,
      });
    }
    try {
      const result = await submitCustomerRating(ctx.database, {
        invitationId: facts.id,
        template,
        answers,
        idempotencyKey: posted,
        language: lang,
        source: pad ? 'pad' : 'customer',
      });
      rememberRated(req, reply, { secret: ctx.appSecret, secure: ctx.config.cookieSecure }, facts.id);
      if (result.created) return seeOther(reply, thanksPath(req.params.token, posted));
      // The same form again (double tap, Back + resubmit, a racing twin): the first one counted, this one does not.
      const loaded = await page();
      return loaded ? sendRatedPage(ctx, req, reply, loaded, 'duplicate', pad) : reply;
    } catch (err) {
      if (!(err instanceof LinkClosedError) && !(err instanceof InvalidAnswersError)) throw err;
      const loaded = await page();
      if (!loaded) return reply;
      if (err instanceof LinkClosedError)
        return sendStatusPage(req, reply, STATE_PAGE[err.state], loaded.lang, loaded.page);
      return sendForm(req, reply, req.params.token, loaded, {
        status: 400,
        values: answers,
        errors: pageErrors(loaded.page.template, err.errors, loaded.lang),
        formToken: posted,
        padToken: pad,
      });
    }
  });
}

/** The posted form; anything that is not a flat object of strings is treated as an empty form. */
export function formFields(body: unknown): FormFields {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  return body as FormFields;
}
