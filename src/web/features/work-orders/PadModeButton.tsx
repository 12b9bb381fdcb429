import { TabletOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { client, ok } from '../../api/client';
import { SESSION_KEY, useAuth } from '../../app/auth';
import { useApiError } from '../../app/useApiError';

/**
 * Pad mode ("rate on this device", issue 20): after a confirmation, the server suspends this console session and
 * answers the customer page's path with the pad token; the console shows its lock screen (so Back or a page restored
 * from the back/forward cache shows nothing but it) and the browser opens the customer page in its place.
 */
export function PadModeButton({ workOrderId, invitationId }: { workOrderId: string; invitationId: string }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const { session, setSession } = useAuth();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const onError = useApiError();
  const [starting, setStarting] = useState(false);

  const start = async () => {
    setStarting(true);
    try {
      const { url } = await ok(
        client.POST('/work-orders/{id}/pad', { params: { path: { id: workOrderId } }, body: { invitationId } }),
      );
      // Nothing of the console stays in memory behind the customer's page.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      if (session) setSession({ ...session, locked: true, padWorkOrderId: workOrderId });
      navigate('/unlock', { replace: true });
      // Let the lock screen render first: that is the page Back would restore.
      window.setTimeout(() => window.location.assign(url), 50);
    } catch (error) {
      setStarting(false);
      onError(error);
    }
  };

  const confirm = () =>
    modal.confirm({
      title: t('workOrders.qr.padTitle'),
      content: t('workOrders.qr.padBody'),
      icon: <TabletOutlined />,
      okText: t('workOrders.qr.padOk'),
      cancelText: t('workOrders.qr.padCancel'),
      okButtonProps: { 'data-testid': 'pad-confirm' } as Record<string, string>,
      onOk: start,
    });

  return (
    <Button type="primary" icon={<TabletOutlined />} onClick={confirm} loading={starting} data-testid="pad-mode">
      {t('workOrders.qr.pad')}
    </Button>
  );
}
