import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import type { JobDefinition } from '../jobs/queue.js';
import { analyticsProcessor } from './analytics/analytics.processor.js';
import { analyticsRoutes } from './analytics/analytics.routes.js';
import { insightRoutes } from './analytics/insights.routes.js';
import { keywordJobs } from './analytics/keywords/keywords.jobs.js';
import { keywordRoutes } from './analytics/keywords/keywords.routes.js';
import { storeRoutes } from './analytics/stores.routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { apiKeyRoutes } from './auth/api-keys.routes.js';
import { authJobs, purgeExpiredSessionsJob } from './auth/auth.jobs.js';
import { authRoutes } from './auth/auth.routes.js';
import { alertRuleRoutes } from './cases/alert-rules.routes.js';
import { alertsProcessor } from './cases/alerts.processor.js';
import { caseJobs, sweepCaseTimersJob } from './cases/case-timers.jobs.js';
import { caseRoutes } from './cases/cases.routes.js';
import { recoveryProcessor } from './cases/recovery.processor.js';
import { slaChangesProcessor } from './cases/sla-changes.processor.js';
import { channelRoutes } from './channels/channels.routes.js';
import { deliveryJobs, repairDeliveryJobsJob, sweepRemindersJob } from './delivery/delivery.jobs.js';
import { deliveryRoutes } from './delivery/delivery.routes.js';
import type { EventProcessor } from './events/processors.js';
import { exportJobs, purgeExportsJob } from './exports/exports.jobs.js';
import { exportRoutes } from './exports/exports.routes.js';
import { followUpRuleRoutes } from './follow-ups/follow-up-rules.routes.js';
import { assignQueuedTasksJob, followUpJobs } from './follow-ups/follow-ups.jobs.js';
import { followUpsProcessor } from './follow-ups/follow-ups.processor.js';
import { followUpRoutes } from './follow-ups/follow-ups.routes.js';
import { followUpRulesUsingTemplate } from './follow-ups/template-users.js';
import { liveRoutes } from './live/live.routes.js';
import { notificationJobs } from './notifications/notifications.jobs.js';
import { notificationsProcessor } from './notifications/notifications.processor.js';
import { notificationRoutes } from './notifications/notifications.routes.js';
import { orgJobs } from './org/org.jobs.js';
import { orgRoutes } from './org/org.routes.js';
import { portalJobs } from './portal/portal.jobs.js';
import { privacyJobs, retentionJob } from './privacy/privacy.jobs.js';
import { privacyRoutes } from './privacy/privacy.routes.js';
import { publicRatingRoutes } from './ratings/public.routes.js';
import { ratingRoutes } from './ratings/ratings.routes.js';
import { workOrderRatingRoutes } from './ratings/work-order-ratings.routes.js';
import { dueReportsJob, reportJobs } from './reports/reports.jobs.js';
import { reportRoutes } from './reports/reports.routes.js';
import { ruleRoutes } from './rules/rules.routes.js';
import { settingsRoutes } from './settings/settings.routes.js';
import { slaRoutes } from './sla/sla.routes.js';
import { processorRoutes } from './system/processors.routes.js';
import { setupStatusRoutes } from './system/setup-status.routes.js';
import { metaRoutes } from './system/system.routes.js';
import { registerTemplateUsers } from './templates/template-users.js';
import { templateRoutes } from './templates/templates.routes.js';
import { webhookJobs } from './webhooks/webhooks.jobs.js';
import { webhooksProcessor } from './webhooks/webhooks.processor.js';
import { webhookRoutes } from './webhooks/webhooks.routes.js';
import { invitationQrRoutes } from './work-orders/invitation-qr.routes.js';
import { invitationRoutes } from './work-orders/invitations.routes.js';
import { ruleDryRunRoutes } from './work-orders/rule-dry-run.routes.js';
import { workOrderJobs } from './work-orders/work-orders.jobs.js';
import { workOrderRoutes } from './work-orders/work-orders.routes.js';
import { sweepRatingTimeoutsJob, workflowJobs } from './workflows/workflows.jobs.js';
import { workflowRoutes } from './workflows/workflows.routes.js';

/** Every domain module's HTTP routes (mounted under /api/v1). Adding a module = adding a line here. */
export function moduleRoutes(ctx: AppContext): FastifyPluginAsyncZod[] {
  return [
    authRoutes(ctx),
    apiKeyRoutes(ctx),
    auditRoutes(ctx),
    orgRoutes(ctx),
    templateRoutes(ctx),
    ruleRoutes(ctx),
    // The rules' dry run may load a work order, so it lives above both modules (same URL).
    ruleDryRunRoutes(ctx),
    settingsRoutes(ctx),
    slaRoutes(ctx),
    ratingRoutes(ctx),
    publicRatingRoutes(ctx),
    // The work-order list and a work order's ratings carry ratings, so they live above both modules (same URLs).
    workOrderRatingRoutes(ctx),
    workOrderRoutes(ctx),
    workflowRoutes(ctx),
    channelRoutes(ctx),
    // An invitation's QR code and printable card (they show its work order, so they live above both modules).
    invitationQrRoutes(ctx),
    deliveryRoutes(ctx),
    invitationRoutes(ctx),
    setupStatusRoutes(ctx),
    processorRoutes(ctx, eventProcessors),
    liveRoutes(ctx),
    webhookRoutes(ctx),
    analyticsRoutes(ctx),
    storeRoutes(ctx),
    insightRoutes(ctx),
    keywordRoutes(ctx),
    caseRoutes(ctx),
    followUpRoutes(ctx),
    followUpRuleRoutes(ctx),
    alertRuleRoutes(ctx),
    notificationRoutes(ctx),
    exportRoutes(ctx),
    reportRoutes(ctx),
    privacyRoutes(ctx),
    metaRoutes,
  ];
}

// A template a follow-up rule names cannot be archived (the templates module sits below follow-ups).
registerTemplateUsers('follow-up rule', followUpRulesUsingTemplate);

/** Every job definition; registered on the queue in every process, worked where workers run. */
export const jobDefinitions: JobDefinition[] = [
  ...authJobs,
  ...orgJobs,
  ...workOrderJobs,
  ...workflowJobs,
  ...deliveryJobs,
  ...webhookJobs,
  ...exportJobs,
  ...caseJobs,
  ...notificationJobs,
  ...reportJobs,
  ...keywordJobs,
  ...followUpJobs,
  ...portalJobs,
  ...privacyJobs,
];

/** Recurring jobs: [job, cron, payload]; one run per tick across all processes. */
export const schedules: [JobDefinition, string, object][] = [
  [purgeExpiredSessionsJob, '17 * * * *', {}],
  [sweepRatingTimeoutsJob, '*/5 * * * *', {}],
  [sweepRemindersJob, '*/15 * * * *', {}],
  [repairDeliveryJobsJob, '* * * * *', {}],
  [sweepCaseTimersJob, '* * * * *', {}],
  [purgeExportsJob, '*/10 * * * *', {}],
  [dueReportsJob, '*/15 * * * *', {}],
  [assignQueuedTasksJob, '* * * * *', {}],
  [retentionJob, '30 * * * *', { now: false }],
];

/**
 * Every event processor (`events/processors.ts`): run by the event pump in every worker process, each at most one
 * worker at a time. Adding a reaction to events = adding a processor here.
 */
export const eventProcessors: EventProcessor[] = [
  webhooksProcessor,
  analyticsProcessor,
  alertsProcessor,
  notificationsProcessor,
  recoveryProcessor,
  slaChangesProcessor,
  followUpsProcessor,
];
