import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { parsePosition } from '../events/positions.js';
import { LiveHub } from './hub.js';
import { LiveClient } from './live-client.js';

const HEARTBEAT_MS = 15_000;

export const liveEventSchema = z.object({
  type: z.string().describe('The domain event type, e.g. `rating.submitted`, `invitation.delivered`.'),
  workOrderId: z.string().nullable(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  at: z.string(),
});

/** `liveEventSchema` for the OpenAPI document's components (the console's `LiveEvent` type comes from it). */
export function liveEventJsonSchema(): Record<string, unknown> {
  const { $schema: _, ...schema } = z.toJSONSchema(liveEventSchema) as Record<string, unknown>;
  return schema;
}

/**
 * `GET /api/v1/events` (API-CONTRACT.md): Server-Sent Events for the console. Each message is a `liveEventSchema`
 * JSON with `id: <txid>-<seq>` (a commit-safe position); `Last-Event-ID` (header, or `?lastEventId=` for clients that
 * cannot set it) replays what the client missed, in order, each event once; `event: reset` means "too much was
 * missed: reload". A comment line every 15 s keeps proxies from closing the stream.
 */
export const liveRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const hub = new LiveHub(ctx.database, ctx.log);
    const clients = new Set<{ end(): void }>();
    app.addHook('preClose', async () => {
      for (const c of clients) c.end();
    });
    app.addHook('onClose', async () => {
      await hub.close();
    });

    app.get(
      '/events',
      {
        config: access.permission('work_orders.read'),
        schema: {
          tags: ['live'],
          summary: 'Live events (Server-Sent Events)',
          description:
            'text/event-stream. Each `data:` line is a JSON object `{ type, workOrderId, subjectType, subjectId, at }` ' +
            'for an event the caller may see; `id:` is its position for `Last-Event-ID`.',
          headers: z.object({ 'last-event-id': z.string().max(64).optional() }).passthrough(),
          querystring: z.object({ lastEventId: z.string().max(64).optional() }),
          produces: ['text/event-stream'],
          response: { 200: z.string().describe('An event stream; see the description.') },
        },
      },
      async (req, reply) => {
        const resumeFrom = parsePosition(req.headers['last-event-id'] ?? req.query.lastEventId);
        reply.hijack();
        const out = reply.raw;
        out.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-store, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
          'x-content-type-options': 'nosniff',
        });
        out.write('retry: 3000\n\n');
        // Created before it subscribes: what the hub delivers from then on is buffered until the replay is done.
        const client = new LiveClient(ctx.db, req.actor, out);
        const end = () => {
          hub.unsubscribe(client);
          client.close();
          clearInterval(beat);
          clients.delete(handle);
          if (!out.writableEnded) out.end();
        };
        const handle = { end };
        clients.add(handle);
        const beat = setInterval(() => client.heartbeat(), HEARTBEAT_MS);
        out.on('close', end);
        try {
          // Subscribe first, then replay: nothing committed in between can fall into a gap.
          const start = await hub.subscribe(client);
          if (clients.has(handle)) await client.begin(start, resumeFrom);
          else hub.unsubscribe(client); // it hung up meanwhile
        } catch (err) {
          req.log.warn({ err }, 'live events: could not start the stream');
          end();
        }
      },
    );
  };
