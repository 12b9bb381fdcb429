import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { pageOf } from '../../http/pagination.js';
import type { AttemptEnv } from './attempts.js';
import { getDelivery, listDeliveries, replayDelivery, replaySince, sendTestEvent } from './deliveries.service.js';
import {
  createEndpoint,
  DEFAULT_OVERLAP_HOURS,
  deleteEndpoint,
  getEndpoint,
  listEndpoints,
  rotateSecret,
  updateEndpoint,
} from './endpoints.service.js';
import {
  createEndpointBody,
  deliveryListQuery,
  deliverySchema,
  deliveryWithAttemptsSchema,
  endpointSchema,
  replaySinceBody,
  rotateSecretBody,
  secretSchema,
  updateEndpointBody,
} from './webhooks.schemas.js';

const tags = ['webhooks'];
const idParams = z.object({ id: z.uuid() });
const manage = access.permission('webhooks.manage');

/** Outbound event webhooks: endpoints (secret shown once), the delivery log, replays and test events. Admins. */
export const webhookRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const env: AttemptEnv = {
      db: ctx.db,
      jobs: ctx.jobs,
      config: ctx.config,
      appSecret: ctx.appSecret,
      now: () => new Date(),
    };

    app.get(
      '/webhook-endpoints',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Webhook endpoints (never their secrets)',
          response: { 200: z.object({ items: z.array(endpointSchema), nextCursor: z.null() }) },
        },
      },
      async () => ({ items: await listEndpoints(ctx.db), nextCursor: null }),
    );

    app.post(
      '/webhook-endpoints',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Add a webhook endpoint',
          description: 'Answers the endpoint and its signing `secret`, which no later answer shows.',
          body: createEndpointBody,
          response: { 201: endpointSchema.extend({ secret: secretSchema }) },
        },
      },
      async (req, reply) => reply.code(201).send(await createEndpoint(ctx.db, ctx.appSecret, req.actor, req.body)),
    );

    app.get(
      '/webhook-endpoints/:id',
      {
        config: manage,
        schema: { tags, summary: 'One webhook endpoint', params: idParams, response: { 200: endpointSchema } },
      },
      async (req) => getEndpoint(ctx.db, req.params.id),
    );

    app.patch(
      '/webhook-endpoints/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Change a webhook endpoint',
          description: 'Enabling it again sends the deliveries left pending while it was disabled.',
          params: idParams,
          body: updateEndpointBody,
          response: { 200: endpointSchema },
        },
      },
      async (req) => updateEndpoint(ctx.db, ctx.jobs, req.actor, req.params.id, req.body),
    );

    app.delete(
      '/webhook-endpoints/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Delete a webhook endpoint with its delivery log',
          params: idParams,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await deleteEndpoint(ctx.db, req.actor, req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/webhook-endpoints/:id/rotate-secret',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Replace the signing secret',
          description:
            'The new secret signs from now on; the one it replaces keeps signing too (a second `v1,` signature in ' +
            '`webhook-signature`) for `overlapHours`.',
          params: idParams,
          body: rotateSecretBody,
          response: {
            200: z.object({ secret: secretSchema, previousSecretExpiresAt: z.string().nullable() }),
          },
        },
      },
      async (req) =>
        rotateSecret(ctx.db, ctx.appSecret, req.actor, req.params.id, req.body.overlapHours ?? DEFAULT_OVERLAP_HOURS),
    );

    app.get(
      '/webhook-endpoints/:id/deliveries',
      {
        config: manage,
        schema: {
          tags,
          summary: 'An endpoint’s deliveries, newest first',
          params: idParams,
          querystring: deliveryListQuery,
          response: { 200: pageOf(deliverySchema) },
        },
      },
      async (req) => listDeliveries(ctx.db, req.params.id, req.query),
    );

    app.post(
      '/webhook-endpoints/:id/replay',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Re-send every delivery created since an instant',
          description: 'Each is sent again soon, with its original `webhook-id`. 409 when the endpoint is disabled.',
          params: idParams,
          body: replaySinceBody,
          response: { 200: z.object({ count: z.number().int().describe('How many deliveries are re-sent.') }) },
        },
      },
      async (req) => replaySince(env, req.params.id, req.body.since),
    );

    app.post(
      '/webhook-endpoints/:id/test',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Send a `webhook.test` event now',
          description: 'Sent even to a disabled endpoint; answers the delivery with the attempt made.',
          params: idParams,
          response: { 200: deliveryWithAttemptsSchema },
        },
      },
      async (req) => sendTestEvent(env, req.params.id),
    );

    app.get(
      '/webhook-deliveries/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'One delivery with its attempts',
          params: idParams,
          response: { 200: deliveryWithAttemptsSchema },
        },
      },
      async (req) => getDelivery(ctx.db, req.params.id),
    );

    app.post(
      '/webhook-deliveries/:id/replay',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Send a delivery again now (same `webhook-id`)',
          params: idParams,
          response: { 200: deliveryWithAttemptsSchema },
        },
      },
      async (req) => replayDelivery(env, req.params.id),
    );
  };
