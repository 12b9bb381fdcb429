import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { access } from '../../http/access.js';
import { pageOf } from '../../http/pagination.js';
import { forbidden } from '../../http/problem.js';
import { TCCC_PUSH_OK } from './call-centre/tccc-records.js';
import { callCentreBody, callCentreViewSchema, getCallCentre, updateCallCentre } from './call-centre-settings.js';
import { receiveTcccPush, startTaskCall, startWorkOrderCall } from './calls.service.js';
import { followUpSettingsSchema, getFollowUpSettings, updateFollowUpSettings } from './follow-up-settings.js';
import {
  agentSettingsBody,
  attemptBody,
  attemptSchema,
  completeBody,
  reassignBody,
  rebalanceSchema,
  taskDetailSchema,
  taskListQuery,
  taskSchema,
  workloadSchema,
} from './follow-ups.schemas.js';
import { rebalanceTeam } from './rebalance.service.js';
import { getTaskDetail, listTasks, teamWorkload } from './tasks.queries.js';
import { setAgentSettings } from './tasks.service.js';
import { completeTask, reassignTask, recordAttempt } from './work.service.js';

const tags = ['follow-ups'];
const callAnswerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('link'), href: z.string().describe('A tel: link for the agent’s phone to dial.') }),
  z.object({ kind: z.literal('placed'), callId: z.string().describe('The call centre’s id of the call it placed.') }),
]);
const params = z.object({ id: z.uuid() });

