import { z } from 'zod';
import { RATING_CHANNELS } from '../../db/schema/rules.js';
import { CUSTOM_NAME_PATTERN } from '../rules/rules.fields.js';

const label = (max: number) =>
  z.object({
    'zh-CN': z.string().trim().min(1).max(max).describe('Simplified Chinese.'),
    en: z.string().trim().min(1).max(max).describe('English.'),
  });

export const ratingNodeSchema = z.object({
  type: z.literal('rating'),
  mode: z
    .enum(['qr', 'rule'])
    .describe('`qr`: a fixed template, the engineer shows a QR code; `rule`: the rating rules choose the template.'),
  templateId: z.uuid().nullable().default(null).describe('qr mode: the fixed template (its latest published version).'),
  mandatory: z.boolean().default(false).describe('While the rating is pending the work order cannot close.'),
  timeoutHours: z
    .number()
    .positive()
    .max(24 * 365)
    .nullable()
    .default(null)
    .describe('After this many hours (fractions allowed) a still-pending node is skipped with reason `timeout`.'),
  mainButtonLabel: label(40)
    .default({ 'zh-CN': '邀请评价', en: 'Request rating' })
    .describe('The label of the console’s main action for this node.'),
  staffMaySkip: z.boolean().default(true).describe('Staff with the skip permission may skip the node.'),
  showSkipButton: z.boolean().default(true).describe('Whether the console shows the "skip rating" button.'),
  submissionLimit: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(1)
    .describe('qr mode: how many customers may submit on one invitation.'),
  linkExpiryDays: z.number().int().min(1).max(365).default(14).describe('Days until the link expires.'),
  channels: z
    .array(z.enum(RATING_CHANNELS))
    .max(RATING_CHANNELS.length)
    .nullable()
    .default(null)
    .describe('In delivery order. Null: qr mode → ["qr"]; rule mode → the matched rule’s channels.'),
});

export const followUpNodeSchema = z.object({
  type: z.literal('follow_up'),
  mode: z.enum(['standard', 'rule']).describe('`standard`: one setting below; `rule`: the follow-up rules decide.'),
  standard: z
    .object({
      agentId: z.uuid().nullable().default(null).describe('A named follow-up agent.'),
      groupRoundRobin: z
        .object({ departmentId: z.uuid().describe('Round robin over the agents of this department.') })
        .nullable()
        .default(null),
      templateId: z.uuid().nullable().default(null).describe('The survey template the agent fills in.'),
    })
    .nullable()
    .default(null)
    .describe('Placeholder until the follow-up issue: stored and validated, not yet acted on.'),
});

export const workflowNodeSchema = z.discriminatedUnion('type', [ratingNodeSchema, followUpNodeSchema]);
export type RatingNodeConfig = z.infer<typeof ratingNodeSchema>;
export type FollowUpNodeConfig = z.infer<typeof followUpNodeSchema>;
export type WorkflowNodeConfig = z.infer<typeof workflowNodeSchema>;

export const FIELD_TYPES = ['text', 'number', 'boolean', 'date', 'select'] as const;

export const fieldDefinitionSchema = z.object({
  key: z
    .string()
    .regex(CUSTOM_NAME_PATTERN, 'letters, digits and _, not starting with a digit')
    .describe('`custom.<key>`.'),
  label: label(100),
  type: z.enum(FIELD_TYPES).describe('`date` values are `YYYY-MM-DD`.'),
  required: z.boolean().default(false),
  options: z
    .array(z.object({ key: z.string().trim().min(1).max(100), label: label(100) }))
    .max(200)
    .optional()
    .describe('select: the allowed values (`key` is what is stored).'),
});
export type FieldDefinition = z.infer<typeof fieldDefinitionSchema>;

export const workflowSchema = z.object({
  nodes: z.array(workflowNodeSchema).max(2).describe('The post-service nodes in order; at most one of each type.'),
  fieldDefinitions: z.array(fieldDefinitionSchema).max(100).default([]).describe('Custom fields of work orders.'),
});
export type WorkflowConfig = z.infer<typeof workflowSchema>;

export const workflowViewSchema = workflowSchema.extend({
  serviceTypeId: z.string(),
  isDefault: z.boolean().describe('True when nothing is configured and this is the default workflow.'),
  updatedAt: z.string().nullable(),
});
export type WorkflowView = z.infer<typeof workflowViewSchema>;

/** When a service type has no workflow: one rating node matched by rule, not mandatory, no timeout. */
export const DEFAULT_WORKFLOW: WorkflowConfig = workflowSchema.parse({ nodes: [{ type: 'rating', mode: 'rule' }] });
