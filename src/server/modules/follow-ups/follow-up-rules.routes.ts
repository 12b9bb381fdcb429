import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { ruleFactsOf } from '../rules/rule-facts.js';
import { readWorkOrderRow } from '../work-orders/work-orders.queries.js';
import {
  createFollowUpRuleBodySchema,
  followUpDryRunBodySchema,
  followUpDryRunSchema,
  followUpRuleListSchema,
  followUpRuleSchema,
  reorderFollowUpRulesBodySchema,
  updateFollowUpRuleBodySchema,
} from './follow-up-rules.schemas.js';
import {
  createFollowUpRule,
  deleteFollowUpRule,
  explainFollowUpMatch,
  getFollowUpRule,
  listFollowUpRules,
  reorderFollowUpRules,
  updateFollowUpRule,
} from './follow-up-rules.service.js';

const tags = ['follow-up-rules'];
const params = z.object({ id: z.uuid() });
// The rating rules' permissions: whoever sets up rating rules sets up follow-up rules.
const read = access.permission('rules.read');
const write = access.permission('rules.write');

/** `/follow-up-rules`: which agent follows up which work orders with which survey (a follow-up node in rule mode). */
export const followUpRuleRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/follow-up-rules',
      {
        config: read,
        schema: {
          tags,
          summary: 'Every follow-up rule in evaluation order',
          response: { 200: followUpRuleListSchema },
        },
      },
      async () => listFollowUpRules(ctx.db),
    );

    app.post(
      '/follow-up-rules',
      {
        config: write,
        schema: {
          tags,
          summary: 'Create a follow-up rule (appended last unless `priority` is given)',
          body: createFollowUpRuleBodySchema,
          response: { 201: followUpRuleSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await createFollowUpRule(ctx.db, req.actor, req.body)),
    );

    app.put(
      '/follow-up-rules/order',
      {
        config: write,
        schema: {
          tags,
          summary: 'Set the evaluation order: every follow-up rule id exactly once',
          body: reorderFollowUpRulesBodySchema,
          response: { 200: followUpRuleListSchema },
        },
      },
      async (req) => reorderFollowUpRules(ctx.db, req.actor, req.body.ids),
    );

    app.post(
      '/follow-up-rules/dry-run',
      {
        config: read,
        schema: {
          tags,
          summary: 'Which follow-up rule a work order would get, and why each rule before it did not match',
          body: followUpDryRunBodySchema,
          response: { 200: followUpDryRunSchema },
        },
      },
      async (req) =>
        explainFollowUpMatch(
          ctx.db,
          req.body.workOrderId
            ? ruleFactsOf(await readWorkOrderRow(ctx.db, req.actor, req.body.workOrderId))
            : req.body.facts!,
        ),
    );

    app.get(
      '/follow-up-rules/:id',
      { config: read, schema: { tags, summary: 'One follow-up rule', params, response: { 200: followUpRuleSchema } } },
      async (req) => getFollowUpRule(ctx.db, req.params.id),
    );

    app.patch(
      '/follow-up-rules/:id',
      {
        config: write,
        schema: {
          tags,
          summary: 'Change a follow-up rule (`priority` moves it)',
          params,
          body: updateFollowUpRuleBodySchema,
          response: { 200: followUpRuleSchema },
        },
      },
      async (req) => updateFollowUpRule(ctx.db, req.actor, req.params.id, req.body),
    );

    app.delete(
      '/follow-up-rules/:id',
      { config: write, schema: { tags, summary: 'Delete a follow-up rule', params, response: { 204: z.null() } } },
      async (req, reply) => {
        await deleteFollowUpRule(ctx.db, req.actor, req.params.id);
        return reply.code(204).send(null);
      },
    );
  };
