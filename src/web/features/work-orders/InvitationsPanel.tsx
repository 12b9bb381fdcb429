import { SendOutlined } from '@ant-design/icons';
import type { UseQueryResult } from '@tanstack/react-query';
import { Button, Card, Empty, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormatDate } from '../../app/format';
import { ErrorState } from '../../components/ErrorState';
import { AttemptsTable } from '../invitations/AttemptsTable';
import { InvitationLink } from '../invitations/InvitationLink';
import { InvitationStatusTag } from '../invitations/InvitationStatusTag';
import type { Invitation } from './workOrdersApi';

/**
 * The work order's invitations (status, source, channels, link, submissions; a row opens its delivery attempts) and,
 * once the work order is completed, the button that sends one — labelled as the rating node's main action.
 */
export function InvitationsPanel({
  invitations,
  canSend,
  sending,
  onSend,
  sendLabel,
}: {
  invitations: UseQueryResult<Invitation[]>;
  /** The caller may write and the work order is completed. */
  canSend: boolean;
  sending: boolean;
  onSend: () => void;
  /** The rating node's main button label (for the first invitation). */
  sendLabel: string;
}) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const invitationList = invitations.data ?? [];
  return (
    <Card
      title={t('workOrders.invitations.title')}
      extra={
        canSend ? (
          <Button size="small" icon={<SendOutlined />} loading={sending} onClick={onSend} data-testid="send-invitation">
            {invitationList.length ? t('workOrders.invitations.resend') : sendLabel}
          </Button>
        ) : null
      }
    >
      {invitations.isError ? (
        <ErrorState error={invitations.error} onRetry={() => void invitations.refetch()} />
      ) : (
        <Table<Invitation>
          size="small"
          rowKey="id"
          data-testid="invitations-table"
          loading={invitations.isPending}
          dataSource={invitationList}
          pagination={{ pageSize: 5, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('workOrders.invitations.empty')} /> }}
          expandable={{
            // A fixed expand column makes antd render the expanded row at the card's visible width (sticky), so the
            // attempts table scrolls inside the card instead of widening the invitations table beyond it.
            fixed: 'left',
            expandedRowRender: (row) => <AttemptsTable attempts={row.attempts ?? []} />,
          }}
          columns={[
            {
              title: t('workOrders.statusLabel'),
              dataIndex: 'status',
              key: 'status',
              render: (_: string, row) => <InvitationStatusTag invitation={row} />,
            },
            {
              title: t('workOrders.invitations.source'),
              dataIndex: 'source',
              key: 'source',
              render: (source: string) => t(`workOrders.invitations.sources.${source}`, { defaultValue: source }),
            },
            {
              title: t('workOrders.invitations.channels'),
              dataIndex: 'channels',
              key: 'channels',
              render: (channels: string[]) =>
                channels.map((c) => <Tag key={c}>{t(`rules.channels.${c}`, { defaultValue: c })}</Tag>),
            },
            {
              title: t('invitations.link.title'),
              key: 'link',
              render: (_, row) => <InvitationLink invitation={row} />,
            },
            {
              title: t('workOrders.invitations.submissions'),
              key: 'submissions',
              render: (_, row) => `${row.submissionCount} / ${row.submissionLimit}`,
            },
            { title: t('common.createdAt'), dataIndex: 'createdAt', key: 'createdAt', render: formatDate },
            {
              title: t('workOrders.invitations.opened'),
              dataIndex: 'openedAt',
              key: 'openedAt',
              render: formatDate,
            },
            {
              title: t('workOrders.invitations.submitted'),
              dataIndex: 'firstSubmittedAt',
              key: 'firstSubmittedAt',
              render: formatDate,
            },
          ]}
        />
      )}
    </Card>
  );
}
