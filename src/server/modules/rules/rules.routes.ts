import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { listRatingDefaults, removeRatingDefault, setRatingDefault } from './rating-defaults.service.js';
import { CUSTOM_FIELD, CUSTOM_PREFIX, OPERATOR_LABELS, OPERATORS, RULE_FIELDS } from './rules.fields.js';
import { createRuleBodySchema, ratingDefaultSchema, ruleSchema, updateRuleBodySchema } from './rules.schemas.js';
import { createRule, deleteRule, getRule, listRules, reorderRules, updateRule } from './rules.service.js';

const tags = ['rating-rules'];
const params = z.object({ id: z.uuid() });
const read = access.permission('rules.read');
const write = access.permission('rules.write');
const label = z.object({ 'zh-CN': z.string(), en: z.string() });
const list = z.object({ items: z.array(ruleSchema), nextCursor: z.null() });

const fieldsSchema = z.object({
  fields: z.array(
    z.object({
      name: z.string(),
      label,
      valueType: z.enum(['id', 'text', 'enum', 'any']),
      reference: z.enum(['service_type', 'department']).optional(),
      values: z.array(z.string()).optional(),
      operators: z.array(z.enum(OPERATORS)),
      description: z.string(),
    }),
  ),
  customField: z.object({
    prefix: z.string(),
    label,
    valueType: z.literal('any'),
    operators: z.array(z.enum(OPERATORS)),
    description: z.string(),
  }),
  operators: z.array(z.object({ name: z.enum(OPERATORS), label })),
});

export const ruleRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/rating-rules',
      { config: read, schema: { tags, summary: 'Every rating rule in evaluation order', response: { 200: list } } },
      async () => listRules(ctx.db),
    );

    app.post(
      '/rating-rules',
      {
        config: write,
        schema: {
          tags,
          summary: 'Create a rule (appended last unless `priority` is given)',
          body: createRuleBodySchema,
          response: { 201: ruleSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await createRule(ctx.db, req.actor, req.body)),
    );

    app.get(
      '/rating-rules/fields',
      {
        config: read,
        schema: {
          tags,
          summary: 'Fields and operators a condition can use (for the query builder)',
          response: { 200: fieldsSchema },
        },
      },
      async () => ({
        fields: RULE_FIELDS.map((f) => ({
          ...f,
          operators: [...f.operators],
          values: f.values ? [...f.values] : undefined,
        })),
        customField: {
          prefix: CUSTOM_PREFIX,
          label: CUSTOM_FIELD.label,
          valueType: 'any' as const,
          operators: [...CUSTOM_FIELD.operators],
          description: CUSTOM_FIELD.description,
        },
        operators: OPERATORS.map((name) => ({ name, label: OPERATOR_LABELS[name] })),
      }),
    );

    app.post(
      '/rating-rules/reorder',
      {
        config: write,
        schema: {
          tags,
          summary: 'Set the evaluation order: every rule id exactly once',
          body: z.object({ ids: z.array(z.uuid()).max(10_000) }),
          response: { 200: list },
        },
      },
      async (req) => reorderRules(ctx.db, req.actor, req.body.ids),
    );

    app.get(
      '/rating-rules/:id',
      { config: read, schema: { tags, summary: 'One rating rule', params, response: { 200: ruleSchema } } },
      async (req) => getRule(ctx.db, req.params.id),
    );

    app.patch(
      '/rating-rules/:id',
      {
        config: write,
        schema: {
          tags,
          summary: 'Change a rule (`priority` moves it)',
          params,
          body: updateRuleBodySchema,
          response: { 200: ruleSchema },
        },
      },
      async (req) => updateRule(ctx.db, req.actor, req.params.id, req.body),
    );

    app.delete(
      '/rating-rules/:id',
      { config: write, schema: { tags, summary: 'Delete a rule', params, response: { 204: z.null() } } },
      async (req, reply) => {
        await deleteRule(ctx.db, req.actor, req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/rating-defaults',
      {
        config: read,
        schema: {
          tags,
          summary: 'Each service type’s default template',
          response: { 200: z.object({ items: z.array(ratingDefaultSchema), nextCursor: z.null() }) },
        },
      },
      async () => listRatingDefaults(ctx.db),
    );

    const serviceTypeParams = z.object({ serviceTypeId: z.uuid() });
    app.put(
      '/rating-defaults/:serviceTypeId',
      {
        config: write,
        schema: {
          tags,
          summary: 'Set the service type’s default template (used when no rule matches)',
          params: serviceTypeParams,
          body: z.object({ templateId: z.uuid() }),
          response: { 200: ratingDefaultSchema },
        },
      },
      async (req) => setRatingDefault(ctx.db, req.actor, req.params.serviceTypeId, req.body.templateId),
    );

    app.delete(
      '/rating-defaults/:serviceTypeId',
      {
        config: write,
        schema: {
          tags,
          summary: 'Remove the service type’s default template',
          params: serviceTypeParams,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await removeRatingDefault(ctx.db, req.actor, req.params.serviceTypeId);
        return reply.code(204).send(null);
      },
    );
  };
