/**
 * Workflow values shared by the server's schemas (modules/workflows/workflows.schemas.ts) and the console's editor:
 * one source, so a new rating node's form starts with exactly what the server fills in for an omitted field.
 */

/** The types of a service type's custom work-order fields. */
export const FIELD_TYPES = ['text', 'number', 'boolean', 'date', 'select'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** What the server stores for each omitted setting of a rating node (the zod `.default(…)`s). */
export const RATING_NODE_DEFAULTS = {
  templateId: null,
  mandatory: false,
  timeoutHours: null,
  mainButtonLabel: { 'zh-CN': '邀请评价', en: 'Request rating' },
  staffMaySkip: true,
  showSkipButton: true,
  submissionLimit: 1,
  linkExpiryDays: 14,
  channels: null,
} as const;

/** What the server stores for each omitted setting of a follow-up node. */
export const FOLLOW_UP_NODE_DEFAULTS = {
  mainButtonLabel: { 'zh-CN': '开始回访', en: 'Start follow-up' },
  sendBackButtonLabel: { 'zh-CN': '退回返工', en: 'Send back for rework' },
} as const;

/**
 * Where a node sits in the flow: it starts when the work order enters this status (a dispatch-speed rating after
 * `assigned`, the service rating after `completed`, a follow-up after `closed`). Nodes stored before stages existed
 * sit at `completed`.
 */
export const NODE_STAGES = ['assigned', 'in_service', 'completed', 'closed'] as const;
export type NodeStage = (typeof NODE_STAGES)[number];

/**
 * How far along the flow a work-order status is: `new` before every stage, then the stages in order; undefined for
 * a status off the flow (`cancelled`). THE ordering used to block a move past a mandatory node and to list the nodes
 * still ahead.
 */
export function flowRank(status: string): number | undefined {
  if (status === 'new') return -1;
  const i = (NODE_STAGES as readonly string[]).indexOf(status);
  return i < 0 ? undefined : i;
}
export const DEFAULT_NODE_STAGE: NodeStage = 'completed';

/** A node's key within its workflow: what its instances on work orders refer to. */
export const NODE_KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

/** At most this many nodes in one workflow. */
export const MAX_WORKFLOW_NODES = 10;

/** The mode of the default workflow's rating node (a service type with nothing configured). */
export const DEFAULT_RATING_MODE = 'rule';

/** A work order's node: `pending` (not started), `active`, `completed`, `skipped` (by staff or on timeout). */
export const NODE_STATUSES = ['pending', 'active', 'completed', 'skipped'] as const;
export type NodeStatus = (typeof NODE_STATUSES)[number];
