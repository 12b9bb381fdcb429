import type { Dimension } from '../../common/scoring/index.js';
import type { Db } from '../db/client.js';
import { type Actor, SYSTEM_ACTOR } from '../http/principal.js';
import { createSandboxConfig } from '../modules/channels/sandbox.service.js';
import { DEFAULT_FOLLOW_UP_SETTINGS, updateFollowUpSettings } from '../modules/follow-ups/follow-up-settings.js';
import { createRule } from '../modules/rules/rules.service.js';
import { defaultTemplateId, ensureDefaultTemplate } from '../modules/templates/default-template.js';
import { createTemplate } from '../modules/templates/templates.service.js';
import { publishDraft, templateForUse } from '../modules/templates/versions.service.js';
import { putWorkflow } from '../modules/workflows/workflows.service.js';
import type { DemoOrg } from './org.js';

/** Service types served by the e-commerce template (no engineer on site). */
export const ECOMMERCE_TYPES = ['delivery', 'customer_service', 'returns'] as const;

/** The e-commerce template: an NPS outcome, two weighted star questions, a yes/no and a comment. */
const ECOMMERCE_DIMENSIONS: Dimension[] = [
  {
    key: 'recommend',
    type: 'nps',
    required: true,
    weight: 0,
    outcome: true,
    label: { 'zh-CN': '您向朋友推荐我们的可能性有多大？', en: 'How likely are you to recommend us to a friend?' },
  },
  {
    key: 'speed',
    type: 'star5',
    required: true,
    weight: 50,
    label: { 'zh-CN': '处理速度', en: 'Speed' },
  },
  {
    key: 'service',
    type: 'star5',
    required: true,
    weight: 40,
    label: { 'zh-CN': '服务态度', en: 'Service' },
  },
  {
    key: 'first_time',
    type: 'yes_no',
    required: false,
    weight: 10,
    label: { 'zh-CN': '一次就解决了吗？', en: 'Solved the first time?' },
  },
  {
    key: 'comment',
    type: 'text',
    required: false,
    weight: 0,
    maxLength: 500,
    label: { 'zh-CN': '还有什么想告诉我们的？', en: 'Anything else to tell us?' },
  },
] as Dimension[];

export interface DemoSetup {
  /** Published version of the default (home-repair) template. */
  defaultVersionId: string;
  ecommerceVersionId: string;
  sandboxConfigIds: { sms: string; email: string };
}

/** Workflows for every demo service type (rule mode unless the inspection's QR code). */
async function demoWorkflows(db: Db, org: DemoOrg, defaultTemplateId: string) {
  const ruleNode = (mandatory: boolean) =>
    ({
      type: 'rating',
      mode: 'rule',
      templateId: null,
      mandatory,
      timeoutHours: mandatory ? 72 : null,
      mainButtonLabel: { 'zh-CN': '邀请客户评价', en: 'Invite the customer to rate' },
      staffMaySkip: true,
      showSkipButton: true,
      submissionLimit: 1,
      linkExpiryDays: 14,
      channels: null,
    }) as const;
  await putWorkflow(db, SYSTEM_ACTOR, org.serviceTypeIds.repair!, {
    // The follow-up centre phones every repaired customer; its agents take turns by load.
    nodes: [
      ruleNode(true),
      {
        type: 'follow_up',
        mode: 'standard',
        standard: {
          agentId: null,
          groupRoundRobin: { departmentId: org.followUpDepartmentId },
          groupStrategy: 'least_loaded',
          templateId: null,
          onlyIfUnratedHours: null,
          dueHours: 24,
        },
      },
    ],
    fieldDefinitions: [
      {
        key: 'warranty',
        label: { 'zh-CN': '保修类型', en: 'Warranty' },
        type: 'select',
        required: false,
        options: [
          { key: 'in', label: { 'zh-CN': '保内', en: 'In warranty' } },
          { key: 'out', label: { 'zh-CN': '保外', en: 'Out of warranty' } },
        ],
      },
    ],
  });
  await putWorkflow(db, SYSTEM_ACTOR, org.serviceTypeIds.inspection!, {
    nodes: [
      {
        type: 'rating',
        mode: 'qr',
        templateId: defaultTemplateId,
        mandatory: false,
        timeoutHours: null,
        mainButtonLabel: { 'zh-CN': '出示评价二维码', en: 'Show the rating QR code' },
        staffMaySkip: true,
        showSkipButton: false,
        submissionLimit: 5,
        linkExpiryDays: 7,
        channels: null,
      },
    ],
    fieldDefinitions: [
      { key: 'equipmentModel', label: { 'zh-CN': '设备型号', en: 'Equipment model' }, type: 'text', required: false },
    ],
  });
  for (const code of ['installation', ...ECOMMERCE_TYPES]) {
    await putWorkflow(db, SYSTEM_ACTOR, org.serviceTypeIds[code]!, { nodes: [ruleNode(false)], fieldDefinitions: [] });
  }
}

