import { PhoneOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useApiError } from '../../app/useApiError';
import { dialTel } from '../../components/dialTel';

/**
 * The work order's Outbound (外呼) button — the seed's call-centre integration: shown to follow-up staff when work
 * orders are marked as outbound call targets (call-centre settings). A `tel:` link opens the phone's dialler; a
 * click-to-call rings the caller's own phone first, then the customer.
 */
export function OutboundCallButton({ workOrderId, hasPhone }: { workOrderId: string; hasPhone: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const status = useQuery({
    queryKey: ['follow-ups', 'call-centre', 'status'],
    queryFn: () => ok(client.GET('/follow-ups/call-centre/status')),
    staleTime: 60_000,
  });
  const call = useMutation({
    mutationFn: () => ok(client.POST('/work-orders/{id}/outbound-call', { params: { path: { id: workOrderId } } })),
    onSuccess: (answer) => {
      if (answer.kind === 'link') dialTel(answer.href);
      else message.success(t('workOrders.outbound.placed'));
    },
    onError: (error) => onError(error),
  });
  if (!status.data?.workOrderOutbound) return null;
  return (
    <Button
      icon={<PhoneOutlined />}
      data-testid="work-order-outbound"
      disabled={!hasPhone}
      title={hasPhone ? undefined : t('workOrders.outbound.noPhone')}
      loading={call.isPending}
      onClick={() => call.mutate()}
    >
      {t('workOrders.outbound.action')}
    </Button>
  );
}
