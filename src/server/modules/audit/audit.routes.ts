import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { instantParam } from '../../http/dates.js';
import { pageOf, pageQuery } from '../../http/pagination.js';
import { auditEventSchema } from './audit.presenter.js';
import { listAuditEvents } from './audit.service.js';

export const auditRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/audit-events',
      {
        config: access.permission('audit.read'),
        schema: {
          tags: ['audit'],
          summary: 'The audit log, newest first',
          querystring: z.object({
            ...pageQuery,
            action: z.string().max(100).optional().describe('Substring of the action, e.g. `employee.`.'),
            entityType: z.string().max(50).optional(),
            entityId: z.string().max(100).optional(),
            actorId: z.uuid().optional(),
            from: instantParam().optional().describe('At or after (ISO 8601 instant).'),
            to: instantParam().optional().describe('At or before (ISO 8601 instant).'),
          }),
          response: { 200: pageOf(auditEventSchema) },
        },
      },
      async (req) => listAuditEvents(ctx.db, req.query),
    );
  };
