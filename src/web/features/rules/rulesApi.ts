import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api';

/** Shapes of `/api/v1/rating-rules` and `/rating-defaults` (server: modules/rules/rules.schemas.ts). */

export const RATING_CHANNELS = ['qr', 'sms', 'email', 'wechat', 'webhook'] as const;
export type RatingChannel = (typeof RATING_CHANNELS)[number];
export const DELIVERY_POLICIES = ['priority_chain', 'all'] as const;
export type DeliveryPolicy = (typeof DELIVERY_POLICIES)[number];
export const WORK_ORDER_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

export interface ConditionRule {
  id?: string;
  field: string;
  operator: string;
  value?: unknown;
  valueSource?: 'value';
}

export interface ConditionGroup {
  id?: string;
  combinator: 'and' | 'or';
  not?: boolean;
  rules: (ConditionRule | ConditionGroup)[];
}

export const isGroup = (item: ConditionRule | ConditionGroup): item is ConditionGroup => 'rules' in item;

export interface RatingRule {
  id: string;
  name: string;
  enabled: boolean;
  priority: number;
  conditions: ConditionGroup;
  templateId: string;
  templateName: string;
  channels: RatingChannel[];
  deliveryPolicy: DeliveryPolicy;
  mandatory: boolean;
  timeoutHours: number | null;
  submissionLimit: number;
  linkExpiryDays: number;
  createdAt: string;
  updatedAt: string;
}

export type RuleInput = Omit<RatingRule, 'id' | 'priority' | 'templateName' | 'createdAt' | 'updatedAt'>;

export interface Localised {
  'zh-CN': string;
  en: string;
}

export interface RuleFieldMeta {
  name: string;
  label: Localised;
  valueType: 'id' | 'text' | 'enum' | 'any';
  reference?: 'service_type' | 'department';
  values?: string[];
  operators: string[];
  description: string;
}

export interface RuleFields {
  fields: RuleFieldMeta[];
  customField: { prefix: string; label: Localised; valueType: 'any'; operators: string[]; description: string };
  operators: { name: string; label: Localised }[];
}

export interface Facts {
  serviceTypeId?: string;
  serviceTypeCode?: string;
  recordType?: string;
  departmentId?: string;
  departmentPath?: string[];
  regionId?: string;
  store?: string;
  touchpoint?: string;
  priority?: (typeof WORK_ORDER_PRIORITIES)[number];
  custom?: Record<string, unknown>;
}

export interface RuleMatch {
  source: 'rule' | 'service_type_default' | 'organisation_default';
  ruleId: string | null;
  name: string | null;
  templateId: string;
  templateName: string;
  templateVersionId: string;
  channels: RatingChannel[];
  deliveryPolicy: DeliveryPolicy;
  mandatory: boolean;
  timeoutHours: number | null;
  submissionLimit: number;
  linkExpiryDays: number;
}

export interface FailedCondition {
  path: string;
  field: string;
  operator: string;
  value: unknown;
  actual: unknown;
  negated: boolean;
}

export interface DryRun {
  facts: Facts;
  matched: RuleMatch | null;
  evaluated: {
    ruleId: string;
    name: string;
    priority: number;
    enabled: boolean;
    matched: boolean;
    skippedBecauseDisabled: boolean;
    failedConditions: FailedCondition[];
  }[];
}

export interface RatingDefault {
  serviceTypeId: string;
  serviceTypeName: string;
  templateId: string;
  templateName: string;
  updatedAt: string;
}

export const RULES_KEY = ['rating-rules'] as const;
export const DEFAULTS_KEY = ['rating-defaults'] as const;

export function useRules() {
  return useQuery({
    queryKey: RULES_KEY,
    queryFn: () => api<{ items: RatingRule[] }>('/rating-rules').then((page) => page.items),
  });
}

export function useRuleFields() {
  return useQuery({
    queryKey: [...RULES_KEY, 'fields'],
    queryFn: () => api<RuleFields>('/rating-rules/fields'),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useRatingDefaults() {
  return useQuery({
    queryKey: DEFAULTS_KEY,
    queryFn: () => api<{ items: RatingDefault[] }>('/rating-defaults').then((page) => page.items),
  });
}
