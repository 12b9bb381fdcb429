import { ExpandOutlined, PrinterOutlined, QrcodeOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Grid, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PadModeButton } from './PadModeButton';
import type { Invitation } from './workOrdersApi';

/** The QR image served by the API; hidden when it cannot be loaded so the link alone remains. */
function QrImage({ invitationId, size, testId }: { invitationId: string; size: number; testId: string }) {
  const [failed, setFailed] = useState(false);
  if (failed) return null;
  return (
    <img
      src={`/api/v1/invitations/${invitationId}/qr.svg?size=${Math.min(2048, size * 2)}`}
      alt="QR"
      width={size}
      height={size}
      data-testid={testId}
      style={{ display: 'block', imageRendering: 'pixelated' }}
      onError={() => setFailed(true)}
    />
  );
}

/** The big code: the screen's width less the margins, never taller than the screen leaves room for. */
function bigSize(): number {
  return Math.max(160, Math.min(640, window.innerWidth - 48, window.innerHeight - 200));
}

/**
 * What the engineer shows on site: the QR code of a QR-mode rating node's latest invitation (`qr: true`, the only
 * kind whose link the API shows every reader), its link, print and full screen. `nodeKey` names the node when
 * several QR nodes are waiting at once.
 */
export function QrCardPanel({
  invitation,
  workOrderNumber,
  nodeKey,
}: {
  invitation: Invitation;
  workOrderNumber: string;
  nodeKey?: string;
}) {
  const { t } = useTranslation();
  const [fullScreen, setFullScreen] = useState(false);
  const phone = Grid.useBreakpoint().md === false;
  const full = invitation.submissionCount >= invitation.submissionLimit;
  return (
    <Card
      title={
        <Space>
          <QrcodeOutlined />
          {t('workOrders.qr.title')}
          {nodeKey ? <Typography.Text code>{nodeKey}</Typography.Text> : null}
        </Space>
      }
      data-testid="qr-card"
      data-node-key={nodeKey}
    >
      <Flex gap={24} wrap align="center">
        <div style={{ padding: 8, border: '1px solid #f0f0f0', borderRadius: 8, background: '#fff' }}>
          <QrImage invitationId={invitation.id} size={180} testId="qr-image" />
        </div>
        <Space orientation="vertical" size="small" style={{ flex: 1, minWidth: 240 }}>
          <Typography.Text type="secondary">{t('workOrders.qr.hint')}</Typography.Text>
          {invitation.url ? (
            <Typography.Paragraph copyable={{ text: invitation.url }} style={{ marginBottom: 0 }} data-testid="qr-link">
              <Typography.Link href={invitation.url} target="_blank" rel="noreferrer">
                {invitation.url}
              </Typography.Link>
            </Typography.Paragraph>
          ) : null}
          <Space wrap>
            <Tag color={full ? 'default' : 'green'}>
              {t('workOrders.qr.submissions', {
                count: invitation.submissionCount,
                limit: invitation.submissionLimit,
              })}
            </Tag>
            <Tag>{t(`workOrders.invitations.statuses.${invitation.status}`, { defaultValue: invitation.status })}</Tag>
          </Space>
          <Space wrap>
            {full ? null : <PadModeButton workOrderId={invitation.workOrderId} invitationId={invitation.id} />}
            <Button
              icon={<PrinterOutlined />}
              href={`/api/v1/invitations/${invitation.id}/card`}
              target="_blank"
              data-testid="qr-print"
            >
              {t('workOrders.qr.print')}
            </Button>
            <Button icon={<ExpandOutlined />} onClick={() => setFullScreen(true)} data-testid="qr-fullscreen">
              {t('workOrders.qr.fullScreen')}
            </Button>
          </Space>
        </Space>
      </Flex>
      {/* Screen-wide: the customer scans it from the engineer's phone, so the code takes all the width there is. */}
      <Modal
        open={fullScreen}
        onCancel={() => setFullScreen(false)}
        footer={null}
        width={phone ? '100vw' : 'min(92vw, 720px)'}
        style={phone ? { top: 0, maxWidth: '100vw', margin: 0, paddingBottom: 0 } : undefined}
        styles={phone ? { container: { minHeight: '100dvh', borderRadius: 0, padding: 16 } } : undefined}
        centered={!phone}
        destroyOnHidden
        title={t('workOrders.qr.fullScreenTitle', { number: workOrderNumber })}
      >
        <Flex vertical align="center" gap={16} style={{ padding: '8px 0 16px' }} data-testid="qr-fullscreen-modal">
          <Typography.Title level={3} style={{ margin: 0, textAlign: 'center' }}>
            {t('workOrders.qr.scanPrompt')}
          </Typography.Title>
          <QrImage invitationId={invitation.id} size={bigSize()} testId="qr-image-big" />
          <Typography.Text type="secondary">{workOrderNumber}</Typography.Text>
        </Flex>
      </Modal>
    </Card>
  );
}
