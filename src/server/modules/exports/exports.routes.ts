import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { pageOf, pageQuery } from '../../http/pagination.js';
import { requestExport } from './exports.jobs.js';
import { createExportBody, exportSchema } from './exports.schemas.js';
import { getExport, listMyExports, openExportDownload } from './exports.service.js';

const tags = ['exports'];
const params = z.object({ id: z.uuid() });

export const exportRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/exports',
      {
        config: access.permission('analytics.read'),
        schema: {
          tags,
          summary: 'Export the ratings list or a dashboard table to CSV or XLSX (written in the background)',
          description:
            'Returns 202; poll `GET /exports/{id}` for progress, then download `GET /exports/{id}/download` (for 24 hours). Rows are limited to what the caller may see.',
          body: createExportBody,
          response: { 202: exportSchema },
        },
      },
      async (req, reply) => reply.code(202).send(await requestExport(ctx, req.actor, req.body)),
    );

    app.get(
      '/exports',
      {
        config: access.permission('analytics.read'),
        schema: {
          tags,
          summary: "The caller's own exports, newest first",
          querystring: z.object(pageQuery),
          response: { 200: pageOf(exportSchema) },
        },
      },
      async (req) => listMyExports(ctx.db, req.actor, req.query),
    );

    app.get(
      '/exports/:id',
      {
        config: access.permission('analytics.read'),
        schema: {
          tags,
          summary: 'An export: status and progress (its creator and admins only)',
          params,
          response: { 200: exportSchema },
        },
      },
      async (req) => getExport(ctx.db, req.actor, req.params.id),
    );

    app.get(
      '/exports/:id/download',
      {
        config: access.permission('analytics.read'),
        schema: {
          tags,
          summary: "An export's file (CSV or XLSX); 410 once expired, 409 before it is written",
          params,
        },
      },
      async (req, reply) => {
        const file = await openExportDownload(ctx.db, req.actor, req.params.id, ctx.config.DATA_DIR, new Date());
        return reply
          .header('content-type', file.contentType)
          .header('content-length', file.size)
          .header('content-disposition', file.disposition)
          .header('cache-control', 'private, no-store')
          .send(file.stream);
      },
    );
  };