/**
 * What makes new completions go round the loop: two published templates, rating rules (e-commerce → the e-commerce
 * template; on-site service → the default), workflows, and sandbox SMS + e-mail channels the rules deliver through.
 */
export async function loadDemoSetup(db: Db, appSecret: string, org: DemoOrg, admin: Actor): Promise<DemoSetup> {
  await ensureDefaultTemplate(db);
  const defaultId = await defaultTemplateId(db);
  const defaultTemplate = defaultId ? await templateForUse(db, defaultId) : null;
  if (!defaultTemplate?.publishedVersionId) throw new Error('The default template has no published version');

  const ecommerce = await createTemplate(db, SYSTEM_ACTOR, {
    name: '电商服务评价 · E-commerce service',
    description: 'Delivery, customer service and returns: NPS plus speed and service.',
    serviceTypeIds: ECOMMERCE_TYPES.map((code) => org.serviceTypeIds[code]!),
    recordTypes: [],
    draft: { layout: 'vertical', weighting: true, dimensions: ECOMMERCE_DIMENSIONS },
  });
  // Published by demo-admin, as a customer's admin would: the set-up checklist counts a template someone published.
  const ecommerceVersion = await publishDraft(db, admin, ecommerce.id);

  await demoWorkflows(db, org, defaultTemplate.id);
  // Follow-up switched on (it is off in a new organisation): the day's completed repairs reach the agents' queues.
  await updateFollowUpSettings(db, admin, { ...DEFAULT_FOLLOW_UP_SETTINGS, enabled: true });

  const sms = await createSandboxConfig(db, appSecret, admin, {
    channel: 'sms',
    name: '沙盒短信 · Sandbox SMS',
  });
  const email = await createSandboxConfig(db, appSecret, admin, {
    channel: 'email',
    name: '沙盒邮件 · Sandbox e-mail',
  });

  const common = {
    enabled: true,
    deliveryPolicy: 'priority_chain',
    timeoutHours: null,
    submissionLimit: 1,
    linkExpiryDays: 14,
  } as const;
  await createRule(db, admin, {
    ...common,
    name: '电商服务：短信，邮件备用 · E-commerce: SMS, then e-mail',
    conditions: {
      combinator: 'and',
      rules: [{ field: 'serviceTypeCode', operator: 'in', value: [...ECOMMERCE_TYPES] }],
    },
    templateId: ecommerce.id,
    channels: ['sms', 'email'],
    mandatory: false,
  });
  await createRule(db, admin, {
    ...common,
    name: '上门服务：短信，邮件备用 · On-site service: SMS, then e-mail',
    conditions: { combinator: 'and', rules: [] },
    templateId: defaultTemplate.id,
    channels: ['sms', 'email'],
    mandatory: false,
  });
  return {
    defaultVersionId: defaultTemplate.publishedVersionId,
    ecommerceVersionId: ecommerceVersion.id,
    sandboxConfigIds: { sms: sms.id, email: email.id },
  };
}
