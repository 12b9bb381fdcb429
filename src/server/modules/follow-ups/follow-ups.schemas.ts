import { z } from 'zod';
import {
  FOLLOW_UP_ASSIGNMENTS,
  FOLLOW_UP_ATTEMPT_OUTCOMES,
  FOLLOW_UP_TASK_STATUSES,
} from '../../db/schema/follow-ups.js';
import { pageQuery } from '../../http/pagination.js';

const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item).max(10));

export const taskSchema = z.object({
  id: z.string(),
  workOrderId: z.string(),
  workOrderNumber: z.string().nullable(),
  subject: z.string(),
  workOrderStatus: z.string(),
  customerName: z.string().nullable(),
  customerPhone: z.string().nullable().describe('The number to call.'),
  status: z.enum(FOLLOW_UP_TASK_STATUSES),
  assignment: z.enum(FOLLOW_UP_ASSIGNMENTS),
  groupId: z.string().nullable(),
  groupName: z.string().nullable(),
  assigneeId: z.string().nullable().describe('Null while queued (no agent of the group can take it now).'),
  assigneeName: z.string().nullable(),
  templateId: z.string().nullable(),
  attempts: z.number().int(),
  dueAt: z.string().nullable(),
  overdue: z.boolean().describe('Open and past its due time.'),
  nextCallAt: z.string().nullable().describe('The next moment it may be called (calling windows, retry delay).'),
  callableNow: z.boolean(),
  ratingId: z.string().nullable(),
  result: z.enum(['closed', 'sent_back', 'none']).nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});
export type TaskView = z.infer<typeof taskSchema>;

export const attemptSchema = z.object({
  id: z.string(),
  agentId: z.string().nullable(),
  agentName: z.string().nullable(),
  outcome: z.enum(FOLLOW_UP_ATTEMPT_OUTCOMES),
  note: z.string().nullable(),
  durationSeconds: z.number().int().nullable(),
  callId: z.string().nullable(),
  at: z.string(),
});

export const taskDetailSchema = taskSchema.extend({
  calls: z.array(attemptSchema).describe('Every call, oldest first.'),
  previousRatings: z
    .array(
      z.object({
        id: z.string(),
        source: z.enum(['customer', 'follow_up', 'pad']),
        score: z.number().nullable(),
        roundedStars: z.number().nullable(),
        submittedAt: z.string(),
      }),
    )
    .describe('The work order’s ratings so far, newest first.'),
  callRecords: z
    .array(
      z.object({
        callId: z.string(),
        status: z.enum(['placed', 'ended']),
        outcome: z.enum(['answered', 'no_answer', 'busy', 'failed']).nullable(),
        answeredAt: z.string().nullable(),
        endedAt: z.string().nullable(),
        durationSeconds: z.number().int().nullable(),
        recordingUrl: z.string().nullable(),
        createdAt: z.string(),
      }),
    )
    .describe('Calls the call centre placed for the task, with what it reported when each ended, oldest first.'),
  engineerNames: z.array(z.string()),
  departmentName: z.string().nullable(),
  sendBackAllowed: z.boolean().describe('The work order is completed: the result may send it back for rework.'),
  closeAllowed: z.boolean().describe('The work order is completed: the result may close it.'),
});

export const taskListQuery = z.object({
  ...pageQuery,
  view: z
    .enum(['mine', 'team'])
    .default('mine')
    .describe('`mine`: the caller’s own queue; `team`: every task the caller may see (managers).'),
  status: list(z.enum(FOLLOW_UP_TASK_STATUSES)).optional(),
  open: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('Only open (pending, in progress) or only closed tasks.'),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  assigneeId: z
    .union([z.literal('none'), z.uuid()])
    .optional()
    .describe('`none`: queued tasks.'),
});
export type TaskListQuery = z.infer<typeof taskListQuery>;

export const attemptBody = z.object({
  outcome: z.enum(FOLLOW_UP_ATTEMPT_OUTCOMES),
  note: z.string().trim().max(2000).optional(),
  durationSeconds: z
    .number()
    .int()
    .min(0)
    .max(24 * 3600)
    .optional(),
  callId: z.string().max(200).optional().describe('The call centre’s id of the call, when it placed it.'),
});

export const completeBody = z.object({
  answers: z
    .record(z.string(), z.unknown())
    .describe('The survey, keyed by dimension key, as a customer would submit it.'),
  language: z.enum(['zh-CN', 'en']).default('zh-CN').describe('The language the survey was asked in.'),
  result: z
    .enum(['closed', 'sent_back', 'none'])
    .describe('What happens to the work order: close it, send it back for rework (退回重办), or leave it.'),
  reason: z.string().trim().max(500).optional().describe('Required to send back: what is to be reworked.'),
});

export const reassignBody = z.object({ agentId: z.uuid() });

export const agentSettingsBody = z.object({
  capacity: z.number().int().min(1).max(10_000).nullable().describe('Open tasks at most; null: no limit.'),
  seat: z.string().trim().min(1).max(200).nullable().describe('The agent’s call-centre seat; null: `tel:` links.'),
});

export const workloadSchema = z.object({
  agents: z.array(
    z.object({
      agentId: z.string(),
      name: z.string(),
      active: z.boolean(),
      departmentId: z.string().nullable().describe('The agent’s team (department): what a rebalance spreads over.'),
      departmentName: z.string().nullable(),
      capacity: z.number().int().nullable(),
      seat: z.string().nullable().describe('The agent’s call-centre seat.'),
      open: z.number().int(),
      overdue: z.number().int(),
      closed: z.number().int().describe('Closed in the period.'),
      completed: z.number().int(),
      attempted: z.number().int().describe('Tasks with at least one call in the period.'),
      reached: z.number().int().describe('Of those, tasks where a call reached the customer.'),
      reachRate: z.number().nullable().describe('reached / attempted.'),
      completionRate: z.number().nullable().describe('completed / closed.'),
      averageAttempts: z.number().nullable().describe('Calls per closed task.'),
    }),
  ),
  queued: z.number().int().describe('Tasks waiting for an agent.'),
  overdue: z.number().int(),
});

export const rebalanceSchema = z.object({
  moved: z.number().int().describe('Tasks handed to another agent (or back to the queue)'),
  assigned: z.number().int().describe('Queued tasks assigned afterwards'),
});
