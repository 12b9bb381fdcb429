import { Form, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmployeeSelect } from '../../components/EmployeeSelect';
import type { WorkOrderDetail } from './workOrdersApi';

/**
 * "Assign" asks for whom: the engineer picked here becomes the work order's engineer as it moves to `assigned`
 * (one PATCH with `status` and `engineerIds`). Starts from the work order's first engineer, if any.
 */
export function AssignModal({
  workOrder,
  open,
  assigning,
  onAssign,
  onCancel,
}: {
  workOrder: WorkOrderDetail;
  open: boolean;
  assigning: boolean;
  onAssign: (engineerId: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const current = workOrder.engineers[0] ?? null;
  const [engineerId, setEngineerId] = useState<string | null>(current?.id ?? null);
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    if (open) {
      setEngineerId(current?.id ?? null);
      setTouched(false);
    }
  }, [open, current?.id]);
  const missing = touched && !engineerId;
  return (
    <Modal
      open={open}
      title={t('workOrders.actions.assignTitle')}
      okText={t('workOrders.actions.assign')}
      cancelText={t('common.cancel')}
      confirmLoading={assigning}
      onCancel={onCancel}
      onOk={() => {
        setTouched(true);
        if (engineerId) onAssign(engineerId);
      }}
      destroyOnHidden
      data-testid="assign-modal"
    >
      <Form layout="vertical" requiredMark>
        <Form.Item
          label={t('workOrders.actions.assignTo')}
          required
          validateStatus={missing ? 'error' : undefined}
          help={missing ? t('workOrders.actions.assignPick') : undefined}
          htmlFor="assign-engineer"
        >
          <EmployeeSelect
            value={engineerId}
            initialLabel={current?.name ?? null}
            onChange={(id) => setEngineerId(id)}
            style={{ width: '100%' }}
            id="assign-engineer"
            data-testid="assign-engineer"
          />
        </Form.Item>
        <Typography.Text type="secondary">{t('workOrders.actions.assignHelp')}</Typography.Text>
      </Form>
    </Modal>
  );
}
