import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { acknowledgeProblem, listOpenProblems } from './problems.service.js';

const tags = ['delivery'];

export const deliveryProblemSchema = z.object({
  id: z.string(),
  cause: z.string().describe('`no_config:<channel>` or `<kind>:<channel>:<provider code>`: one problem per cause.'),
  channel: z.string(),
  kind: z.string().describe('`skipped` (no configuration), `permanent` or `quota`.'),
  code: z.string(),
  detail: z.string().nullable(),
  count: z.number().int().describe('Failed attempts since the problem was (re)opened.'),
  lastInvitationId: z.string().nullable(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  acknowledgedAt: z.string().nullable(),
});

/** Delivery problems (one per cause) for the admins' banner: list the open ones, acknowledge one. */
export const problemRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/delivery-problems',
      {
        config: access.permission('channels.read'),
        schema: {
          tags,
          summary: 'Open delivery problems (not acknowledged), most recent first',
          response: { 200: z.object({ items: z.array(deliveryProblemSchema) }) },
        },
      },
      async () => ({ items: await listOpenProblems(ctx.db) }),
    );

    app.post(
      '/delivery-problems/:id/acknowledge',
      {
        config: access.permission('channels.write'),
        schema: {
          tags,
          summary: 'Acknowledge a delivery problem; the next failure with its cause re-opens it and notifies again',
          params: z.object({ id: z.uuid() }),
          response: { 200: deliveryProblemSchema },
        },
      },
      async (req) => acknowledgeProblem(ctx.db, req.actor, req.params.id),
    );
  };
