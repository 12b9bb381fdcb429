import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { processorFailures, processorStatuses, retryParkedEvent } from '../events/processor-status.js';
import type { EventProcessor } from '../events/processors.js';
import { readRepairs } from '../events/repairs.js';

export const processorsOverviewSchema = z.object({
  processors: z.array(
    z.object({
      name: z.string(),
      pending: z.number().int().describe('Committed events it wants and has not handled yet (counted up to 10,000).'),
      lagSeconds: z.number().describe('Age of the oldest of them; 0 when none.'),
      handled: z.number().int(),
      retrying: z.number().int().describe('Failed events waiting for a retry, and events waiting behind them.'),
      parked: z.number().int().describe('Events it gave up on after the last try (retry them by hand).'),
      updatedAt: z.string().nullable(),
    }),
  ),
  failures: z.array(
    z.object({
      processor: z.string(),
      eventSeq: z.number().int(),
      eventId: z.string().nullable(),
      eventType: z.string().nullable(),
      workOrderId: z.string().nullable(),
      attempts: z.number().int(),
      error: z.string().nullable(),
      nextAttemptAt: z.string(),
      parkedAt: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
  repairs: z
    .array(z.object({ kind: z.string(), repaired: z.number().int() }))
    .describe('Jobs the repair sweeps had to enqueue because a change had none: should stay empty.'),
});

/** Settings → System: each event processor's lag, its failed and parked events, and the repair counts. */
export const processorRoutes =
  (ctx: AppContext, processors: readonly EventProcessor[]): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/system/processors',
      {
        config: access.permission('settings.write'),
        schema: {
          tags: ['system'],
          summary: 'Event processors: lag, failed and parked events, repairs',
          response: { 200: processorsOverviewSchema },
        },
      },
      async () => ({
        processors: await processorStatuses(ctx.db, processors),
        failures: await processorFailures(ctx.db, { includeRetrying: true }),
        repairs: await readRepairs(ctx.db),
      }),
    );
    app.post(
      '/system/processors/:name/events/:seq/retry',
      {
        config: access.permission('settings.write'),
        schema: {
          tags: ['system'],
          summary: 'Retry a parked event now',
          params: z.object({ name: z.string().max(100), seq: z.coerce.number().int().positive() }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await retryParkedEvent(ctx.db, req.params.name, req.params.seq);
        return reply.code(204).send(null);
      },
    );
  };
