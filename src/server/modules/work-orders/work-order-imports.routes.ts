import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { IMPORT_BODY_LIMIT } from '../../http/body-limits.js';
import { MAX_IMPORT_CSV_CHARS } from '../org/org.schemas.js';
import { WORK_ORDER_CSV_COLUMNS } from './work-order-csv.js';
import { getWorkOrderImport, workOrderImportSchema } from './work-order-imports.service.js';
import { enqueueWorkOrderImport } from './work-orders.jobs.js';

const tags = ['work-orders'];

export const workOrderImportRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/work-order-imports',
      {
        config: access.permission('work_orders.write'),
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Import work orders from CSV (processed in the background)',
          description: `Returns 202; poll \`GET /work-order-imports/{id}\`. Columns (header, any order): ${WORK_ORDER_CSV_COLUMNS.join(', ')} and \`custom.<key>\`; subject and serviceType (code) are required, engineers are employee numbers separated by \`;\`, department is a code or unique name. A known externalId updates. Every bad row is reported with its line and column.`,
          body: z.object({
            csv: z.string().min(1).max(MAX_IMPORT_CSV_CHARS).describe('The CSV text (UTF-8, optional BOM).'),
            mode: z
              .enum(['all_or_nothing', 'valid_rows'])
              .default('all_or_nothing')
              .describe('all_or_nothing: any bad row rejects the file; valid_rows: import the good rows.'),
          }),
          response: { 202: workOrderImportSchema },
        },
      },
      async (req, reply) => reply.code(202).send(await enqueueWorkOrderImport(ctx, req.actor, req.body)),
    );

    app.get(
      '/work-order-imports/:id',
      {
        config: access.permission('work_orders.write'),
        schema: {
          tags,
          summary: 'Progress and result of a work-order import',
          params: z.object({ id: z.uuid() }),
          response: { 200: workOrderImportSchema },
        },
      },
      async (req) => getWorkOrderImport(ctx.db, req.params.id),
    );
  };
