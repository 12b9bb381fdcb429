import {
  DEFAULT_NODE_STAGE,
  DEFAULT_RATING_MODE,
  FOLLOW_UP_NODE_DEFAULTS,
  NODE_STAGES,
  RATING_NODE_DEFAULTS,
  FIELD_TYPES as TYPES,
} from '../../../common/workflows';
import { type Answer, allOf, type RequestBody } from '../../api/client';

/** Shapes of `/api/v1/service-types/:id/workflow`, derived from the generated schema (server: modules/workflows). */
export type WorkflowView = Answer<'/service-types/{id}/workflow'>;
export type WorkflowConfig = RequestBody<'/service-types/{id}/workflow', 'put'>;
export type WorkflowNodeConfig = WorkflowView['nodes'][number];
export type RatingNodeConfig = Extract<WorkflowNodeConfig, { type: 'rating' }>;
export type FollowUpNodeConfig = Extract<WorkflowNodeConfig, { type: 'follow_up' }>;
/** How a follow-up node's department agents take turns (standard mode). */
export type GroupStrategy = NonNullable<FollowUpNodeConfig['standard']>['groupStrategy'];
export type NodeType = WorkflowNodeConfig['type'];
export type NodeStage = WorkflowNodeConfig['stage'];
export type FieldDefinition = WorkflowView['fieldDefinitions'][number];
export type FieldType = FieldDefinition['type'];
export type Bilingual = FieldDefinition['label'];

/** Query keys of the workflow editor (one workflow per service type). */
export const workflowKeys = {
  all: ['workflows'] as const,
  ofServiceType: (serviceTypeId: string | undefined) => [...workflowKeys.all, serviceTypeId ?? null] as const,
};

/** The server's list (src/common), checked against the API's enum both ways. */
export const FIELD_TYPES = allOf<FieldType>()(TYPES);

/** The server's stages (src/common), checked against the API's enum both ways; in flow order. */
export const STAGES = allOf<NodeStage>()(NODE_STAGES);

/**
 * A new rating node: the server's defaults for every omitted setting (one constant in src/common). Its key is what
 * the server gives the first node of a type whose key is omitted: the type itself (`rating`, then `rating_2`, …).
 */
export const DEFAULT_RATING_NODE: RatingNodeConfig = {
  type: 'rating',
  key: 'rating',
  stage: DEFAULT_NODE_STAGE,
  mode: DEFAULT_RATING_MODE,
  ...RATING_NODE_DEFAULTS,
  mainButtonLabel: { ...RATING_NODE_DEFAULTS.mainButtonLabel },
};

/** A new follow-up node: the server's defaults (src/common). */
export const DEFAULT_FOLLOW_UP_NODE: FollowUpNodeConfig = {
  type: 'follow_up',
  key: 'follow_up',
  stage: DEFAULT_NODE_STAGE,
  mode: 'standard',
  standard: null,
  mainButtonLabel: { ...FOLLOW_UP_NODE_DEFAULTS.mainButtonLabel },
  sendBackButtonLabel: { ...FOLLOW_UP_NODE_DEFAULTS.sendBackButtonLabel },
};

/** Picks the label in the console language, falling back to the other one. */
export function localised(label: Partial<Bilingual> | Record<string, string> | undefined, language: string): string {
  if (!label) return '';
  const record = label as Record<string, string>;
  return (language.startsWith('zh') ? record['zh-CN'] : record.en) || record.en || record['zh-CN'] || '';
}
