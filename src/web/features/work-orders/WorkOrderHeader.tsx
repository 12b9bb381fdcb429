import { Alert, Card, Flex, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormatDate } from '../../app/format';
import { OutboundCallButton } from './OutboundCallButton';
import { StatusActions } from './StatusActions';
import { PRIORITY_COLORS, STATUS_COLORS, type WorkOrderDetail, type WorkOrderStatus } from './workOrdersApi';

/** The work order's number, status, priority and subject, its status buttons, and a status conflict (409). */
export function WorkOrderHeader({
  workOrder: wo,
  canWrite,
  moving,
  onMove,
  onAssign,
  conflict,
  onCloseConflict,
  canRework,
  reworkLabel,
  onRework,
  canCall,
}: {
  workOrder: WorkOrderDetail;
  canWrite: boolean;
  moving: WorkOrderStatus | undefined;
  onMove: (status: WorkOrderStatus) => void;
  onAssign: () => void;
  conflict: string | null;
  onCloseConflict: () => void;
  canRework: boolean;
  reworkLabel: string;
  onRework: () => void;
  /** Follow-up staff: the Outbound button, when work orders are outbound call targets. */
  canCall: boolean;
}) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  return (
    <Card>
      <Flex justify="space-between" align="flex-start" wrap gap={16}>
        <Space orientation="vertical" size={4}>
          <Space wrap align="center">
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="work-order-number">
              {wo.number}
            </Typography.Title>
            <Tag color={STATUS_COLORS[wo.status]} data-testid="work-order-status">
              {t(`workOrders.status.${wo.status}`)}
            </Tag>
            <Tag color={PRIORITY_COLORS[wo.priority]}>{t(`workOrders.priority.${wo.priority}`)}</Tag>
            {wo.round > 1 ? (
              <Tag color="orange" data-testid="work-order-round">
                {t('workOrders.nodes.roundRework', { round: wo.round })}
              </Tag>
            ) : null}
          </Space>
          <Typography.Text style={{ fontSize: 16 }}>{wo.subject}</Typography.Text>
          <Typography.Text type="secondary">
            {wo.serviceType.name} · {t('common.createdAt')} {formatDate(wo.createdAt)}
          </Typography.Text>
        </Space>
        <Space wrap>
          {canCall ? <OutboundCallButton workOrderId={wo.id} hasPhone={!!wo.customer.phone} /> : null}
          {canWrite ? (
            <StatusActions
              workOrder={wo}
              moving={moving}
              onMove={onMove}
              onAssign={onAssign}
              canRework={canRework}
              reworkLabel={reworkLabel}
              onRework={onRework}
            />
          ) : null}
        </Space>
      </Flex>
      {conflict ? (
        <Alert
          style={{ marginTop: 16 }}
          type="warning"
          showIcon
          closable={{ onClose: onCloseConflict }}
          title={t('workOrders.detail.conflict')}
          description={conflict}
          data-testid="status-conflict"
        />
      ) : null}
    </Card>
  );
}
