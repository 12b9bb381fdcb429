import { Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { inputLimit } from '../../components/inputLimit';

/** Asks why the rating node (the one clicked) is skipped (the reason is required and lands in the timeline and the audit log). */
export function SkipRatingModal({
  open,
  nodeKey,
  reason,
  onReasonChange,
  skipping,
  onSkip,
  onCancel,
}: {
  open: boolean;
  /** The node being skipped (several rating nodes may be waiting). */
  nodeKey?: string;
  reason: string;
  onReasonChange: (reason: string) => void;
  skipping: boolean;
  onSkip: (reason: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open={open}
      title={nodeKey ? t('workOrders.nodes.skipTitleOf', { node: nodeKey }) : t('workOrders.nodes.skipTitle')}
      onCancel={onCancel}
      okText={t('workOrders.nodes.skip')}
      okButtonProps={{ disabled: !reason.trim(), loading: skipping, danger: true }}
      onOk={() => onSkip(reason.trim())}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('workOrders.nodes.skipHint')}</Typography.Paragraph>
      <Input.TextArea
        autoFocus
        rows={3}
        {...inputLimit(500)}
        showCount
        value={reason}
        onChange={(event) => onReasonChange(event.target.value)}
        placeholder={t('workOrders.nodes.skipReason')}
        aria-label={t('workOrders.nodes.skipReason')}
        data-testid="skip-reason"
      />
    </Modal>
  );
}
