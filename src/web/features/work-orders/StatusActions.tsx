import {
  CheckOutlined,
  CloseCircleOutlined,
  LockOutlined,
  PlayCircleOutlined,
  RollbackOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import { Button, Popconfirm, Space } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkOrderDetail, WorkOrderStatus } from './workOrdersApi';

/** The forward actions, in the order the buttons appear; `new` (unassign) is left to the API. */
const ACTIONS: { to: WorkOrderStatus; key: string; icon: ReactNode; primary?: boolean; danger?: boolean }[] = [
  { to: 'assigned', key: 'assign', icon: <UserAddOutlined /> },
  { to: 'in_service', key: 'start', icon: <PlayCircleOutlined /> },
  { to: 'completed', key: 'complete', icon: <CheckOutlined /> },
  { to: 'closed', key: 'close', icon: <LockOutlined /> },
  { to: 'cancelled', key: 'cancel', icon: <CloseCircleOutlined />, danger: true },
];

function nextForward(status: WorkOrderStatus): WorkOrderStatus | null {
  const order: WorkOrderStatus[] = ['new', 'assigned', 'in_service', 'completed', 'closed'];
  const index = order.indexOf(status);
  return index >= 0 && index < order.length - 1 ? (order[index + 1] ?? null) : null;
}

/**
 * The buttons the work order's state allows, as action keys in order: from `completed`, `in_service` is `rework`,
 * left out without the rework permission (engineers do not have it; the server answers 403).
 */
export function visibleActions(
  status: WorkOrderStatus,
  allowed: readonly WorkOrderStatus[],
  canRework: boolean,
): { to: WorkOrderStatus; key: string }[] {
  return ACTIONS.flatMap((action) => {
    if (!allowed.includes(action.to)) return [];
    if (status === 'completed' && action.to === 'in_service')
      return canRework ? [{ to: action.to, key: 'rework' }] : [];
    return [{ to: action.to, key: action.key }];
  });
}

/**
 * The status buttons the work order's state allows (the next step primary; cancelling asks first). From `completed`,
 * `in_service` is rework: "send back for rework" (`reworkLabel`), shown only with the rework permission, asks why.
 */
export function StatusActions({
  workOrder,
  moving,
  onMove,
  onAssign,
  canRework,
  reworkLabel,
  onRework,
}: {
  workOrder: WorkOrderDetail;
  /** The status being moved to, while the request runs. */
  moving: WorkOrderStatus | undefined;
  onMove: (status: WorkOrderStatus) => void;
  /** "Assign" asks for whom (AssignModal) instead of moving the status alone. */
  onAssign: () => void;
  /** The user has `work_orders.rework`. */
  canRework: boolean;
  reworkLabel: string;
  /** "Send back for rework" asks why (ReworkModal). */
  onRework: () => void;
}) {
  const { t } = useTranslation();
  const byKey = new Map(ACTIONS.map((action) => [action.key, action]));
  return (
    <Space wrap data-testid="status-actions">
      {visibleActions(workOrder.status, workOrder.allowedTransitions, canRework).map(({ to, key }) => {
        const action = { ...(byKey.get(key) ?? { icon: null, danger: false }), to, key };
        if (key === 'rework') {
          return (
            <Button
              key="rework"
              icon={<RollbackOutlined />}
              disabled={moving !== undefined}
              loading={moving === action.to}
              data-testid="action-rework"
              onClick={onRework}
            >
              {reworkLabel}
            </Button>
          );
        }
        const button = (
          <Button
            key={action.key}
            icon={action.icon}
            danger={action.danger}
            type={action.to === nextForward(workOrder.status) ? 'primary' : 'default'}
            loading={moving === action.to}
            disabled={moving !== undefined}
            data-testid={`action-${action.key}`}
            onClick={action.danger ? undefined : action.key === 'assign' ? onAssign : () => onMove(action.to)}
          >
            {t(`workOrders.actions.${action.key}`)}
          </Button>
        );
        return action.danger ? (
          <Popconfirm
            key={action.key}
            title={t('workOrders.actions.cancelConfirm')}
            okText={t('workOrders.actions.cancel')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => onMove(action.to)}
          >
            {button}
          </Popconfirm>
        ) : (
          button
        );
      })}
    </Space>
  );
}
