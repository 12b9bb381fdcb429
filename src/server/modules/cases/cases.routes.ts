import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { pageOf } from '../../http/pagination.js';
import { reinviteBody } from './case-recovery.schemas.js';
import { reinviteCustomer } from './case-recovery.service.js';
import {
  addEntryBody,
  caseDetailSchema,
  caseListQuery,
  caseSchema,
  changeStatusBody,
  openCaseBody,
  rootCauseSchema,
} from './cases.schemas.js';
import { addCaseEntry, changeCaseStatus, getCase, listCases, openCase } from './cases.service.js';
import { caseOverviewQuery, caseOverviewSchema } from './cases-overview.schemas.js';
import { caseOverview } from './cases-overview.service.js';
import { listRootCauses } from './root-causes.service.js';

const tags = ['cases'];
const params = z.object({ id: z.uuid() });

export const caseRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/cases',
      {
        config: access.permission('cases.read'),
        schema: {
          tags,
          summary: 'Remediation cases the caller may see, newest first',
          querystring: caseListQuery,
          response: { 200: pageOf(caseSchema) },
        },
      },
      async (req) => listCases(ctx.db, req.actor, req.query),
    );
    app.get(
      '/cases/overview',
      {
        config: access.permission('cases.read'),
        schema: {
          tags,
          summary: "The supervisor's overview: open, overdue, time to first contact, SLA breaches by team",
          querystring: caseOverviewQuery,
          response: { 200: caseOverviewSchema },
        },
      },
      async (req) => caseOverview(ctx.db, req.actor, req.query),
    );
    app.get(
      '/cases/:id',
      {
        config: access.permission('cases.read'),
        schema: { tags, summary: 'A case with its timeline', params, response: { 200: caseDetailSchema } },
      },
      async (req) => getCase(ctx.db, req.actor, req.params.id),
    );
    app.post(
      '/cases',
      {
        config: access.permission('cases.write'),
        schema: {
          tags,
          summary: 'Open a case by hand from a rating or a work order (routed to the responsible manager)',
          body: openCaseBody,
          response: { 201: caseDetailSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await openCase(ctx.db, ctx.jobs, req.actor, req.body)),
    );
    app.post(
      '/cases/:id/status',
      {
        config: access.permission('cases.write'),
        schema: {
          tags,
          summary: 'Move a case (open → contacted → resolving → resolved → closed; waiting_customer pauses the clock)',
          description: 'Closing needs `rootCauseId` and `correctiveAction`.',
          params,
          body: changeStatusBody,
          response: { 200: caseDetailSchema },
        },
      },
      async (req) => changeCaseStatus(ctx.db, ctx.jobs, req.actor, req.params.id, req.body),
    );
    app.post(
      '/cases/:id/entries',
      {
        config: access.permission('cases.write'),
        schema: {
          tags,
          summary: 'Add a note or a logged call to the timeline',
          params,
          body: addEntryBody,
          response: { 200: caseDetailSchema },
        },
      },
      async (req) => addCaseEntry(ctx.db, req.actor, req.params.id, req.body),
    );
    app.post(
      '/cases/:id/reinvite',
      {
        config: access.permission('cases.write'),
        schema: {
          tags,
          summary: 'Re-invite the customer of a resolved (or closed) case to rate again (recovery)',
          description:
            'A new invitation of source `recovery` through the normal channels, exempt from the fatigue cap. ' +
            'Refused (409) before resolution and while an earlier re-survey is open or answered.',
          params,
          body: reinviteBody,
          response: { 200: caseDetailSchema },
        },
      },
      async (req) => reinviteCustomer(ctx, req.actor, req.params.id, req.body),
    );
    app.get(
      '/case-root-causes',
      {
        config: access.permission('cases.read'),
        schema: {
          tags,
          summary: 'The root causes a case is closed with',
          response: { 200: z.object({ items: z.array(rootCauseSchema) }) },
        },
      },
      async () => ({
        items: (await listRootCauses(ctx.db)).map(({ id, key, labelZh, labelEn }) => ({ id, key, labelZh, labelEn })),
      }),
    );
  };
