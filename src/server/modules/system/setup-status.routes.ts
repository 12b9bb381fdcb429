import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { SETUP_STEPS, setupStatus } from './setup-status.service.js';

export const setupStatusSchema = z.object({
  steps: z.array(z.object({ step: z.enum(SETUP_STEPS), done: z.boolean() })).describe('In the order to do them.'),
  complete: z.boolean(),
  channelWarnings: z
    .array(
      z.object({
        kind: z.enum(['rule', 'workflow']),
        id: z.string().describe('The rule id, or the service type id of the workflow.'),
        name: z.string(),
        channel: z.string().describe('A channel it sends on that has no enabled configuration.'),
      }),
    )
    .describe('Enabled rules and workflows that would send on a channel without configuration.'),
});

/** The console's set-up checklist and missing-channel warnings (admins: the steps are admin work). */
export const setupStatusRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/setup-status',
      {
        config: access.permission('channels.read'),
        schema: {
          tags: ['system'],
          summary: 'Set-up checklist (department, employee, service type, template, channel, a test message sent)',
          response: { 200: setupStatusSchema },
        },
      },
      async () => setupStatus(ctx.db),
    );
  };