export const followUpRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/follow-ups/settings',
      {
        config: access.authenticated({ usersOnly: true }),
        schema: {
          tags,
          summary: 'The follow-up plugin: on or off, calling windows, retry rule, default due time',
          response: { 200: followUpSettingsSchema },
        },
      },
      async () => getFollowUpSettings(ctx.db),
    );
    app.put(
      '/follow-ups/settings',
      {
        config: access.permission('settings.write'),
        schema: {
          tags,
          summary: 'Switch follow-up on or off and set its calling windows and retry rule (admins)',
          body: followUpSettingsSchema,
          response: { 200: followUpSettingsSchema },
        },
      },
      async (req) => updateFollowUpSettings(ctx.db, req.actor, req.body),
    );
    app.get(
      '/follow-ups/tasks',
      {
        config: access.permission('follow_ups.work'),
        schema: {
          tags,
          summary: 'My queue (`view=mine`: callable first, then by due time) or my teams’ tasks (`view=team`)',
          querystring: taskListQuery,
          response: { 200: pageOf(taskSchema) },
        },
      },
      async (req) => {
        if (req.query.view === 'team' && !req.actor.permissions?.has('follow_ups.manage'))
          throw forbidden('The team view needs the follow_ups.manage permission.');
        return listTasks(ctx.db, req.actor, req.query);
      },
    );
    app.get(
      '/follow-ups/tasks/:id',
      {
        config: access.permission('follow_ups.work'),
        schema: {
          tags,
          summary: 'A task with its calls, the work order and its earlier ratings',
          params,
          response: { 200: taskDetailSchema },
        },
      },
      async (req) => getTaskDetail(ctx.db, req.actor, req.params.id),
    );
    app.post(
      '/follow-ups/tasks/:id/attempts',
      {
        config: access.permission('follow_ups.work'),
        schema: {
          tags,
          summary: 'Record a call and its outcome (no answer and busy follow the retry rule)',
          params,
          body: attemptBody,
          response: {
            201: z.object({
              task: taskSchema.pick({ id: true, status: true, attempts: true, nextCallAt: true }),
              attempt: attemptSchema.pick({ id: true, outcome: true }),
            }),
          },
        },
      },
      async (req, reply) => {
        const { task, attempt } = await recordAttempt(ctx, req.actor, req.params.id, req.body);
        return reply.code(201).send({
          task: {
            id: task.id,
            status: task.status,
            attempts: task.attempts,
            nextCallAt: task.nextCallAt?.toISOString() ?? null,
          },
          attempt: { id: attempt.id, outcome: attempt.outcome },
        });
      },
    );
    app.post(
      '/follow-ups/tasks/:id/complete',
      {
        config: access.permission('follow_ups.work'),
        schema: {
          tags,
          summary: 'The survey filled in for the customer (a follow-up rating) and what happens to the work order',
          params,
          body: completeBody,
          response: { 200: taskDetailSchema },
        },
      },
      async (req) => {
        await completeTask(ctx, req.actor, req.params.id, req.body);
        return getTaskDetail(ctx.db, req.actor, req.params.id);
      },
    );
    app.post(
      '/follow-ups/tasks/:id/reassign',
      {
        config: access.permission('follow_ups.manage'),
        schema: {
          tags,
          summary: 'Hand an open task to another agent',
          params,
          body: reassignBody,
          response: { 200: taskDetailSchema },
        },
      },
      async (req) => {
        await reassignTask(ctx, req.actor, req.params.id, req.body.agentId);
        return getTaskDetail(ctx.db, req.actor, req.params.id);
      },
    );
    app.post(
      '/follow-ups/tasks/:id/call',
      {
        config: access.permission('follow_ups.work', { usersOnly: true }),
        schema: {
          tags,
          summary: 'Call the customer: a tel: link to open, or a click-to-call the call centre placed',
          params,
          response: { 200: callAnswerSchema },
        },
      },
      async (req) => startTaskCall(ctx, req.actor, req.params.id),
    );
    app.post(
      '/work-orders/:id/outbound-call',
      {
        config: access.permission('follow_ups.work', { usersOnly: true }),
        schema: {
          tags,
          summary: 'The work-order page’s Outbound button (when work orders are outbound call targets)',
          params,
          response: { 200: callAnswerSchema },
        },
      },
      async (req) => startWorkOrderCall(ctx, req.actor, req.params.id),
    );
    app.get(
      '/follow-ups/call-centre/status',
      {
        config: access.authenticated({ usersOnly: true }),
        schema: {
          tags,
          summary: 'What the console offers: the call button’s kind and whether work orders have an Outbound button',
          response: { 200: callCentreViewSchema.pick({ provider: true, workOrderOutbound: true }) },
        },
      },
      async () => {
        const { provider, workOrderOutbound } = await getCallCentre(ctx.db, ctx.appSecret, ctx.config.publicBaseUrl);
        return { provider, workOrderOutbound };
      },
    );
    app.get(
      '/follow-ups/call-centre',
      {
        config: access.permission('settings.write'),
        schema: {
          tags,
          summary: 'The call centre behind the call button (secrets never shown)',
          response: { 200: callCentreViewSchema },
        },
      },
      async () => getCallCentre(ctx.db, ctx.appSecret, ctx.config.publicBaseUrl),
    );
    app.put(
      '/follow-ups/call-centre',
      {
        config: access.permission('settings.write'),
        schema: {
          tags,
          summary: 'Choose tel: links or Tencent Cloud Contact Center click-to-call',
          body: callCentreBody,
          response: { 200: callCentreViewSchema },
        },
      },
      async (req) => updateCallCentre(ctx.db, req.actor, ctx.appSecret, ctx.config.publicBaseUrl, req.body),
    );
    app.post(
      '/follow-ups/call-records/tccc',
      {
        config: access.public(),
        schema: {
          tags,
          summary: 'Tencent Cloud Contact Center data push: call records and recordings (HTTP Basic, as configured)',
          querystring: z.object({ action: z.string().max(50).optional(), version: z.string().max(20).optional() }),
          body: z.record(z.string(), z.unknown()),
          response: { 200: z.object({ ErrCode: z.number(), ErrMsg: z.string() }) },
        },
      },
      async (req) => {
        await receiveTcccPush(ctx, req.query.action, req.headers.authorization, req.body);
        return TCCC_PUSH_OK;
      },
    );
    app.get(
      '/follow-ups/workload',
      {
        config: access.permission('follow_ups.manage'),
        schema: {
          tags,
          summary: 'Team workload: open and overdue tasks, reach and completion rates, calls per task, per agent',
          querystring: z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }),
          response: { 200: workloadSchema },
        },
      },
      async (req) => teamWorkload(ctx.db, req.actor, req.query.days),
    );
    app.post(
      '/follow-ups/teams/:id/rebalance',
      {
        config: access.permission('follow_ups.manage'),
        schema: {
          tags,
          summary: 'Spread a team’s not-yet-called tasks evenly over its active agents, then assign its queue',
          description:
            'Only pending tasks nobody has called move, latest due first, until open loads differ by at most one; ' +
            'tasks held by someone who left the team or is inactive move first. Capacity limits hold. `:id` is the ' +
            'department. Each move is a `follow_up.reassigned` event.',
          params,
          response: { 200: rebalanceSchema },
        },
      },
      async (req) => rebalanceTeam(ctx.db, req.actor, req.params.id),
    );
    app.put(
      '/follow-ups/agents/:id',
      {
        config: access.permission('follow_ups.manage'),
        schema: {
          tags,
          summary: 'An agent’s capacity (open tasks at most) and call-centre seat',
          params,
          body: agentSettingsBody,
          response: { 200: agentSettingsBody },
        },
      },
      async (req) => setAgentSettings(ctx.db, req.actor, req.params.id, req.body),
    );
  };
