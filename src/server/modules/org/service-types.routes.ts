import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { pageOf } from '../../http/pagination.js';
import {
  createServiceTypeBody,
  idParams,
  serviceTypeListQuery,
  serviceTypeSchema,
  updateServiceTypeBody,
} from './org.schemas.js';
import { createServiceType, getServiceType, listServiceTypes, updateServiceType } from './service-types.service.js';

const tags = ['service-types'];

export const serviceTypeRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/service-types',
      {
        config: access.permission('service_types.read'),
        schema: {
          tags,
          summary: 'List service types, ordered by name',
          querystring: serviceTypeListQuery,
          response: { 200: pageOf(serviceTypeSchema) },
        },
      },
      async (req) => listServiceTypes(ctx.db, req.query),
    );

    app.get(
      '/service-types/:id',
      {
        config: access.permission('service_types.read'),
        schema: { tags, summary: 'One service type', params: idParams, response: { 200: serviceTypeSchema } },
      },
      async (req) => getServiceType(ctx.db, req.params.id),
    );

    app.post(
      '/service-types',
      {
        config: access.permission('service_types.write'),
        schema: {
          tags,
          summary: 'Create a service type',
          body: createServiceTypeBody,
          response: { 201: serviceTypeSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await createServiceType(ctx.db, req.actor, req.body)),
    );

    app.patch(
      '/service-types/:id',
      {
        config: access.permission('service_types.write'),
        schema: {
          tags,
          summary: 'Change a service type (set `active: false` to retire it; there is no delete)',
          params: idParams,
          body: updateServiceTypeBody,
          response: { 200: serviceTypeSchema },
        },
      },
      async (req) => updateServiceType(ctx.db, req.actor, req.params.id, req.body),
    );
  };
