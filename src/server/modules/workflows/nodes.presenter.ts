import { z } from 'zod';
import type { NodeRow } from './nodes.service.js';
import type { WorkflowConfig } from './workflows.schemas.js';

export const nodeStateSchema = z.object({
  id: z.string().nullable().describe('Null until the work order completes and the node starts.'),
  type: z.enum(['rating', 'follow_up']),
  mode: z.string(),
  status: z
    .enum(['pending', 'active', 'completed', 'skipped'])
    .describe('pending: not started; active: waiting (for a rating); completed; skipped (by staff, timeout, …).'),
  mandatory: z.boolean(),
  reason: z.string().nullable().describe('`rated`, `timeout`, `skipped_by_staff`, `no_template`, or null.'),
  invitationIds: z.array(z.string()),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  deadlineAt: z.string().nullable().describe('When a timeout skips the node if it is still active.'),
  skippedBy: z.object({ id: z.string().nullable(), name: z.string().nullable() }).nullable(),
  skipReason: z.string().nullable(),
  settings: z.record(z.string(), z.unknown()).describe('The node’s settings (snapshot once started).'),
});
export type NodeState = z.infer<typeof nodeStateSchema>;

/** The state of each node in workflow order: started nodes from their rows, the others as configured. */
export function presentWorkflowState(config: WorkflowConfig, rows: NodeRow[]): { nodes: NodeState[] } {
  const byType = new Map(rows.map((r) => [r.type, r]));
  const configured = config.nodes.map((n) => n.type);
  const types = [...configured, ...rows.map((r) => r.type).filter((t) => !configured.includes(t))];
  return {
    nodes: types.map((type): NodeState => {
      const row = byType.get(type);
      const node = config.nodes.find((n) => n.type === type);
      if (!row) {
        return {
          id: null,
          type,
          mode: node?.mode ?? 'rule',
          status: 'pending',
          mandatory: node?.type === 'rating' ? node.mandatory : false,
          reason: null,
          invitationIds: [],
          startedAt: null,
          completedAt: null,
          deadlineAt: null,
          skippedBy: null,
          skipReason: null,
          settings: { ...node },
        };
      }
      const settings = row.config;
      return {
        id: row.id,
        type,
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
    }),
  };
}
