import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useApiError } from '../../app/useApiError';
import { webhookKeys } from './webhooksApi';

/** "Send test event": a `webhook.test` delivery sent now; the toast says what the receiver answered. */
export function useSendTestEvent() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (endpointId: string) =>
      ok(client.POST('/webhook-endpoints/{id}/test', { params: { path: { id: endpointId } } })),
    onSuccess: async (delivery) => {
      const last = delivery.attemptLog.at(-1);
      if (delivery.status === 'succeeded') {
        message.success(t('webhooks.testSucceeded', { status: last?.responseStatus ?? '—' }));
      } else {
        message.warning(
          t('webhooks.testFailed', {
            reason: last?.error ?? (last?.responseStatus ? `HTTP ${last.responseStatus}` : '—'),
          }),
        );
      }
      await queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(delivery.endpointId) });
    },
    onError: (error) => onError(error),
  });
}
