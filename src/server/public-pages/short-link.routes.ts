import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { invitationIdFromShortCode } from '../modules/invitations/short-link.js';
import { invitationToken } from '../modules/invitations/token.js';
import { pagePath, sendAnonymousStatusPage } from './pages.js';

/**
 * `GET /s/<code>`: the short link of an invitation (SMS templates with a length limit, issue #11) → 302 to its
 * rating page `/r/<token>`. An unknown or forged code gets the same "unknown link" page as a bad token. The parameter
 * is called `token` so the public rate limiter keys it like the other public routes.
 */
export function registerShortLinks(app: FastifyInstance, ctx: AppContext) {
  app.get(
    '/s/:token',
    { schema: { hide: true } },
    async (req: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply) => {
      const id = await invitationIdFromShortCode(ctx.db, ctx.appSecret, req.params.token);
      if (!id) return sendAnonymousStatusPage(req, reply, 'unknown');
      return reply
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .redirect(pagePath(invitationToken(ctx.appSecret, id)), 302);
    },
  );
}
