import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import {
  createReportScheduleBody,
  previewBody,
  previewSchema,
  reportScheduleListSchema,
  reportScheduleSchema,
  reportSendListSchema,
  updateReportScheduleBody,
} from './reports.schemas.js';
import {
  createReportSchedule,
  deleteReportSchedule,
  getReportSchedule,
  listReportSchedules,
  listReportSends,
  previewReport,
  updateReportSchedule,
} from './reports.service.js';

const tags = ['reports'];
const params = z.object({ id: z.uuid() });
const manage = access.permission('reports.manage');

export const reportRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/report-schedules',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Scheduled report e-mails (weekly / monthly), oldest first',
          response: { 200: reportScheduleListSchema },
        },
      },
      async () => listReportSchedules(ctx.db),
    );

    app.post(
      '/report-schedules',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Create a scheduled report',
          description:
            "Sent once per period (Monday–Sunday or calendar month, organisation's time zone) after the period ends, " +
            'to every recipient in their language. The first one is the last complete period, at the next check (every 15 minutes).',
          body: createReportScheduleBody,
          response: { 201: reportScheduleSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await createReportSchedule(ctx.db, req.actor, req.body)),
    );

    app.get(
      '/report-schedules/:id',
      {
        config: manage,
        schema: { tags, summary: 'A scheduled report', params, response: { 200: reportScheduleSchema } },
      },
      async (req) => getReportSchedule(ctx.db, req.params.id),
    );

    app.patch(
      '/report-schedules/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Change a scheduled report',
          params,
          body: updateReportScheduleBody,
          response: { 200: reportScheduleSchema },
        },
      },
      async (req) => updateReportSchedule(ctx.db, req.actor, req.params.id, req.body),
    );

    app.delete(
      '/report-schedules/:id',
      { config: manage, schema: { tags, summary: 'Delete a scheduled report (and its send history)', params } },
      async (req, reply) => {
        await deleteReportSchedule(ctx.db, req.actor, req.params.id);
        return reply.code(204).send();
      },
    );

    app.get(
      '/report-schedules/:id/sends',
      {
        config: manage,
        schema: {
          tags,
          summary: 'The periods sent (newest first, at most 100), each with its recipients',
          params,
          response: { 200: reportSendListSchema },
        },
      },
      async (req) => listReportSends(ctx.db, req.params.id),
    );

    app.post(
      '/report-schedules/:id/preview',
      {
        config: {
          ...manage,
          // Each preview reads a period's analytics five times and may send an e-mail: 10 a minute per user is plenty
          // for someone checking a report, and stops a loop (or a held-down button) from hammering the database and
          // the mail server. Counted after authentication, per user.
          rateLimit: {
            max: 10,
            timeWindow: '1 minute',
            hook: 'preHandler',
            keyGenerator: (req) => `report-preview:${req.actor.type}:${req.actor.id ?? req.ip}`,
          },
        },
        schema: {
          tags,
          summary: '"Send now": the last complete period rendered, and e-mailed to the caller only',
          description:
            'Renders the report of the last complete period in the language asked for and returns it; with `email` ' +
            "(default) also sends it to the requesting user's own e-mail address — never to the schedule's recipients. " +
            'The scheduled send is not affected.',
          params,
          body: previewBody,
          response: { 200: previewSchema },
        },
      },
      async (req) =>
        previewReport(
          {
            db: ctx.db,
            appSecret: ctx.appSecret,
            log: req.log,
            consoleUrl: ctx.config.publicBaseUrl,
            now: () => new Date(),
          },
          req.actor,
          req.params.id,
          req.body,
        ),
    );
  };
