import { Empty, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormatDate } from '../../app/format';
import type { DeliveryAttempt } from '../work-orders/workOrdersApi';
import { ATTEMPT_COLORS } from './invitationsApi';

/** The delivery attempts of one invitation (the expandable row of the work-order invitation panel). */
export function AttemptsTable({ attempts }: { attempts: DeliveryAttempt[] }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  return (
    <Table<DeliveryAttempt>
      size="small"
      rowKey="id"
      data-testid="attempts-table"
      dataSource={attempts}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{
        emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('invitations.attempts.empty')} />,
      }}
      columns={[
        {
          title: t('invitations.attempts.channel'),
          dataIndex: 'channel',
          key: 'channel',
          render: (channel: string, a) => (
            <>
              {t(`rules.channels.${channel}`, { defaultValue: channel })}
              {a.provider ? <Typography.Text type="secondary"> · {a.provider}</Typography.Text> : null}
            </>
          ),
        },
        {
          title: t('invitations.attempts.attemptNo'),
          key: 'attemptNo',
          render: (_, a) => (
            <>
              #{a.attemptNo}
              {a.round > 0 ? (
                <Typography.Text type="secondary">
                  {' '}
                  ({t('invitations.attempts.reminder', { n: a.round })})
                </Typography.Text>
              ) : null}
            </>
          ),
        },
        {
          title: t('invitations.attempts.status'),
          key: 'status',
          render: (_, a) => (
            <>
              <Tag color={ATTEMPT_COLORS[a.status] ?? 'default'}>{t(`invitations.results.${a.status}`)}</Tag>
              {a.receiptStatus ? (
                <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                  {t('invitations.attempts.receipt', {
                    status: t(`invitations.attempts.receipts.${a.receiptStatus}`),
                  })}
                  {a.receiptErrorCode ? ` (${a.receiptErrorCode})` : ''}
                </Typography.Text>
              ) : null}
            </>
          ),
        },
        {
          title: t('invitations.attempts.error'),
          key: 'error',
          render: (_, a) =>
            a.errorKind || a.errorCode ? (
              <>
                {a.errorKind ? t(`invitations.errorKinds.${a.errorKind}`, { defaultValue: a.errorKind }) : null}
                {a.errorCode ? (
                  <Typography.Text code style={{ marginInlineStart: 4, whiteSpace: 'nowrap' }}>
                    {a.errorCode}
                  </Typography.Text>
                ) : null}
              </>
            ) : (
              '—'
            ),
        },
        {
          title: t('invitations.attempts.detail'),
          dataIndex: 'detail',
          key: 'detail',
          ellipsis: { showTitle: false },
          width: 220,
          render: (detail: string | null) =>
            detail ? (
              <Tooltip title={detail}>
                <span>{detail}</span>
              </Tooltip>
            ) : (
              '—'
            ),
        },
        {
          title: t('invitations.attempts.providerMessageId'),
          dataIndex: 'providerMessageId',
          key: 'providerMessageId',
          render: (id: string | null) => (id ? <Typography.Text copyable>{id}</Typography.Text> : '—'),
        },
        {
          title: t('invitations.attempts.startedAt'),
          dataIndex: 'startedAt',
          key: 'startedAt',
          render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDate(v)}</span>,
        },
        {
          title: t('invitations.attempts.finishedAt'),
          dataIndex: 'finishedAt',
          key: 'finishedAt',
          render: (v: string | null) => <span style={{ whiteSpace: 'nowrap' }}>{formatDate(v)}</span>,
        },
        {
          title: t('invitations.attempts.duration'),
          dataIndex: 'durationMs',
          key: 'durationMs',
          align: 'right',
          render: (ms: number | null) => (ms === null ? '—' : t('invitations.attempts.durationMs', { ms })),
        },
      ]}
    />
  );
}
