import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { workflowSchema, workflowViewSchema } from './workflows.schemas.js';
import { getWorkflow, putWorkflow } from './workflows.service.js';

const tags = ['service-types'];
const params = z.object({ id: z.uuid().describe('The service type id.') });

export const workflowRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/service-types/:id/workflow',
      {
        config: access.permission('service_types.read'),
        schema: {
          tags,
          summary: 'The post-service workflow of a service type (nodes in order) and its custom fields',
          description: 'Without a configuration: one rating node in `rule` mode, not mandatory, no timeout.',
          params,
          response: { 200: workflowViewSchema },
        },
      },
      async (req) => getWorkflow(ctx.db, req.params.id),
    );

    app.put(
      '/service-types/:id/workflow',
      {
        config: access.permission('workflows.write'),
        schema: {
          tags,
          summary: 'Replace the workflow of a service type (audited)',
          description: 'Work orders already completed keep the node settings they started with.',
          params,
          body: workflowSchema,
          response: { 200: workflowViewSchema },
        },
      },
      async (req) => putWorkflow(ctx.db, req.actor, req.params.id, req.body),
    );
  };
