import type { FormInstance } from 'antd';
import { NODE_KEY_PATTERN } from '../../../common/workflows';
import { ApiError, problemFieldPath } from '../../app/api';
import { fieldErrorText } from '../../app/problemText';
import type { RatingChannel } from '../rules/rulesApi';
import {
  type Bilingual,
  DEFAULT_FOLLOW_UP_NODE,
  DEFAULT_RATING_NODE,
  type FieldDefinition,
  type FieldType,
  type FollowUpNodeConfig,
  type GroupStrategy,
  type NodeStage,
  type NodeType,
  type RatingNodeConfig,
  STAGES,
  type WorkflowConfig,
  type WorkflowView,
} from './workflowsApi';

/** The workflow editor's form model: the API's nodes as a list (one card each, placed by stage) and the fields. */
export interface FieldValues {
  key: string;
  label: Bilingual;
  type: FieldType;
  required: boolean;
  options?: { key: string; label: Bilingual }[];
}

/** `isNew`: added in this draft, so its key may still be edited (a stored node keeps its key: instances refer to it). */
export type RatingNodeValues = Omit<RatingNodeConfig, 'channels'> & { channels: RatingChannel[]; isNew: boolean };

export interface FollowUpNodeValues {
  type: 'follow_up';
  key: string;
  stage: NodeStage;
  isNew: boolean;
  mode: 'standard' | 'rule';
  agentId: string | null;
  departmentId: string | null;
  /** How the department's agents take turns (with `departmentId`). */
  groupStrategy: GroupStrategy;
  templateId: string | null;
  /** Create the task only when the customer has not rated within this many hours; null: always. */
  onlyIfUnratedHours: number | null;
  /** Due this many hours after creation; null: the follow-up settings' default. */
  dueHours: number | null;
  mainButtonLabel: Bilingual;
  sendBackButtonLabel: Bilingual;
}

export type NodeValues = RatingNodeValues | FollowUpNodeValues;

export interface WorkflowFormValues {
  nodes: NodeValues[];
  fieldDefinitions: FieldValues[];
}

function ratingValues(node: RatingNodeConfig, isNew: boolean): RatingNodeValues {
  const { channels, ...rest } = node;
  return {
    ...DEFAULT_RATING_NODE,
    ...rest,
    mainButtonLabel: { ...rest.mainButtonLabel },
    channels: channels ?? [],
    isNew,
  };
}

function followUpValues(node: FollowUpNodeConfig, isNew: boolean): FollowUpNodeValues {
  return {
    type: 'follow_up',
    key: node.key,
    stage: node.stage,
    isNew,
    mode: node.mode,
    agentId: node.standard?.agentId ?? null,
    departmentId: node.standard?.groupRoundRobin?.departmentId ?? null,
    groupStrategy: node.standard?.groupStrategy ?? 'round_robin',
    templateId: node.standard?.templateId ?? null,
    onlyIfUnratedHours: node.standard?.onlyIfUnratedHours ?? null,
    dueHours: node.standard?.dueHours ?? null,
    mainButtonLabel: { ...(node.mainButtonLabel ?? DEFAULT_FOLLOW_UP_NODE.mainButtonLabel) },
    sendBackButtonLabel: { ...(node.sendBackButtonLabel ?? DEFAULT_FOLLOW_UP_NODE.sendBackButtonLabel) },
  };
}

/** The form's values for a stored workflow: its nodes in order, keys kept. */
export function toFormValues(view: WorkflowView): WorkflowFormValues {
  return {
    nodes: view.nodes.map((node) => (node.type === 'rating' ? ratingValues(node, false) : followUpValues(node, false))),
    fieldDefinitions: view.fieldDefinitions.map((d) => ({ ...d, options: d.options ?? [] })),
  };
}

/**
 * A key for a new node of `type` that no other node uses: the type itself, then `<type>_2`, `<type>_3`, … — the
 * server's rule for an omitted key.
 */
export function nextNodeKey(type: NodeType, taken: readonly string[]): string {
  const used = new Set(taken);
  if (!used.has(type)) return type;
  for (let n = 2; ; n++) if (!used.has(`${type}_${n}`)) return `${type}_${n}`;
}

/** A new node of `type` at `stage`, with the server's defaults and a fresh key. */
export function newNodeValues(type: NodeType, stage: NodeStage, taken: readonly string[]): NodeValues {
  const key = nextNodeKey(type, taken);
  return type === 'rating'
    ? ratingValues({ ...DEFAULT_RATING_NODE, key, stage }, true)
    : followUpValues({ ...DEFAULT_FOLLOW_UP_NODE, key, stage }, true);
}

