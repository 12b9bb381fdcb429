import type { TFunction } from 'i18next';
import { type UrlSpec, urlParam } from '../../components/useListState';

/** Every `entityType` the server records (auditText.test.ts reads the server's `recordAudit` calls to check). */
export const AUDIT_ENTITY_TYPES = [
  'account',
  'alert_rule',
  'api_key',
  'business_calendar',
  'channel_config',
  'contact',
  'delivery_problem',
  'department',
  'employee',
  'employee_import',
  'follow_up_rule',
  'invitation',
  'keyword_dictionary',
  'message_template',
  'rating_rule',
  'rating_template',
  'report_schedule',
  'service_type',
  'settings',
  'sla_policy',
  'touchpoint',
  'user',
  'webhook_endpoint',
  'work_order',
  'work_order_import',
];

/** An audit action (`rating_template.draft_saved`) in the console's language; the code itself when unknown. */
export function auditActionText(t: TFunction, action: string): string {
  return t(`audit.actions.${action}`, { defaultValue: action });
}

/** An entity type (`work_order`) in the console's language; the code itself when unknown. */
export function auditEntityText(t: TFunction, entityType: string): string {
  return t(`audit.entities.${entityType}`, { defaultValue: entityType });
}

/** The audit log's filters (GET /audit-events); `from`/`to` are ISO instants. */
export interface AuditFilters {
  entityType?: string;
  action?: string;
  from?: string;
  to?: string;
}

export const auditFiltersUrl: UrlSpec<AuditFilters> = {
  entityType: urlParam.oneOf(AUDIT_ENTITY_TYPES),
  action: urlParam.text(),
  from: urlParam.instant(),
  to: urlParam.instant(),
};

export const auditKeys = {
  all: ['audit-events'] as const,
  list: (query: object) => [...auditKeys.all, 'list', query] as const,
};
