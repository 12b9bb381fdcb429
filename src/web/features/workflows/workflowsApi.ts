import type { Answer, RequestBody } from '../../api/client';

/** Shapes of `/api/v1/service-types/:id/workflow`, derived from the generated schema (server: modules/workflows). */
export type WorkflowView = Answer<'/service-types/{id}/workflow'>;
export type WorkflowConfig = RequestBody<'/service-types/{id}/workflow', 'put'>;
export type WorkflowNodeConfig = WorkflowView['nodes'][number];
export type RatingNodeConfig = Extract<WorkflowNodeConfig, { type: 'rating' }>;
export type FollowUpNodeConfig = Extract<WorkflowNodeConfig, { type: 'follow_up' }>;
export type FieldDefinition = WorkflowView['fieldDefinitions'][number];
export type FieldType = FieldDefinition['type'];
export type Bilingual = FieldDefinition['label'];

export const FIELD_TYPES = ['text', 'number', 'boolean', 'date', 'select'] as const satisfies readonly FieldType[];

export const DEFAULT_RATING_NODE: RatingNodeConfig = {
  type: 'rating',
  mode: 'rule',
  templateId: null,
  mandatory: false,
  timeoutHours: null,
  mainButtonLabel: { 'zh-CN': '邀请评价', en: 'Request rating' },
  staffMaySkip: true,
  showSkipButton: true,
  submissionLimit: 1,
  linkExpiryDays: 14,
  channels: null,
};

/** Picks the label in the console language, falling back to the other one. */
export function localised(label: Partial<Bilingual> | Record<string, string> | undefined, language: string): string {
  if (!label) return '';
  const record = label as Record<string, string>;
  return (language.startsWith('zh') ? record['zh-CN'] : record.en) || record.en || record['zh-CN'] || '';
}
