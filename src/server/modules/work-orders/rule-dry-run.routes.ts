import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { explainMatch } from '../rules/match.js';
import { ruleFactsOf } from '../rules/rule-facts.js';
import { dryRunSchema, factsSchema } from '../rules/rules.schemas.js';
import { readWorkOrderRow } from './work-orders.queries.js';

/**
 * `POST /rating-rules/dry-run`: the rating rules' dry run. It lives here, above `rules`, because it may load an
 * existing work order (in the caller's scope) for its facts; the matching itself is rules' `explainMatch`.
 */
export const ruleDryRunRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/rating-rules/dry-run',
      {
        config: access.permission('rules.read'),
        schema: {
          tags: ['rating-rules'],
          summary: 'Which rule (or fallback) a work order would match, and why each rule before it did not',
          body: z
            .object({
              facts: factsSchema.optional().describe('A work order typed in.'),
              workOrderId: z.uuid().optional().describe('An existing work order (its fields become the facts).'),
            })
            .refine((b) => (b.facts === undefined) !== (b.workOrderId === undefined), {
              message: 'give either facts or workOrderId',
              path: ['facts'],
            }),
          response: { 200: dryRunSchema },
        },
      },
      async (req) =>
        explainMatch(
          ctx.db,
          req.body.workOrderId
            ? ruleFactsOf(await readWorkOrderRow(ctx.db, req.actor, req.body.workOrderId))
            : req.body.facts!,
        ),
    );
  };
