import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { DIGEST_MODES } from '../../../common/notifications';
import { type Answer, allOf, client, type ItemOf, ok, type RequestBody } from '../../api/client';

/** Shapes of `/api/v1/notifications` (server: modules/notifications/notifications.schemas.ts). */
export type Notification = ItemOf<'/notifications'>;
export type NotificationPreferences = Answer<'/notifications/preferences'>;
export type PreferencesPatch = RequestBody<'/notifications/preferences', 'patch'>;

export const DIGESTS = allOf<NotificationPreferences['digest']>()(DIGEST_MODES);

export const notificationKeys = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread'] as const,
  inbox: ['notifications', 'inbox'] as const,
  preferences: ['notifications', 'preferences'] as const,
};

export const useUnreadCount = (enabled: boolean) =>
  useQuery({
    queryKey: notificationKeys.unread,
    queryFn: () => ok(client.GET('/notifications/unread-count')),
    enabled,
    // The live stream refreshes it at once; this is the fallback when the stream is down.
    refetchInterval: 60_000,
  });

export const useInbox = (enabled: boolean) =>
  useQuery({
    queryKey: notificationKeys.inbox,
    queryFn: () => ok(client.GET('/notifications', { params: { query: { limit: 30 } } })),
    enabled,
  });

export const usePreferences = (enabled = true) =>
  useQuery({
    queryKey: notificationKeys.preferences,
    queryFn: () => ok(client.GET('/notifications/preferences')),
    enabled,
  });

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { ids: string[] } | { all: true }) => ok(client.POST('/notifications/read', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useSavePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PreferencesPatch) => ok(client.PATCH('/notifications/preferences', { body })),
    onSuccess: (saved) => queryClient.setQueryData(notificationKeys.preferences, saved),
  });
}

/** One line for an inbox item, in the console's language (the e-mail says the same: server `message.ts`). */
export function notificationText(n: Notification, t: TFunction): string {
  const values = {
    case: n.caseNumber !== null ? `C-${n.caseNumber}` : '',
    rule: n.ruleName ?? '',
    severity: n.severity ? t(`cases.severity.${n.severity}`, { defaultValue: n.severity }) : '',
    target: n.target ? t(`notifications.target.${n.target}`) : '',
    level: n.level ?? 1,
  };
  if (n.kind === 'alert')
    return t(n.caseNumber !== null ? 'notifications.kind.alertWithCase' : 'notifications.kind.alert', values);
  return t(`notifications.kind.${n.kind}`, values);
}

/** Where an item leads: its case, else its work order. */
export const notificationLink = (n: Notification) =>
  n.caseId ? `/cases/${n.caseId}` : n.workOrderId ? `/work-orders/${n.workOrderId}` : null;
