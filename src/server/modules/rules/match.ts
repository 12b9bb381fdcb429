import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import { ratingDefaults } from '../../db/schema/rules.js';
import { departmentAncestors } from '../org/departments.service.js';
import { serviceTypeCode } from '../org/service-types.service.js';
import { defaultTemplateId } from '../templates/default-template.js';
import { templateForUse } from '../templates/versions.service.js';
import { evaluateConditions, explainFailure, type RuleFacts } from './conditions.js';
import type { dryRunSchema, matchSchema } from './rules.schemas.js';
import { orderedRules } from './rules.service.js';

export type RuleMatch = z.infer<typeof matchSchema>;
export type DryRun = z.infer<typeof dryRunSchema>;

/** What a fallback (no rule) decides: only the template; delivery is left to the rating node / caller. */
const FALLBACK_OPTIONS: Omit<RuleMatch, 'source' | 'templateId' | 'templateName' | 'templateVersionId'> = {
  ruleId: null,
  name: null,
  channels: [],
  deliveryPolicy: 'priority_chain',
  mandatory: false,
  timeoutHours: null,
  submissionLimit: 1,
  linkExpiryDays: 14,
};

/** Fills in what can be derived: the department path (department + ancestors) and the service type code. */
export async function resolveFacts(db: DbOrTx, facts: RuleFacts): Promise<RuleFacts> {
  const out: RuleFacts = { ...facts };
  if (out.departmentId && !out.departmentPath) out.departmentPath = await departmentAncestors(db, out.departmentId);
  if (out.serviceTypeId && out.serviceTypeCode === undefined) {
    const code = await serviceTypeCode(db, out.serviceTypeId);
    if (code !== undefined) out.serviceTypeCode = code;
  }
  return out;
}

async function fallback(db: DbOrTx, facts: RuleFacts): Promise<RuleMatch | null> {
  if (facts.serviceTypeId) {
    const [d] = await db.select().from(ratingDefaults).where(eq(ratingDefaults.serviceTypeId, facts.serviceTypeId));
    const t = d ? await templateForUse(db, d.templateId) : null;
    if (t?.status === 'active' && t.publishedVersionId) {
      return {
        ...FALLBACK_OPTIONS,
        source: 'service_type_default',
        templateId: t.id,
        templateName: t.name,
        templateVersionId: t.publishedVersionId,
      };
    }
  }
  const orgDefault = await defaultTemplateId(db);
  const t = orgDefault ? await templateForUse(db, orgDefault) : null;
  if (t?.publishedVersionId) {
    return {
      ...FALLBACK_OPTIONS,
      source: 'organisation_default',
      templateId: t.id,
      templateName: t.name,
      templateVersionId: t.publishedVersionId,
    };
  }
  return null;
}

/**
 * Evaluates the rules in priority order (disabled ones skipped; the first enabled match wins), then falls back to
 * the service type's default template and then the organisation default. Explains every rule up to the match.
 */
export async function explainMatch(db: DbOrTx, input: RuleFacts): Promise<DryRun> {
  const facts = await resolveFacts(db, input);
  const evaluated: DryRun['evaluated'] = [];
  for (const { rule, templateName } of await orderedRules(db)) {
    const entry = { ruleId: rule.id, name: rule.name, priority: rule.priority, enabled: rule.enabled };
    if (!rule.enabled) {
      evaluated.push({ ...entry, matched: false, skippedBecauseDisabled: true, failedConditions: [] });
      continue;
    }
    if (!evaluateConditions(rule.conditions, facts)) {
      evaluated.push({
        ...entry,
        matched: false,
        skippedBecauseDisabled: false,
        failedConditions: explainFailure(rule.conditions, facts),
      });
      continue;
    }
    // A rule's template is checked when saved and cannot be archived while used; re-checked here all the same.
    const t = await templateForUse(db, rule.templateId);
    if (!t?.publishedVersionId || t.status !== 'active') {
      evaluated.push({ ...entry, matched: false, skippedBecauseDisabled: false, failedConditions: [] });
      continue;
    }
    evaluated.push({ ...entry, matched: true, skippedBecauseDisabled: false, failedConditions: [] });
    const matched: RuleMatch = {
      source: 'rule',
      ruleId: rule.id,
      name: rule.name,
      templateId: rule.templateId,
      templateName,
      templateVersionId: t.publishedVersionId,
      channels: rule.channels,
      deliveryPolicy: rule.deliveryPolicy,
      mandatory: rule.mandatory,
      timeoutHours: rule.timeoutHours,
      submissionLimit: rule.submissionLimit,
      linkExpiryDays: rule.linkExpiryDays,
    };
    return { facts, matched, evaluated };
  }
  return { facts, matched: await fallback(db, facts), evaluated };
}

/** The rule (or fallback) that decides a work order's rating: template version, channels and options. */
export async function matchRule(db: DbOrTx, facts: RuleFacts): Promise<RuleMatch | null> {
  return (await explainMatch(db, facts)).matched;
}
