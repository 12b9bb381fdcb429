import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { pageOf } from '../../http/pagination.js';
import { alertFields } from './alert-fields.js';
import {
  alertFieldsSchema,
  alertListQuery,
  alertRuleSchema,
  alertSchema,
  createAlertRuleBody,
  updateAlertRuleBody,
} from './alert-rules.schemas.js';
import {
  createAlertRule,
  deleteAlertRule,
  getAlertRule,
  listAlertRules,
  listAlerts,
  reorderAlertRules,
  updateAlertRule,
} from './alert-rules.service.js';

const tags = ['alerts'];
const params = z.object({ id: z.uuid() });
/** Whoever works cases may read the rules that open them; changing them is SLA configuration (admins). */
const read = access.permission('cases.read');
const write = access.permission('sla.write');
const list = z.object({ items: z.array(alertRuleSchema), nextCursor: z.null() });

export const alertRuleRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/alert-rules',
      { config: read, schema: { tags, summary: 'Every alert rule in evaluation order', response: { 200: list } } },
      async () => listAlertRules(ctx.db),
    );

    app.post(
      '/alert-rules',
      {
        config: write,
        schema: {
          tags,
          summary: 'Create an alert rule (appended last unless `priority` is given)',
          body: createAlertRuleBody,
          response: { 201: alertRuleSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await createAlertRule(ctx.db, req.actor, req.body)),
    );

    app.get(
      '/alert-rules/fields',
      {
        config: read,
        schema: {
          tags,
          summary:
            'Rating fields and operators an alert condition can use (work-order fields: GET /rating-rules/fields)',
          response: { 200: alertFieldsSchema },
        },
      },
      async () => alertFields(ctx.db),
    );

    app.post(
      '/alert-rules/reorder',
      {
        config: write,
        schema: {
          tags,
          summary: 'Set the evaluation order: every alert rule id exactly once',
          body: z.object({ ids: z.array(z.uuid()).max(10_000) }),
          response: { 200: list },
        },
      },
      async (req) => reorderAlertRules(ctx.db, req.actor, req.body.ids),
    );

    app.get(
      '/alert-rules/:id',
      { config: read, schema: { tags, summary: 'One alert rule', params, response: { 200: alertRuleSchema } } },
      async (req) => getAlertRule(ctx.db, req.params.id),
    );

    app.patch(
      '/alert-rules/:id',
      {
        config: write,
        schema: {
          tags,
          summary: 'Change an alert rule (`priority` moves it)',
          params,
          body: updateAlertRuleBody,
          response: { 200: alertRuleSchema },
        },
      },
      async (req) => updateAlertRule(ctx.db, req.actor, req.params.id, req.body),
    );

    app.delete(
      '/alert-rules/:id',
      {
        config: write,
        schema: {
          tags,
          summary: 'Delete an alert rule (its alerts stay)',
          params,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await deleteAlertRule(ctx.db, req.actor, req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/alerts',
      {
        config: read,
        schema: {
          tags,
          summary: 'Raised alerts of the work orders the caller may see (and those they were told of), newest first',
          querystring: alertListQuery,
          response: { 200: pageOf(alertSchema) },
        },
      },
      async (req) => listAlerts(ctx.db, req.actor, req.query),
    );
  };
