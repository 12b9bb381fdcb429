import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import {
  createTouchpointBody,
  touchpointIdParams,
  touchpointListSchema,
  touchpointSchema,
  updateTouchpointBody,
} from './touchpoints.schemas.js';
import {
  createTouchpoint,
  deleteTouchpoint,
  getTouchpoint,
  listTouchpoints,
  updateTouchpoint,
} from './touchpoints.service.js';

const tags = ['touchpoints'];

/** Touchpoints and their weights in the store score (SCORING.md §7); configured like service types. */
export const touchpointRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/touchpoints',
      {
        config: access.permission('service_types.read'),
        schema: {
          tags,
          summary: 'List the configured touchpoints and their weights',
          response: { 200: touchpointListSchema },
        },
      },
      async () => listTouchpoints(ctx.db),
    );

    app.get(
      '/touchpoints/:id',
      {
        config: access.permission('service_types.read'),
        schema: { tags, summary: 'One touchpoint', params: touchpointIdParams, response: { 200: touchpointSchema } },
      },
      async (req) => getTouchpoint(ctx.db, req.params.id),
    );

    app.post(
      '/touchpoints',
      {
        config: access.permission('service_types.write'),
        schema: {
          tags,
          summary: 'Configure a touchpoint',
          body: createTouchpointBody,
          response: { 201: touchpointSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await createTouchpoint(ctx.db, req.actor, req.body)),
    );

    app.patch(
      '/touchpoints/:id',
      {
        config: access.permission('service_types.write'),
        schema: {
          tags,
          summary: 'Change a touchpoint (its key, names, weight or order)',
          params: touchpointIdParams,
          body: updateTouchpointBody,
          response: { 200: touchpointSchema },
        },
      },
      async (req) => updateTouchpoint(ctx.db, req.actor, req.params.id, req.body),
    );

    app.delete(
      '/touchpoints/:id',
      {
        config: access.permission('service_types.write'),
        schema: {
          tags,
          summary: 'Remove a touchpoint (its ratings then count with the unknown-touchpoint weight, 1)',
          params: touchpointIdParams,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await deleteTouchpoint(ctx.db, req.actor, req.params.id);
        return reply.code(204).send(null);
      },
    );
  };
