import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { IMPORT_BODY_LIMIT } from '../../http/body-limits.js';
import { getEmployeeImport } from './employee-imports.service.js';
import { enqueueEmployeeImport } from './org.jobs.js';
import { createImportBody, employeeImportSchema, idParams } from './org.schemas.js';

const tags = ['employees'];

export const employeeImportRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/employee-imports',
      {
        config: access.permission('org.write'),
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Import employees from CSV (processed in the background)',
          description:
            'Returns 202 at once; poll `GET /employee-imports/{id}` for progress. Every bad row is reported with its line number.',
          body: createImportBody,
          response: { 202: employeeImportSchema },
        },
      },
      async (req, reply) => reply.code(202).send(await enqueueEmployeeImport(ctx, req.actor, req.body)),
    );

    app.get(
      '/employee-imports/:id',
      {
        config: access.permission('org.write'),
        schema: {
          tags,
          summary: 'Progress and result of an import',
          params: idParams,
          response: { 200: employeeImportSchema },
        },
      },
      async (req) => getEmployeeImport(ctx.db, req.params.id),
    );
  };
