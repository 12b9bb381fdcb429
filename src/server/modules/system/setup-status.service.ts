import type { Db } from '../../db/client.js';
import { auditEventExists } from '../audit/audit.service.js';
import { configuredChannels } from '../channels/channel-configs.service.js';
import { anyMessageSent } from '../delivery/queries.js';
import { orgNames, orgSetupFacts } from '../org/lookups.js';
import { enabledRuleChannels } from '../rules/rules.service.js';
import { hasOwnPublishedTemplate } from '../templates/setup-facts.js';
import { workflowRatingChannels } from '../workflows/workflows.service.js';

export const SETUP_STEPS = ['department', 'employee', 'serviceType', 'template', 'channel', 'testMessage'] as const;
export type SetupStep = (typeof SETUP_STEPS)[number];

/** Channels that need a configuration to send (QR is shown on site). */
const SENT_CHANNELS = new Set(['sms', 'email', 'wechat', 'webhook']);

/**
 * The console's first-run checklist and the missing-channel warnings, each read from the module that owns the
 * facts: org (department, employee, service type), templates (a published template of one's own), channels (an
 * enabled configuration), a test message (a successful channel test or any delivered message); an enabled rule or a
 * workflow's rating node naming a channel without an enabled configuration is a warning.
 */
export async function setupStatus(db: Db) {
  const [org, template, channels, tested, sent, rules, workflows] = await Promise.all([
    orgSetupFacts(db),
    hasOwnPublishedTemplate(db),
    configuredChannels(db),
    auditEventExists(db, 'channel_config.tested', { ok: true }),
    anyMessageSent(db),
    enabledRuleChannels(db),
    workflowRatingChannels(db),
  ]);
  const done: Record<SetupStep, boolean> = {
    ...org,
    template,
    channel: channels.size > 0,
    testMessage: tested || sent,
  };
  const missing = (list: string[]) => list.filter((c) => SENT_CHANNELS.has(c) && !channels.has(c));
  const names = await orgNames(db, {
    serviceTypeIds: workflows.map((w) => w.serviceTypeId),
    departmentIds: [],
    employeeIds: [],
  });
  const warnings = [
    ...rules.flatMap((r) =>
      missing(r.channels).map((channel) => ({ kind: 'rule' as const, id: r.id, name: r.name, channel })),
    ),
    ...workflows.flatMap((w) =>
      missing(w.channels).map((channel) => ({
        kind: 'workflow' as const,
        id: w.serviceTypeId,
        name: names.get(w.serviceTypeId) ?? w.serviceTypeId,
        channel,
      })),
    ),
  ];
  return {
    steps: SETUP_STEPS.map((step) => ({ step, done: done[step] })),
    complete: SETUP_STEPS.every((s) => done[s]),
    channelWarnings: warnings,
  };
}
