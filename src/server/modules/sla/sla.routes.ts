import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { addBusinessTime } from './business-time.js';
import {
  createCalendar,
  deleteCalendar,
  deleteCalendarDay,
  getCalendar,
  listCalendars,
  loadBusinessCalendar,
  putCalendarDay,
  updateCalendar,
} from './calendars.service.js';
import { createPolicy, deletePolicy, getPolicy, listPolicies, updatePolicy } from './policies.service.js';
import {
  calendarDayParams,
  calendarSchema,
  createCalendarBody,
  createPolicyBody,
  dueQuery,
  dueSchema,
  policySchema,
  putCalendarDayBody,
  updateCalendarBody,
  updatePolicyBody,
} from './sla.schemas.js';

const tags = ['sla'];
const params = z.object({ id: z.uuid() });
const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export const slaRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    // ---- business calendars -------------------------------------------------------------------------------------
    app.get(
      '/business-calendars',
      {
        config: access.permission('sla.read'),
        schema: {
          tags,
          summary: 'Business calendars (working periods, holidays, make-up days)',
          response: { 200: items(calendarSchema) },
        },
      },
      async () => ({ items: await listCalendars(ctx.db) }),
    );
    app.get(
      '/business-calendars/:id',
      {
        config: access.permission('sla.read'),
        schema: { tags, summary: 'One business calendar', params, response: { 200: calendarSchema } },
      },
      async (req) => getCalendar(ctx.db, req.params.id),
    );
    app.get(
      '/business-calendars/:id/due',
      {
        config: access.permission('sla.read'),
        schema: {
          tags,
          summary:
            "When a number of working minutes from an instant is used up on this calendar (the editor's preview)",
          params,
          querystring: dueQuery,
          response: { 200: dueSchema },
        },
      },
      async (req) => {
        const calendar = await loadBusinessCalendar(ctx.db, req.params.id);
        const due = addBusinessTime(calendar, new Date(req.query.from), req.query.minutes * 60_000);
        return { due: due.toISOString() };
      },
    );
    app.post(
      '/business-calendars',
      {
        config: access.permission('sla.write'),
        schema: {
          tags,
          summary: 'Create a business calendar',
          body: createCalendarBody,
          response: { 201: calendarSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await createCalendar(ctx.db, req.actor, req.body)),
    );
    app.patch(
      '/business-calendars/:id',
      {
        config: access.permission('sla.write'),
        schema: {
          tags,
          summary: 'Change a calendar: name, zone, week, the departments using it, or make it the default',
          params,
          body: updateCalendarBody,
          response: { 200: calendarSchema },
        },
      },
      async (req) => updateCalendar(ctx.db, req.actor, req.params.id, req.body),
    );
    app.delete(
      '/business-calendars/:id',
      {
        config: access.permission('sla.write'),
        schema: {
          tags,
          summary: 'Delete a calendar (not the default; its departments fall back to the default)',
          params,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await deleteCalendar(ctx.db, req.actor, req.params.id);
        return reply.code(204).send(null);
      },
    );
    app.put(
      '/business-calendars/:id/days/:date',
      {
        config: access.permission('sla.write'),
        schema: {
          tags,
          summary: 'Mark a date as a holiday or a make-up working day (调休)',
          params: calendarDayParams,
          body: putCalendarDayBody,
          response: { 200: calendarSchema },
        },
      },
      async (req) => putCalendarDay(ctx.db, req.actor, req.params.id, req.params.date, req.body),
    );
    app.delete(
      '/business-calendars/:id/days/:date',
      {
        config: access.permission('sla.write'),
        schema: {
          tags,
          summary: 'Make a date an ordinary day of the week again',
          params: calendarDayParams,
          response: { 200: calendarSchema },
        },
      },
      async (req) => deleteCalendarDay(ctx.db, req.actor, req.params.id, req.params.date),
    );

    // ---- SLA policies -------------------------------------------------------------------------------------------
    app.get(
      '/sla-policies',
      {
        config: access.permission('sla.read'),
        schema: { tags, summary: 'SLA policies', response: { 200: items(policySchema) } },
      },
      async () => ({ items: await listPolicies(ctx.db) }),
    );
    app.get(
      '/sla-policies/:id',
      {
        config: access.permission('sla.read'),
        schema: { tags, summary: 'One SLA policy', params, response: { 200: policySchema } },
      },
      async (req) => getPolicy(ctx.db, req.params.id),
    );
    app.post(
      '/sla-policies',
      {
        config: access.permission('sla.write'),
        schema: { tags, summary: 'Create an SLA policy', body: createPolicyBody, response: { 201: policySchema } },
      },
      async (req, reply) => reply.code(201).send(await createPolicy(ctx.db, req.actor, req.body)),
    );
    app.patch(
      '/sla-policies/:id',
      {
        config: access.permission('sla.write'),
        schema: {
          tags,
          summary: 'Change an SLA policy (open cases keep the time they used; their due times move)',
          params,
          body: updatePolicyBody,
          response: { 200: policySchema },
        },
      },
      async (req) => updatePolicy(ctx.db, req.actor, req.params.id, req.body),
    );
    app.delete(
      '/sla-policies/:id',
      {
        config: access.permission('sla.write'),
        schema: { tags, summary: 'Delete an SLA policy (not the default)', params, response: { 204: z.null() } },
      },
      async (req, reply) => {
        await deletePolicy(ctx.db, req.actor, req.params.id);
        return reply.code(204).send(null);
      },
    );
  };
