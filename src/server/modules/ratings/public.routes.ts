import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { ANONYMOUS_BODY_LIMIT } from '../../http/body-limits.js';
import { badRequest, fieldErrors, notFound, tooManyRequests } from '../../http/problem.js';
import { invitationIdFromToken } from '../invitations/token.js';
import { invitationFactsByToken } from './invitation-facts.js';
import { readCustomerPage } from './opening.service.js';
import { frozenTemplate, invitationPageContext, organisationProfile } from './page-context.js';
import {
  publicInvitationQuery,
  publicInvitationSchema,
  submitRatingBody,
  submitRatingHeaders,
  submittedRatingSchema,
  tokenParams,
} from './public.schemas.js';
import { chooseLanguage, placeComment, presentPublicInvitation } from './public-invitation.js';
import { publicRateLimiter } from './rate-limits.js';
import { InvalidAnswersError, LinkClosedError, linkClosedProblem, submitCustomerRating } from './submission.service.js';

const tags = ['public'];
const unknownLink = () => notFound('Rating invitation');

/** The customer-facing JSON API for mini-programs and apps: the same rules as the page at `/r/<token>`. */
export const publicRatingRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const limit = publicRateLimiter(ctx);
    app.addHook('onRequest', async (req) => {
      const verdict = await limit(req);
      if (verdict) throw tooManyRequests('Too many requests for this link.', verdict.retryAfterSeconds);
    });

    app.get(
      '/public/invitations/:token',
      {
        config: access.public(),
        schema: {
          tags,
          summary: 'What the rating page needs: template version, labels, status',
          description:
            'Records the first opening (not for prefetches). Unknown or forged tokens: 404. Closed links answer ' +
            '200 with their `status` so the app can explain.',
          params: tokenParams,
          querystring: publicInvitationQuery,
          response: { 200: publicInvitationSchema },
        },
      },
      async (req) => {
        const id = invitationIdFromToken(ctx.appSecret, req.params.token);
        const read = id ? await readCustomerPage(ctx.database, req, id, { recordOpening: true }) : null;
        if (!read) throw unknownLink();
        const { invitation } = read;
        const page = await invitationPageContext(ctx.db, invitation, read.workOrder);
        const acceptLanguage = req.headers['accept-language'];
        const lang = chooseLanguage(invitation.contact.locale, acceptLanguage, page.defaultLanguage, req.query.lang);
        return presentPublicInvitation(invitation, page, lang);
      },
    );

    app.post(
      '/public/invitations/:token/ratings',
      {
        config: access.public(),
        bodyLimit: ANONYMOUS_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Submit a rating',
          description:
            '201 with the new rating; the same `Idempotency-Key` again → 200 with the same rating. Validation ' +
            'errors: 400 with one entry per answer (`answers.<key>`). Already used: 409; expired or revoked: 410; ' +
            'unknown: 404.',
          params: tokenParams,
          headers: submitRatingHeaders,
          body: submitRatingBody,
          response: { 200: submittedRatingSchema, 201: submittedRatingSchema },
        },
      },
      async (req, reply) => {
        // Known to this process (the app's GET before): no read before the one submission statement.
        const facts = await invitationFactsByToken(ctx.db, ctx.appSecret, req.params.token);
        if (!facts) throw unknownLink();
        const [template, profile] = await Promise.all([
          frozenTemplate(ctx.db, facts.templateVersionId),
          organisationProfile(ctx.db),
        ]);
        const placed = placeComment(template.dimensions, req.body.answers, req.body.comment);
        if (placed.error) throw badRequest(`${placed.error.path}: ${placed.error.message}`, [placed.error]);
        try {
          const { id, score, created } = await submitCustomerRating(ctx.database, {
            invitationId: facts.id,
            template,
            answers: placed.answers,
            idempotencyKey: req.headers['idempotency-key'] ?? null,
            language: chooseLanguage(facts.locale, req.headers['accept-language'], profile.defaultLanguage),
          });
          return reply.code(created ? 201 : 200).send({ id, score });
        } catch (err) {
          if (err instanceof LinkClosedError) throw linkClosedProblem(err.state);
          if (err instanceof InvalidAnswersError) {
            const errors = err.errors.map((e) =>
              placed.commentKey && e.path === `answers.${placed.commentKey}` ? { ...e, path: 'comment' } : e,
            );
            throw fieldErrors(errors);
          }
          throw err;
        }
      },
    );
  };
