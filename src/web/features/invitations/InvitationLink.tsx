import { CopyOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Flex, Modal, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useApiError } from '../../app/useApiError';
import { type Invitation, usePermissions } from '../work-orders/workOrdersApi';

type LinkFields = Pick<Invitation, 'id' | 'url' | 'maskedUrl' | 'qr'>;

/** `/r/AbCd…wxyz`: the host is the same for every link, so tables show the path (the tooltip has the whole link). */
const pathOf = (link: string) => link.slice(link.indexOf('/r/'));

const truncated = {
  display: 'inline-block',
  maxWidth: 180,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
  verticalAlign: 'bottom',
  fontFamily: 'monospace',
} as const;

/**
 * An invitation's link. A QR invitation's link is shown in full (the engineer shows it on site). A link that is sent
 * to the customer is masked — whoever holds it could rate in the customer's place — and only a user holding
 * `invitations.reveal_link` gets "Copy link", which asks the server for it (audited) and copies it.
 */
export function InvitationLink({ invitation }: { invitation: LinkFields }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const can = usePermissions();
  const [fallback, setFallback] = useState<string | null>(null);
  const reveal = useMutation({
    mutationFn: () => ok(client.POST('/invitations/{id}/link', { params: { path: { id: invitation.id } } })),
    onSuccess: async ({ url }) => {
      try {
        await navigator.clipboard.writeText(url);
        message.success(t('invitations.link.copied'));
      } catch {
        // No clipboard (plain http, denied): show the link so it can be copied by hand.
        setFallback(url);
      }
    },
    onError: (error) => showError(error),
  });

  if (invitation.qr && invitation.url) {
    // CSS truncation, not antd's `ellipsis`: its measuring element escaped the table cell (a stray box over the menu)
    // and cut the text at the wrong width.
    return (
      <Typography.Text copyable={{ text: invitation.url }} data-testid="link-full">
        <Tooltip title={invitation.url}>
          <span style={truncated}>{pathOf(invitation.url)}</span>
        </Tooltip>
      </Typography.Text>
    );
  }
  return (
    <Flex gap={4} align="center" wrap>
      <Tooltip
        title={
          <>
            {invitation.maskedUrl}
            <br />
            {t('invitations.link.maskedHint')}
          </>
        }
      >
        <Typography.Text
          type="secondary"
          style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}
          data-testid="link-masked"
        >
          {pathOf(invitation.maskedUrl)}
        </Typography.Text>
      </Tooltip>
      {can('invitations.reveal_link') ? (
        <Button
          size="small"
          icon={<CopyOutlined />}
          loading={reveal.isPending}
          onClick={() => reveal.mutate()}
          style={{ whiteSpace: 'nowrap' }}
          data-testid="copy-link"
        >
          {t('invitations.link.copy')}
        </Button>
      ) : null}
      <Modal
        open={fallback !== null}
        onCancel={() => setFallback(null)}
        footer={null}
        title={t('invitations.link.fallbackTitle')}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('invitations.link.fallbackHint')}</Typography.Paragraph>
        <Typography.Paragraph copyable={{ text: fallback ?? '' }} style={{ wordBreak: 'break-all' }}>
          {fallback}
        </Typography.Paragraph>
      </Modal>
    </Flex>
  );
}