/** Why `key` cannot be the key of node `index` (an i18n key), or null when it can. */
export function nodeKeyProblem(key: string, index: number, nodes: readonly Pick<NodeValues, 'key'>[]): string | null {
  if (!NODE_KEY_PATTERN.test(key)) return 'workflows.node.keyPattern';
  if (nodes.some((node, i) => i !== index && node?.key === key)) return 'workflows.node.keyTaken';
  return null;
}

/** The nodes of `nodes` (their positions in the list) placed at each stage, stages in flow order. */
export function nodesByStage(nodes: readonly Pick<NodeValues, 'stage'>[]): { stage: NodeStage; indexes: number[] }[] {
  return STAGES.map((stage) => ({
    stage,
    indexes: nodes.flatMap((node, index) => (node?.stage === stage ? [index] : [])),
  }));
}

/**
 * The body's order of the form's nodes (positions in the form's list): flow order — by stage, then as added — so
 * that the workflow's order is the order the nodes run in.
 */
export function bodyOrder(nodes: readonly Pick<NodeValues, 'stage'>[]): number[] {
  return nodesByStage(nodes).flatMap((group) => group.indexes);
}

/** The PUT body for the form's values: every node in flow order, with the key it had (or was given). */
export function toWorkflowBody(values: WorkflowFormValues): WorkflowConfig {
  const list = values.nodes ?? [];
  const nodes: WorkflowConfig['nodes'] = bodyOrder(list).map((index) => {
    const node = list[index] as NodeValues;
    if (node.type === 'rating') {
      const { isNew: _isNew, channels, ...rating } = node;
      return {
        ...rating,
        key: rating.key.trim(),
        templateId: rating.mode === 'qr' ? (rating.templateId ?? null) : null,
        timeoutHours: rating.timeoutHours ?? null,
        channels: channels?.length ? channels : null,
      };
    }
    const f = node;
    return {
      type: 'follow_up',
      key: f.key.trim(),
      stage: f.stage,
      mode: f.mode,
      mainButtonLabel: { 'zh-CN': f.mainButtonLabel['zh-CN'].trim(), en: f.mainButtonLabel.en.trim() },
      sendBackButtonLabel: { 'zh-CN': f.sendBackButtonLabel['zh-CN'].trim(), en: f.sendBackButtonLabel.en.trim() },
      standard:
        f.mode === 'standard'
          ? {
              agentId: f.agentId ?? null,
              groupRoundRobin: f.departmentId ? { departmentId: f.departmentId } : null,
              groupStrategy: f.groupStrategy ?? 'round_robin',
              templateId: f.templateId ?? null,
              onlyIfUnratedHours: f.onlyIfUnratedHours ?? null,
              dueHours: f.dueHours ?? null,
            }
          : null,
    };
  });
  const fieldDefinitions: FieldDefinition[] = (values.fieldDefinitions ?? []).map((d) => ({
    key: d.key.trim(),
    label: { 'zh-CN': d.label['zh-CN'].trim(), en: d.label.en.trim() },
    type: d.type,
    required: Boolean(d.required),
    ...(d.type === 'select' ? { options: (d.options ?? []).map((o) => ({ ...o, key: o.key.trim() })) } : {}),
  }));
  return { nodes, fieldDefinitions };
}

/**
 * Server paths `nodes.<i>.x` point at the node at that position of the body (`bodyOrder`), mapped back to the form's
 * list; a follow-up node's `standard.agentId` is the form's `agentId` (and `standard.groupRoundRobin.departmentId`
 * its `departmentId`); an error on the whole node shows on its key.
 */
export function showServerErrors(error: unknown, values: WorkflowFormValues, form: FormInstance<WorkflowFormValues>) {
  if (!(error instanceof ApiError)) return;
  const order = bodyOrder(values.nodes ?? []);
  const fields = (error.problem.errors ?? []).flatMap((item) => {
    const path = problemFieldPath(item.path);
    if (path[0] === 'nodes' && typeof path[1] === 'number') {
      const index = order[path[1]];
      if (index === undefined) return [];
      const rest = path.slice(2).filter((part) => part !== 'standard' && part !== 'groupRoundRobin');
      return [{ name: ['nodes', index, ...(rest.length ? rest : ['key'])], errors: [fieldErrorText(item)] }];
    }
    if (path[0] === 'fieldDefinitions') return [{ name: path, errors: [fieldErrorText(item)] }];
    return [];
  });
  if (fields.length) form.setFields(fields as Parameters<typeof form.setFields>[0]);
}
