import { Alert, Button, Modal, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

interface Props {
  open: boolean;
  title: string;
  warning: string;
  secret: string;
  onClose: () => void;
  testId?: string;
}

/** Shows a secret (API key, initial password) exactly once with a copy button. */
export function SecretOnceModal({ open, title, warning, secret, onClose, testId = 'secret-once' }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      mask={{ closable: false }}
      // Once closed, the secret leaves the page (not only hidden): it is shown exactly once.
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose} data-testid={`${testId}-close`}>
          {t('common.secretSaved')}
        </Button>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Alert type="warning" showIcon title={warning} />
        <Typography.Paragraph
          copyable={{ text: secret, tooltips: [t('common.copy'), t('common.copied')] }}
          code
          data-testid={testId}
          style={{ fontSize: 16, wordBreak: 'break-all' }}
        >
          {secret}
        </Typography.Paragraph>
      </Space>
    </Modal>
  );
}
