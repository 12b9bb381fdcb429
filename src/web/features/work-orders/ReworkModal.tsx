import { Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { inputLimit } from '../../components/inputLimit';

/**
 * Sends a completed work order back for rework (completed → in service): the reason is required (the server answers
 * 422 without one) and lands in the timeline and the audit log; the nodes run again in a new round.
 */
export function ReworkModal({
  open,
  title,
  round,
  reworking,
  onRework,
  onCancel,
}: {
  open: boolean;
  /** The action's label: the follow-up node's "send back" label, or the default. */
  title: string;
  /** The round the rework starts. */
  round: number;
  reworking: boolean;
  onRework: (reason: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onCancel}
      okText={title}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !reason.trim(), loading: reworking, danger: true }}
      onOk={() => onRework(reason.trim())}
      afterClose={() => setReason('')}
      destroyOnHidden
      data-testid="rework-modal"
    >
      <Typography.Paragraph type="secondary">{t('workOrders.rework.hint', { round })}</Typography.Paragraph>
      <Input.TextArea
        autoFocus
        rows={3}
        {...inputLimit(500)}
        showCount
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        placeholder={t('workOrders.rework.reason')}
        aria-label={t('workOrders.rework.reason')}
        data-testid="rework-reason"
      />
    </Modal>
  );
}
