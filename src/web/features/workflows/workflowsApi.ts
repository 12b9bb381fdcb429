import type { RatingChannel } from '../rules/rulesApi';

/** Shapes of `/api/v1/service-types/:id/workflow` (server: modules/workflows/workflows.schemas.ts). */

export type Bilingual = { 'zh-CN': string; en: string };

export interface RatingNodeConfig {
  type: 'rating';
  mode: 'qr' | 'rule';
  templateId: string | null;
  mandatory: boolean;
  timeoutHours: number | null;
  mainButtonLabel: Bilingual;
  staffMaySkip: boolean;
  showSkipButton: boolean;
  submissionLimit: number;
  linkExpiryDays: number;
  channels: RatingChannel[] | null;
}

export interface FollowUpNodeConfig {
  type: 'follow_up';
  mode: 'standard' | 'rule';
  standard: {
    agentId: string | null;
    groupRoundRobin: { departmentId: string } | null;
    templateId: string | null;
  } | null;
}

export type WorkflowNodeConfig = RatingNodeConfig | FollowUpNodeConfig;

export const FIELD_TYPES = ['text', 'number', 'boolean', 'date', 'select'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldDefinition {
  key: string;
  label: Bilingual;
  type: FieldType;
  required: boolean;
  options?: { key: string; label: Bilingual }[];
}

export interface WorkflowConfig {
  nodes: WorkflowNodeConfig[];
  fieldDefinitions: FieldDefinition[];
}

export interface WorkflowView extends WorkflowConfig {
  serviceTypeId: string;
  isDefault: boolean;
  updatedAt: string | null;
}

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
