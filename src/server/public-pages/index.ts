import type { FastifyError, FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.js';
import { ANONYMOUS_BODY_LIMIT } from '../http/body-limits.js';
import { publicRateLimiter } from '../modules/ratings/rate-limits.js';
import { acceptFormPosts } from './form-body.js';
import { sendAnonymousStatusPage } from './pages.js';
import { registerPortal } from './portal/portal.routes.js';
import { registerRatingPage } from './rating-page.routes.js';
import { registerShortLinks } from './short-link.routes.js';
import { registerThanksPage } from './thanks.routes.js';

/**
 * The customer's pages under `/r/<token>` (outside `/api/v1`, no login): the rating form, its no-JS submission,
 * the thank-you page and the contact toggle. Server-rendered by `common/rating-page`, everything inline (one
 * request, no third party), compressed here. Rate limited per IP and per token together with the public JSON API.
 */
export const publicPageRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    // Every page here is anonymous: small bodies only (the form parser has the same limit).
    app.addHook('onRoute', (route) => {
      route.bodyLimit ??= ANONYMOUS_BODY_LIMIT;
    });
    acceptFormPosts(app);
    // A customer's browser gets a page, not a problem document, when the form is too large to accept (a very long
    // comment in Chinese: about 9 bytes a character once form-encoded); Back keeps what they wrote. Everything
    // else goes on to the application's error handler.
    app.setErrorHandler((err: FastifyError, req, reply) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendAnonymousStatusPage(req, reply, 'too_large');
      throw err;
    });
    const limit = publicRateLimiter(ctx);
    app.addHook('onRequest', async (req, reply) => {
      const verdict = await limit(req);
      if (verdict) return sendAnonymousStatusPage(req, reply, 'rate_limited', verdict.retryAfterSeconds);
    });
    registerRatingPage(app, ctx);
    registerThanksPage(app, ctx);
    registerShortLinks(app, ctx);
    registerPortal(app, ctx);
  };
