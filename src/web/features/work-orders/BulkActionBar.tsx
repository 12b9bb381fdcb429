import { DownOutlined, SendOutlined } from '@ant-design/icons';
import { Button, Dropdown, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { WORK_ORDER_STATUSES, type WorkOrderStatus } from './workOrdersApi';

/** The bar over the work-order table while rows are selected: send invitations, change status, clear. */
export function BulkActionBar({
  count,
  busy,
  onSend,
  onStatus,
  onClear,
}: {
  count: number;
  busy: boolean;
  onSend: () => void;
  onStatus: (status: WorkOrderStatus) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Flex
      align="center"
      wrap
      gap={12}
      style={{ marginBottom: 12, padding: '8px 12px', background: '#f0f5ff', borderRadius: 6 }}
      data-testid="bulk-bar"
    >
      <Typography.Text>{t('workOrders.bulk.selected', { count })}</Typography.Text>
      <Button
        type="primary"
        size="small"
        icon={<SendOutlined />}
        loading={busy}
        onClick={onSend}
        data-testid="bulk-send"
      >
        {t('workOrders.bulk.send')}
      </Button>
      <Dropdown
        disabled={busy}
        menu={{
          items: WORK_ORDER_STATUSES.filter((status) => status !== 'new').map((status) => ({
            key: status,
            label: t(`workOrders.status.${status}`),
          })),
          onClick: ({ key }) => onStatus(key as WorkOrderStatus),
        }}
      >
        <Button size="small" data-testid="bulk-status">
          {t('workOrders.bulk.status')} <DownOutlined />
        </Button>
      </Dropdown>
      <Button size="small" type="link" onClick={onClear}>
        {t('workOrders.bulk.clear')}
      </Button>
    </Flex>
  );
}
