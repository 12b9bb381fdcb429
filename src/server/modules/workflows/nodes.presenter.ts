import { z } from 'zod';
import { flowRank, NODE_STAGES } from '../../../common/workflows.js';
import type { NodeRow } from './nodes.service.js';
import type { KeyedWorkflow } from './workflows.schemas.js';

export const nodeStateSchema = z.object({
  id: z.string().nullable().describe('Null until the work order enters the node’s stage and the node starts.'),
  key: z.string().describe('The node’s key in the workflow.'),
  type: z.enum(['rating', 'follow_up']),
  stage: z.enum(NODE_STAGES).describe('The status whose entry starts it.'),
  round: z.number().int().describe('The work order’s round the instance belongs to (1, then +1 per rework).'),
  mode: z.string(),
  status: z
    .enum(['pending', 'active', 'completed', 'skipped'])
    .describe('pending: not started; active: waiting (for a rating); completed; skipped (by staff, timeout, …).'),
  mandatory: z.boolean(),
  reason: z
    .string()
    .nullable()
    .describe('`rated`, `timeout`, `skipped_by_staff`, `no_template`, `rework` (superseded by a rework), or null.'),
  invitationIds: z.array(z.string()),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  deadlineAt: z.string().nullable().describe('When a timeout skips the node if it is still active.'),
  skippedBy: z.object({ id: z.string().nullable(), name: z.string().nullable() }).nullable(),
  skipReason: z.string().nullable(),
  settings: z.record(z.string(), z.unknown()).describe('The node’s settings (snapshot once started).'),
});
export type NodeState = z.infer<typeof nodeStateSchema>;

const STAGE_ORDER = new Map<string, number>(NODE_STAGES.map((stage, i) => [stage, i]));

/** Where each status is in the flow; a node is still ahead while its stage comes after the work order's status. */
/**
 * Every started instance from its row, round by round in flow order (stage, then the workflow's order), then the
 * nodes still ahead in the current round (as configured, `pending`; none once closed or cancelled). A node whose
 * stage the round has passed without starting it (created past it, or a rework's round 2 re-entering at
 * `in_service`) is not ahead and not listed.
 */
export function presentWorkflowState(
  config: KeyedWorkflow,
  rows: NodeRow[],
  round: number,
  status: string,
): { nodes: NodeState[] } {
  const position = new Map(config.nodes.map((n, i) => [n.key, i]));
  const order = (round: number, stage: string, key: string, startedAt: number) => [
    round,
    STAGE_ORDER.get(stage) ?? 0,
    position.get(key) ?? config.nodes.length,
    startedAt,
  ];
  const compare = (a: number[], b: number[]) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return 0;
  };
  const started = rows
    .map((row) => ({ row, at: order(row.round, row.stage, row.nodeKey, row.startedAt?.getTime() ?? 0) }))
    .sort((a, b) => compare(a.at, b.at))
    .map(({ row }): NodeState => {
      const settings = row.config;
      return {
        id: row.id,
        key: row.nodeKey,
        type: row.type,
        stage: row.stage,
        round: row.round,
        mode: String(settings.mode ?? 'rule'),
        status: row.status,
        mandatory: row.mandatory,
        reason: row.reason,
        invitationIds: row.invitationIds,
        startedAt: row.startedAt?.toISOString() ?? null,
        completedAt: row.completedAt?.toISOString() ?? null,
        deadlineAt: row.deadlineAt?.toISOString() ?? null,
        skippedBy: row.skippedByName || row.skippedBy ? { id: row.skippedBy, name: row.skippedByName } : null,
        skipReason: row.skipReason,
        settings,
      };
    });
  const startedNow = new Set(rows.filter((r) => r.round === round).map((r) => r.nodeKey));
  const now = flowRank(status) ?? Number.POSITIVE_INFINITY; // cancelled: nothing is ahead
  const waiting = config.nodes
    .filter((node) => !startedNow.has(node.key) && (STAGE_ORDER.get(node.stage) ?? 0) > now)
    .sort((a, b) => compare(order(round, a.stage, a.key, 0), order(round, b.stage, b.key, 0)))
    .map(
      (node): NodeState => ({
        id: null,
        key: node.key,
        type: node.type,
        stage: node.stage,
        round,
        mode: node.mode,
        status: 'pending',
        mandatory: node.type === 'rating' ? node.mandatory : false,
        reason: null,
        invitationIds: [],
        startedAt: null,
        completedAt: null,
        deadlineAt: null,
        skippedBy: null,
        skipReason: null,
        settings: { ...node },
      }),
    );
  return { nodes: [...started, ...waiting] };
}
