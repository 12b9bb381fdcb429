import { z } from 'zod';
import { type ConditionGroup, type ConditionRule, DELIVERY_POLICIES, RATING_CHANNELS } from '../../db/schema/rules.js';
import { OPERATORS, WORK_ORDER_PRIORITIES } from './rules.fields.js';

/** A react-querybuilder rule; field, operator and value are checked against RULE_FIELDS when saving. */
export const conditionRuleSchema = z.object({
  id: z.string().max(100).optional().describe('The query builder’s own id; kept as sent.'),
  field: z.string().max(100).describe('A field from GET /rating-rules/fields, or `custom.<name>`.'),
  operator: z
    .string()
    .max(20)
    .describe(`One of ${OPERATORS.join(', ')} (as the field allows).`),
  value: z
    .unknown()
    .optional()
    .describe('Text/number; a list (array, or "a,b") for in/notIn; ignored for null/notNull.'),
  valueSource: z.literal('value').optional().describe('Comparing with another field is not supported.'),
});

/** Groups nest at most this deep (the top group is level 1). */
export const MAX_CONDITION_DEPTH = 5;

/**
 * A react-querybuilder `RuleGroupType` (`combinator`, `not`, nested `rules`) of at most `levels` levels. Unrolled
 * rather than recursive, so validation cannot recurse without bound and the OpenAPI document states the limit.
 */
function conditionGroupOfDepth(levels: number): z.ZodType<ConditionGroup> {
  const member = levels > 1 ? z.union([conditionGroupOfDepth(levels - 1), conditionRuleSchema]) : conditionRuleSchema;
  return z.object({
    id: z.string().max(100).optional(),
    combinator: z.enum(['and', 'or']),
    not: z.boolean().optional(),
    rules: z
      .array(member)
      .max(100)
      .describe(levels > 1 ? 'Conditions and nested groups.' : 'Conditions only: groups nest at most this deep.'),
  });
}

/** A react-querybuilder `RuleGroupType`, groups nested at most MAX_CONDITION_DEPTH deep. */
export const conditionGroupSchema = conditionGroupOfDepth(MAX_CONDITION_DEPTH);
// The schema's output must be storable as the column type.
const ruleFits: z.infer<typeof conditionRuleSchema> extends ConditionRule ? true : false = true;
void ruleFits;

const options = {
  enabled: z.boolean().describe('Disabled rules are skipped.'),
  priority: z.number().int().min(1).describe('Position, 1 = evaluated first. Create: appended last when omitted.'),
  conditions: conditionGroupSchema.describe('Work-order scope; an empty group matches every work order.'),
  templateId: z.uuid().describe('An active template with a published version.'),
  channels: z.array(z.enum(RATING_CHANNELS)).max(RATING_CHANNELS.length).describe('In delivery order.'),
  deliveryPolicy: z
    .enum(DELIVERY_POLICIES)
    .describe('priority_chain: stop at the first channel that succeeds; all: every channel.'),
  mandatory: z.boolean().describe('While the rating is pending the work order cannot close.'),
  timeoutHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .nullable()
    .describe('Auto-complete the rating node after this long; null = never.'),
  submissionLimit: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .describe('Submissions one invitation accepts (QR: several customers).'),
  linkExpiryDays: z.number().int().min(1).max(365).describe('Days the rating link stays valid.'),
};

export const createRuleBodySchema = z.object({
  name: z.string().trim().min(1).max(200),
  enabled: options.enabled.default(true),
  priority: options.priority.optional(),
  conditions: options.conditions.default({ combinator: 'and', rules: [] }),
  templateId: options.templateId,
  channels: options.channels.default(['qr']),
  deliveryPolicy: options.deliveryPolicy.default('priority_chain'),
  mandatory: options.mandatory.default(false),
  timeoutHours: options.timeoutHours.default(null),
  submissionLimit: options.submissionLimit.default(1),
  linkExpiryDays: options.linkExpiryDays.default(14),
});
export type CreateRuleInput = z.infer<typeof createRuleBodySchema>;

export const updateRuleBodySchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  enabled: options.enabled.optional(),
  priority: options.priority.optional(),
  conditions: options.conditions.optional(),
  templateId: options.templateId.optional(),
  channels: options.channels.optional(),
  deliveryPolicy: options.deliveryPolicy.optional(),
  mandatory: options.mandatory.optional(),
  timeoutHours: options.timeoutHours.optional(),
  submissionLimit: options.submissionLimit.optional(),
  linkExpiryDays: options.linkExpiryDays.optional(),
});
export type UpdateRuleInput = z.infer<typeof updateRuleBodySchema>;

export const ruleSchema = z.object({
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  priority: z.number().int(),
  conditions: conditionGroupSchema,
  templateId: z.string(),
  templateName: z.string(),
  channels: z.array(z.enum(RATING_CHANNELS)),
  deliveryPolicy: z.enum(DELIVERY_POLICIES),
  mandatory: z.boolean(),
  timeoutHours: z.number().nullable(),
  submissionLimit: z.number(),
  linkExpiryDays: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const factsSchema = z.object({
  serviceTypeId: z.uuid().optional(),
  serviceTypeCode: z.string().max(200).optional(),
  recordType: z.string().max(200).optional(),
  departmentId: z.uuid().optional(),
  departmentPath: z
    .array(z.uuid())
    .max(1000)
    .optional()
    .describe('Department + ancestors, nearest first; computed from departmentId when absent.'),
  regionId: z.uuid().optional(),
  store: z.string().max(500).optional(),
  touchpoint: z.string().max(200).optional(),
  priority: z.enum(WORK_ORDER_PRIORITIES).optional(),
  custom: z.record(z.string(), z.unknown()).optional().describe('Custom work-order fields, tested as `custom.<name>`.'),
});

export const matchSchema = z.object({
  source: z.enum(['rule', 'service_type_default', 'organisation_default']),
  ruleId: z.string().nullable(),
  name: z.string().nullable().describe('The rule’s name (null for a fallback).'),
  templateId: z.string(),
  templateName: z.string(),
  templateVersionId: z.string().describe('The published version an invitation would use now.'),
  channels: z.array(z.enum(RATING_CHANNELS)).describe('Empty for a fallback: the rating node / caller chooses.'),
  deliveryPolicy: z.enum(DELIVERY_POLICIES),
  mandatory: z.boolean(),
  timeoutHours: z.number().nullable(),
  submissionLimit: z.number(),
  linkExpiryDays: z.number(),
});

export const dryRunSchema = z.object({
  facts: factsSchema.describe('The facts as evaluated (with the computed department path and service type code).'),
  matched: matchSchema.nullable(),
  evaluated: z.array(
    z.object({
      ruleId: z.string(),
      name: z.string(),
      priority: z.number(),
      enabled: z.boolean(),
      matched: z.boolean(),
      skippedBecauseDisabled: z.boolean(),
      failedConditions: z.array(
        z.object({
          path: z.string().describe('Position in `conditions`, e.g. `rules.1.rules.0`.'),
          field: z.string(),
          operator: z.string(),
          value: z.unknown(),
          actual: z.unknown().describe('The work order’s value for the field.'),
          negated: z.boolean().describe('The condition held, but it sits in a `not` group.'),
        }),
      ),
    }),
  ),
});

export const ratingDefaultSchema = z.object({
  serviceTypeId: z.string(),
  serviceTypeName: z.string(),
  templateId: z.string(),
  templateName: z.string(),
  updatedAt: z.string(),
});
