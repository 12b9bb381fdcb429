import { Alert, Grid, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReportPreview } from './reportsApi';

/** What "Send now" answered: whether it was e-mailed (to the caller), and the e-mail as sent. */
export function ReportPreviewModal({ preview, onClose }: { preview: ReportPreview | null; onClose: () => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  if (!preview) return null;
  const { emailedTo, emailError } = preview;
  const known = ['not_requested', 'no_email_address', 'no_email_channel'];
  const status = emailedTo
    ? { type: 'success' as const, text: t('reports.preview.sent', { email: emailedTo }) }
    : emailError && known.includes(emailError)
      ? { type: 'info' as const, text: t(`reports.preview.${emailError}`) }
      : { type: 'warning' as const, text: t('reports.preview.failed', { code: emailError ?? '' }) };
  return (
    <Modal
      open
      width={screens.md ? 760 : '100%'}
      title={t('reports.previewTitle', { period: `${preview.period.firstDay} – ${preview.period.lastDay}` })}
      onCancel={onClose}
      footer={null}
      data-testid="report-preview"
    >
      <Alert
        type={status.type}
        showIcon
        title={status.text}
        style={{ marginBottom: 12 }}
        data-testid="report-preview-status"
      />
      {/* The e-mail's own HTML, isolated: no scripts, no access to the console. */}
      <iframe
        title={preview.subject}
        sandbox=""
        srcDoc={preview.html}
        style={{ width: '100%', height: '60vh', border: '1px solid #d9d9d9', borderRadius: 6 }}
        data-testid="report-preview-frame"
      />
    </Modal>
  );
}
