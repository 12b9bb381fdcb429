import { z } from 'zod';
import { CASE_SEVERITIES } from '../../../common/cases.js';
import { DIMENSION_TYPES } from '../../../common/scoring/index.js';
import { pageQuery } from '../../http/pagination.js';
import { conditionGroupSchema } from '../rules/rules.schemas.js';
import { ALERT_OPERATORS } from './alert-conditions.js';

export const MAX_NOTIFY_EMPLOYEES = 50;

const notifyFields = {
  responsibleManager: z
    .boolean()
    .describe('The responsible manager: the manager of the work order’s department, walking up the tree.'),
  managementChain: z.boolean().describe('Every manager from the work order’s department up to the top.'),
  employeeIds: z
    .array(z.uuid())
    .max(MAX_NOTIFY_EMPLOYEES)
    .describe('These employees as well (active employees; each once).'),
};
export const notifySchema = z.object(notifyFields);

const options = {
  enabled: z.boolean().describe('Disabled rules are skipped.'),
  priority: z.number().int().min(1).describe('Position, 1 = evaluated first. Create: appended last when omitted.'),
  condition: conditionGroupSchema.describe(
    'When the rule matches: rating fields (`rating.class`, `rating.score`, `rating.dimensions.<key>`, `rating.answers.<key>`, `rating.nps`, `rating.npsCategory`, `rating.comment` with `containsKeyword`, `rating.contactRequested`) and the rating rules’ work-order fields (scope). See GET /alert-rules/fields.',
  ),
  severity: z.enum(CASE_SEVERITIES),
  openCase: z.boolean().describe('Open a remediation case (one per rating: a later match links to it).'),
  slaPolicyId: z.uuid().nullable().describe('The SLA policy of the case it opens; null = the default policy.'),
  stopAfterMatch: z
    .boolean()
    .describe('When it matches, rules after it are not evaluated (every rule set so = first match wins).'),
};

export const createAlertRuleBody = z.object({
  name: z.string().trim().min(1).max(200),
  enabled: options.enabled.default(true),
  priority: options.priority.optional(),
  condition: options.condition,
  severity: options.severity.default('medium'),
  openCase: options.openCase.default(false),
  slaPolicyId: options.slaPolicyId.default(null),
  notify: z
    .object({
      responsibleManager: notifyFields.responsibleManager.default(true),
      managementChain: notifyFields.managementChain.default(false),
      employeeIds: notifyFields.employeeIds.default([]),
    })
    .default({ responsibleManager: true, managementChain: false, employeeIds: [] }),
  stopAfterMatch: options.stopAfterMatch.default(false),
});
export type CreateAlertRuleInput = z.infer<typeof createAlertRuleBody>;

export const updateAlertRuleBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  enabled: options.enabled.optional(),
  priority: options.priority.optional(),
  condition: options.condition.optional(),
  severity: options.severity.optional(),
  openCase: options.openCase.optional(),
  slaPolicyId: options.slaPolicyId.optional(),
  notify: notifySchema.partial().optional().describe('The fields given replace those of the rule.'),
  stopAfterMatch: options.stopAfterMatch.optional(),
});
export type UpdateAlertRuleInput = z.infer<typeof updateAlertRuleBody>;

export const alertRuleSchema = z.object({
  id: z.string(),
  name: z.string(),
  priority: z.number().int(),
  enabled: z.boolean(),
  condition: conditionGroupSchema,
  severity: z.enum(CASE_SEVERITIES),
  openCase: z.boolean(),
  slaPolicyId: z.string().nullable(),
  notify: notifySchema,
  stopAfterMatch: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AlertRuleView = z.infer<typeof alertRuleSchema>;

const label = z.object({ 'zh-CN': z.string(), en: z.string() });
const valueTypes = z.enum(['number', 'boolean', 'enum', 'keywords', 'any']);
export const alertFieldsSchema = z.object({
  ratingFields: z.array(
    z.object({
      name: z.string(),
      label,
      valueType: valueTypes,
      values: z.array(z.string()).optional(),
      min: z.number().optional(),
      max: z.number().optional(),
      operators: z.array(z.enum(ALERT_OPERATORS)),
      description: z.string(),
    }),
  ),
  prefixFields: z
    .array(
      z.object({
        prefix: z.string().describe('Followed by a dimension key of the template, e.g. `rating.answers.attitude`.'),
        label,
        valueType: valueTypes,
        min: z.number().optional(),
        max: z.number().optional(),
        operators: z.array(z.enum(ALERT_OPERATORS)),
        description: z.string(),
        questionKeys: z.array(z.string()).describe('The keys of `questions` that may follow this prefix.'),
      }),
    )
    .describe('Work-order fields (scope) are those of GET /rating-rules/fields.'),
  operators: z.array(z.object({ name: z.enum(ALERT_OPERATORS), label })),
  questions: z
    .array(
      z.object({
        key: z.string(),
        type: z.enum(DIMENSION_TYPES),
        label,
        scored: z.boolean().describe('Counts in S: usable after `rating.dimensions.`.'),
        options: z
          .array(z.object({ key: z.string(), label }))
          .optional()
          .describe('single_choice only.'),
      }),
    )
    .describe(
      'The published templates’ questions whose keys follow `rating.answers.` (and, when scored, `rating.dimensions.`).',
    ),
});
export type AlertFieldsView = z.infer<typeof alertFieldsSchema>;

export const alertSchema = z.object({
  id: z.string(),
  ruleId: z.string().nullable().describe('Null once the rule is deleted (its name stays).'),
  ruleName: z.string(),
  severity: z.enum(CASE_SEVERITIES),
  ratingId: z.string(),
  workOrderId: z.string(),
  workOrderNumber: z.string(),
  caseId: z.string().nullable(),
  caseNumber: z.number().int().nullable(),
  keywords: z.array(z.string()).describe('The rule’s keywords found in the comment.'),
  notify: z.array(z.string()).describe('The employees told.'),
  createdAt: z.string(),
});
export type AlertView = z.infer<typeof alertSchema>;

const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item).max(10));
export const alertListQuery = z.object({
  ...pageQuery,
  severity: list(z.enum(CASE_SEVERITIES)).optional(),
  ruleId: z.uuid().optional(),
  workOrderId: z.uuid().optional(),
  ratingId: z.uuid().optional(),
});
export type AlertListQuery = z.infer<typeof alertListQuery>;
