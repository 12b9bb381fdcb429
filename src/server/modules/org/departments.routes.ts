import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { pageOf } from '../../http/pagination.js';
import {
  createDepartment,
  deleteDepartment,
  getDepartment,
  listDepartments,
  updateDepartment,
} from './departments.service.js';
import {
  createDepartmentBody,
  departmentListQuery,
  departmentSchema,
  idParams,
  updateDepartmentBody,
} from './org.schemas.js';

const tags = ['departments'];

export const departmentRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/departments',
      {
        config: access.permission('org.read'),
        schema: {
          tags,
          summary: 'List departments, ordered by name (flat: build the tree from `parentId`)',
          querystring: departmentListQuery,
          response: { 200: pageOf(departmentSchema) },
        },
      },
      async (req) => listDepartments(ctx.db, req.query),
    );

    app.get(
      '/departments/:id',
      {
        config: access.permission('org.read'),
        schema: { tags, summary: 'One department', params: idParams, response: { 200: departmentSchema } },
      },
      async (req) => getDepartment(ctx.db, req.params.id),
    );

    app.post(
      '/departments',
      {
        config: access.permission('org.write'),
        schema: {
          tags,
          summary: 'Create a department',
          description: 'The parent and manager must exist (400); the code must be unique (409).',
          body: createDepartmentBody,
          response: { 201: departmentSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await createDepartment(ctx.db, req.actor, req.body)),
    );

    app.patch(
      '/departments/:id',
      {
        config: access.permission('org.write'),
        schema: {
          tags,
          summary: 'Change or move a department',
          description: 'Moving a department under itself or one of its sub-departments is refused (409).',
          params: idParams,
          body: updateDepartmentBody,
          response: { 200: departmentSchema },
        },
      },
      async (req) => updateDepartment(ctx.db, req.actor, req.params.id, req.body),
    );

    app.delete(
      '/departments/:id',
      {
        config: access.permission('org.write'),
        schema: {
          tags,
          summary: 'Delete an empty department',
          description: 'Refused (409) while it has sub-departments or employees.',
          params: idParams,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await deleteDepartment(ctx.db, req.actor, req.params.id);
        return reply.code(204).send(null);
      },
    );
  };
