import { useQuery } from '@tanstack/react-query';
import { ROLES } from '../../../common/roles';
import { type Answer, allOf, client, type ItemOf, ok, type RequestBody } from '../../api/client';

/** Shapes of `/api/v1/report-schedules`, derived from the generated schema (server: modules/reports/reports.*). */
export type ReportSchedule = ItemOf<'/report-schedules'>;
export type ReportRecipient = ReportSchedule['recipients'][number];
export type ReportRecipientKind = ReportRecipient['kind'];
export type ReportLanguage = NonNullable<ReportRecipient['language']>;
export type ReportCadence = ReportSchedule['cadence'];
export type ReportSend = ItemOf<'/report-schedules/{id}/sends'>;
export type ReportPreview = Answer<'/report-schedules/{id}/preview', 'post'>;
export type ReportScheduleBody = RequestBody<'/report-schedules', 'post'>;
type Role = Extract<ReportRecipient, { kind: 'role' }>['role'];

export const CADENCES = allOf<ReportCadence>()(['weekly', 'monthly']);
export const REPORT_LANGUAGES = allOf<ReportLanguage>()(['zh-CN', 'en']);
export const RECIPIENT_KINDS = allOf<ReportRecipientKind>()(['employee', 'role', 'email']);
export const REPORT_ROLES = allOf<Role>()(ROLES);

export const reportKeys = {
  all: ['report-schedules'] as const,
  sends: (id: string) => [...reportKeys.all, id, 'sends'] as const,
};

export function useReportSchedules() {
  return useQuery({
    queryKey: reportKeys.all,
    queryFn: () => ok(client.GET('/report-schedules')).then((list) => list.items),
  });
}

export function useReportSends(id: string | null) {
  return useQuery({
    queryKey: reportKeys.sends(id ?? ''),
    queryFn: () => ok(client.GET('/report-schedules/{id}/sends', { params: { path: { id: id! } } })),
    enabled: id !== null,
  });
}
