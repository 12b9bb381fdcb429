import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { createEmployee, getEmployee, listEmployees, updateEmployee } from './employees.service.js';
import {
  createdEmployeeSchema,
  createEmployeeBody,
  employeeListQuery,
  employeePageSchema,
  employeeSchema,
  idParams,
  updateEmployeeBody,
} from './org.schemas.js';

const tags = ['employees'];

export const employeeRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/employees',
      {
        config: access.permission('org.read'),
        schema: {
          tags,
          summary: 'Search and filter employees, ordered by employee number',
          description: 'Page with `cursor` (keyset) or `offset` (numbered pages); `total` counts every match.',
          querystring: employeeListQuery,
          response: { 200: employeePageSchema },
        },
      },
      async (req) => listEmployees(ctx.db, req.query),
    );

    app.get(
      '/employees/:id',
      {
        config: access.permission('org.read'),
        schema: { tags, summary: 'One employee', params: idParams, response: { 200: employeeSchema } },
      },
      async (req) => getEmployee(ctx.db, req.params.id),
    );

    app.post(
      '/employees',
      {
        config: access.permission('org.write'),
        schema: {
          tags,
          summary: 'Create an employee, optionally with a console login',
          description:
            'With `login`, the response carries the initial password once; it must be changed at first login.',
          body: createEmployeeBody,
          response: { 201: createdEmployeeSchema },
        },
      },
      async (req, reply) => {
        const { employee, initialPassword } = await createEmployee(ctx.db, req.actor, req.body);
        return reply.code(201).send({ employee: await getEmployee(ctx.db, employee.id), initialPassword });
      },
    );

    app.patch(
      '/employees/:id',
      {
        config: access.permission('org.write'),
        schema: {
          tags,
          summary: 'Change an employee',
          description:
            'Deactivating ends their sessions. Nobody can deactivate themself or drop their own admin role (409).',
          params: idParams,
          body: updateEmployeeBody,
          response: { 200: employeeSchema },
        },
      },
      async (req) => updateEmployee(ctx.db, req.actor, req.params.id, req.body),
    );
  };
