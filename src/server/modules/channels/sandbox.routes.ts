import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { pageOf, pageQuery } from '../../http/pagination.js';
import { sandboxMessageSchema } from './sandbox.presenter.js';
import { listSandboxMessages } from './sandbox.service.js';

export const sandboxRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/sandbox/messages',
      {
        // The messages carry live invitation links: only who may reveal links (admins) reads them.
        config: access.permission('invitations.reveal_link'),
        schema: {
          tags: ['channels'],
          summary: 'The sandbox inbox: messages kept by the sandbox channels, newest first',
          querystring: z.object({
            ...pageQuery,
            channel: z.enum(['sms', 'email', 'wechat']).optional(),
          }),
          response: { 200: pageOf(sandboxMessageSchema) },
        },
      },
      async (req) => listSandboxMessages(ctx.db, req.query),
    );
  };
