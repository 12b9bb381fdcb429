import { z } from 'zod';
import { RATING_CHANNELS } from '../../../common/channels.js';
import {
  RATING_NODE_DEFAULTS as D,
  DEFAULT_NODE_STAGE,
  DEFAULT_RATING_MODE,
  FOLLOW_UP_NODE_DEFAULTS as F,
  FIELD_TYPES,
  MAX_WORKFLOW_NODES,
  NODE_KEY_PATTERN,
  NODE_STAGES,
} from '../../../common/workflows.js';
import { CUSTOM_NAME_PATTERN } from '../rules/rules.fields.js';

const label = (max: number) =>
  z.object({
    'zh-CN': z.string().trim().min(1).max(max).describe('Simplified Chinese.'),
    en: z.string().trim().min(1).max(max).describe('English.'),
  });

/** Where a node sits and how its instances are named: shared by both node types. */
const placement = {
  key: z
    .string()
    .regex(NODE_KEY_PATTERN, 'lower-case letters, digits and _, starting with a letter (≤ 40)')
    .optional()
    .describe(
      'Names the node within the workflow (its instances on work orders carry it). Omitted: the type, then ' +
        '`<type>_2`, `<type>_3`, … in order. Keep a node’s key when editing so running instances stay matched.',
    ),
  stage: z
    .enum(NODE_STAGES)
    .default(DEFAULT_NODE_STAGE)
    .describe('The status whose entry starts the node (default `completed`).'),
};

export const ratingNodeSchema = z.object({
  type: z.literal('rating'),
  ...placement,
  mode: z
    .enum(['qr', 'rule'])
    .describe('`qr`: a fixed template, the engineer shows a QR code; `rule`: the rating rules choose the template.'),
  templateId: z
    .uuid()
    .nullable()
    .default(D.templateId)
    .describe('qr mode: the fixed template (its latest published version).'),
  mandatory: z
    .boolean()
    .default(D.mandatory)
    .describe('While the rating is pending the work order cannot move forward past its stage (409 naming the node).'),
  timeoutHours: z
    .number()
    .positive()
    .max(24 * 365)
    .nullable()
    .default(D.timeoutHours)
    .describe('After this many hours (fractions allowed) a still-pending node is skipped with reason `timeout`.'),
  mainButtonLabel: label(40)
    .default(D.mainButtonLabel)
    .describe('The label of the console’s main action for this node.'),
  staffMaySkip: z.boolean().default(D.staffMaySkip).describe('Staff with the skip permission may skip the node.'),
  showSkipButton: z.boolean().default(D.showSkipButton).describe('Whether the console shows the "skip rating" button.'),
  submissionLimit: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(D.submissionLimit)
    .describe('qr mode: how many customers may submit on one invitation.'),
  linkExpiryDays: z.number().int().min(1).max(365).default(D.linkExpiryDays).describe('Days until the link expires.'),
  channels: z
    .array(z.enum(RATING_CHANNELS))
    .max(RATING_CHANNELS.length)
    .nullable()
    .default(D.channels)
    .describe('In delivery order. Null: qr mode → ["qr"]; rule mode → the matched rule’s channels.'),
});

export const followUpNodeSchema = z.object({
  type: z.literal('follow_up'),
  ...placement,
  mainButtonLabel: label(40).default(F.mainButtonLabel).describe('The label of the console’s main follow-up action.'),
  sendBackButtonLabel: label(40)
    .default(F.sendBackButtonLabel)
    .describe('The label of the action that sends the work order back for rework.'),
  mode: z.enum(['standard', 'rule']).describe('`standard`: one setting below; `rule`: the follow-up rules decide.'),
  standard: z
    .object({
      agentId: z.uuid().nullable().default(null).describe('A named follow-up agent.'),
      groupRoundRobin: z
        .object({ departmentId: z.uuid().describe('The follow-up agents of this department take the tasks.') })
        .nullable()
        .default(null),
      groupStrategy: z
        .enum(['round_robin', 'least_loaded'])
        .default('round_robin')
        .describe('How the group’s agents take turns: in order, or the one with the fewest open tasks first.'),
      templateId: z
        .uuid()
        .nullable()
        .default(null)
        .describe('The survey template the agent fills in; null: the template the rating rules pick.'),
      onlyIfUnratedHours: z
        .number()
        .int()
        .min(1)
        .max(24 * 30)
        .nullable()
        .default(null)
        .describe('Create the task only when the customer has not rated within this many hours; null: always.'),
      dueHours: z
        .number()
        .int()
        .min(1)
        .max(24 * 90)
        .nullable()
        .default(null)
        .describe('Due this many hours after creation; null: the follow-up settings’ default.'),
    })
    .nullable()
    .default(null)
    .describe('Standard mode: one template and one agent (or a group) for every work order of the flow.'),
});

export const workflowNodeSchema = z.discriminatedUnion('type', [ratingNodeSchema, followUpNodeSchema]);
export type RatingNodeConfig = z.infer<typeof ratingNodeSchema>;
export type FollowUpNodeConfig = z.infer<typeof followUpNodeSchema>;
export type WorkflowNodeConfig = z.infer<typeof workflowNodeSchema>;
/** A node as stored and shown: its key always set (workflows.service.ts `withKeys`). */
export type KeyedNode = WorkflowNodeConfig & { key: string };

const keyed = { key: z.string().describe('The node’s key within the workflow.') };
export const keyedNodeSchema = z.discriminatedUnion('type', [
  ratingNodeSchema.extend(keyed),
  followUpNodeSchema.extend(keyed),
]);

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
  nodes: z
    .array(workflowNodeSchema)
    .max(MAX_WORKFLOW_NODES)
    .describe('The nodes, each placed at a stage; several rating nodes may share a stage (they start in order).'),
  fieldDefinitions: z.array(fieldDefinitionSchema).max(100).default([]).describe('Custom fields of work orders.'),
});
export type WorkflowConfig = z.infer<typeof workflowSchema>;

export const workflowViewSchema = workflowSchema.extend({
  nodes: z.array(keyedNodeSchema),
  serviceTypeId: z.string(),
  isDefault: z.boolean().describe('True when nothing is configured and this is the default workflow.'),
  updatedAt: z.string().nullable(),
});
export type WorkflowView = z.infer<typeof workflowViewSchema>;
/** A workflow whose nodes all have their keys. */
export type KeyedWorkflow = Omit<WorkflowConfig, 'nodes'> & { nodes: KeyedNode[] };

/** Fills missing keys: the type for the first node of a type, then `<type>_2`, … (never one already taken). */
export function withKeys(config: WorkflowConfig): KeyedWorkflow {
  const taken = new Set(config.nodes.flatMap((n) => (n.key ? [n.key] : [])));
  const nodes = config.nodes.map((node): KeyedNode => {
    if (node.key) return node as KeyedNode;
    let key: string = node.type;
    for (let n = 2; taken.has(key); n++) key = `${node.type}_${n}`;
    taken.add(key);
    return { ...node, key };
  });
  return { ...config, nodes };
}

/** When a service type has no workflow: one rating node matched by rule after `completed`, not mandatory. */
export const DEFAULT_WORKFLOW: KeyedWorkflow = withKeys(
  workflowSchema.parse({ nodes: [{ type: 'rating', mode: DEFAULT_RATING_MODE }] }),
);
