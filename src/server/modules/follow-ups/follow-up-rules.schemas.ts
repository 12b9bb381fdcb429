import { z } from 'zod';
import { FOLLOW_UP_ASSIGNMENTS } from '../../db/schema/follow-ups.js';
import { conditionGroupSchema, dryRunSchema, factsSchema } from '../rules/rules.schemas.js';

/**
 * Follow-up rules (issue 19): a follow-up node in `rule` mode takes the first enabled rule, by priority, whose
 * conditions (the rating rules' format and fields) match the work order. The limits of the hours are the follow-up
 * node's own (workflows.schemas.ts `followUpNodeSchema`).
 */
const options = {
  enabled: z.boolean().describe('Disabled rules are skipped.'),
  priority: z.number().int().min(1).describe('Position, 1 = evaluated first. Create: appended last when omitted.'),
  conditions: conditionGroupSchema.describe(
    'Work-order scope (fields of GET /rating-rules/fields); an empty group matches every work order.',
  ),
  templateId: z.uuid().describe('The survey the agent fills in: an active template with a published version.'),
  assignment: z
    .enum(FOLLOW_UP_ASSIGNMENTS)
    .describe(
      '`agent`: the named agent (`agentId`); `round_robin` / `least_loaded`: the active follow-up agents of the ' +
        'department `groupId`, in turn or the one with the fewest open tasks first.',
    ),
  agentId: z.uuid().nullable().describe('`agent` assignment: an active employee with the follow_up_agent role.'),
  groupId: z
    .uuid()
    .nullable()
    .describe('Round robin / least loaded: the department whose follow-up agents take turns.'),
  onlyIfUnratedHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .nullable()
    .describe('Create the task only when the customer has not rated within this many hours; null: always.'),
  dueHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .nullable()
    .describe('Due this many hours after creation; null: the follow-up settings’ default.'),
};

export const createFollowUpRuleBodySchema = z.object({
  name: z.string().trim().min(1).max(200),
  enabled: options.enabled.default(true),
  priority: options.priority.optional(),
  conditions: options.conditions.default({ combinator: 'and', rules: [] }),
  templateId: options.templateId,
  assignment: options.assignment,
  agentId: options.agentId.optional(),
  groupId: options.groupId.optional(),
  onlyIfUnratedHours: options.onlyIfUnratedHours.default(null),
  dueHours: options.dueHours.default(null),
});
export type CreateFollowUpRuleInput = z.infer<typeof createFollowUpRuleBodySchema>;

export const updateFollowUpRuleBodySchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  enabled: options.enabled.optional(),
  priority: options.priority.optional(),
  conditions: options.conditions.optional(),
  templateId: options.templateId.optional(),
  assignment: options.assignment
    .optional()
    .describe('Changing it drops the other kind of target: give `agentId` or `groupId` with it.'),
  agentId: options.agentId.optional(),
  groupId: options.groupId.optional(),
  onlyIfUnratedHours: options.onlyIfUnratedHours.optional(),
  dueHours: options.dueHours.optional(),
});
export type UpdateFollowUpRuleInput = z.infer<typeof updateFollowUpRuleBodySchema>;

export const followUpRuleSchema = z.object({
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  priority: z.number().int(),
  conditions: conditionGroupSchema,
  templateId: z.string(),
  templateName: z.string(),
  assignment: z.enum(FOLLOW_UP_ASSIGNMENTS),
  agentId: z.string().nullable(),
  agentName: z.string().nullable(),
  groupId: z.string().nullable(),
  groupName: z.string().nullable(),
  onlyIfUnratedHours: z.number().int().nullable(),
  dueHours: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const followUpRuleListSchema = z.object({ items: z.array(followUpRuleSchema), nextCursor: z.null() });

export const reorderFollowUpRulesBodySchema = z.object({
  ids: z.array(z.uuid()).max(10_000).describe('Every follow-up rule exactly once, in the new order.'),
});

export const followUpDryRunBodySchema = z
  .object({
    facts: factsSchema.optional().describe('A work order typed in.'),
    workOrderId: z.uuid().optional().describe('An existing work order (its fields become the facts).'),
  })
  .refine((b) => (b.facts === undefined) !== (b.workOrderId === undefined), {
    message: 'give either facts or workOrderId',
    path: ['facts'],
  });

export const followUpDryRunSchema = z.object({
  facts: factsSchema.describe('The facts as evaluated (with the computed department path and service type code).'),
  matched: followUpRuleSchema
    .pick({
      templateId: true,
      templateName: true,
      assignment: true,
      agentId: true,
      agentName: true,
      groupId: true,
      groupName: true,
      onlyIfUnratedHours: true,
      dueHours: true,
    })
    .extend({ ruleId: z.string(), name: z.string() })
    .nullable()
    .describe('The rule a follow-up node in rule mode would use; null: no rule matches, so no task is created.'),
  evaluated: dryRunSchema.shape.evaluated.describe('Every rule up to the match, in order, and why each failed.'),
});
