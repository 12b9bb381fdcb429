import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.js';
import { publicRateLimiter } from '../modules/ratings/rate-limits.js';
import { acceptFormPosts } from './form-body.js';
import { sendAnonymousStatusPage } from './pages.js';
import { registerRatingPage } from './rating-page.routes.js';
import { registerThanksPage } from './thanks.routes.js';

/**
 * The customer's pages under `/r/<token>` (outside `/api/v1`, no login): the rating form, its no-JS submission,
 * the thank-you page and the contact toggle. Server-rendered by `common/rating-page`, everything inline (one
 * request, no third party), compressed here. Rate limited per IP and per token together with the public JSON API.
 */
export const publicPageRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    acceptFormPosts(app);
    const limit = publicRateLimiter(app, ctx);
    app.addHook('onRequest', async (req, reply) => {
      const verdict = await limit(req);
      if (verdict) return sendAnonymousStatusPage(req, reply, 'rate_limited', verdict.retryAfterSeconds);
    });
    registerRatingPage(app, ctx);
    registerThanksPage(app, ctx);
  };
