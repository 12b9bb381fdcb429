import { Alert, Drawer, Empty, Grid, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormatDate } from '../../app/format';
import { type ReportSchedule, type ReportSend, useReportSends } from './reportsApi';

const STATUS_COLORS: Record<ReportSend['status'], string> = {
  pending: 'processing',
  sent: 'success',
  partial: 'warning',
  failed: 'error',
};

/** The periods a schedule has reported, newest first, with how many recipients got it. */
export function ReportSendsDrawer({ schedule, onClose }: { schedule: ReportSchedule | null; onClose: () => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const formatDate = useFormatDate();
  const sends = useReportSends(schedule?.id ?? null);
  const errorText = (code: string | null) =>
    code ? (t(`reports.errors.${code}`, { defaultValue: code }) as string) : null;
  const recipientText = (r: ReportSend['recipients'][number]) => {
    const language = t(`reports.languages.${r.language}`);
    if (r.status !== 'failed' || !r.errorCode)
      return t('reports.recipientLine', {
        email: r.email,
        language,
        status: t(`reports.recipientStatuses.${r.status}`),
      });
    const reason =
      r.errorCode === 'no_analytics_access'
        ? t('reports.recipientErrors.no_analytics_access')
        : t('reports.recipientErrors.other', { code: r.errorCode });
    return t('reports.recipientError', { email: r.email, language, reason });
  };

  return (
    <Drawer
      open={schedule !== null}
      size={screens.md ? 720 : '100%'}
      title={schedule ? t('reports.sendsTitle', { name: schedule.name }) : ''}
      onClose={onClose}
      destroyOnHidden
      data-testid="report-sends-drawer"
    >
      {sends.isError ? (
        <Alert type="error" showIcon title={t('common.loadFailed')} />
      ) : (
        <Table<ReportSend>
          rowKey="id"
          size="small"
          loading={sends.isLoading}
          dataSource={sends.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: <Empty description={t('reports.sendsEmpty')} /> }}
          scroll={{ x: 520 }}
          data-testid="report-sends-table"
          // Who got it, and why anyone did not: one line per address under the period.
          expandable={{
            // A fixed expand column makes the expanded row as wide as the drawer, not the table's scroll width: on a
            // phone its lines wrap instead of running off the right edge.
            fixed: 'left',
            rowExpandable: (send) => send.recipients.length > 0,
            expandedRowRender: (send) => (
              <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="report-send-recipients">
                {send.recipients.map((r) => (
                  <li key={r.email}>
                    <Typography.Text type={r.status === 'failed' ? 'danger' : undefined}>
                      {recipientText(r)}
                    </Typography.Text>
                  </li>
                ))}
              </ul>
            ),
          }}
          columns={[
            {
              title: t('reports.period'),
              key: 'period',
              width: 210,
              render: (_, send) => `${send.period.firstDay} – ${send.period.lastDay}`,
            },
            {
              title: t('reports.status'),
              key: 'status',
              render: (_, send) => {
                const tag = (
                  <Tag color={STATUS_COLORS[send.status]} data-testid="report-send-status">
                    {t(`reports.statuses.${send.status}`)}
                  </Tag>
                );
                const error = errorText(send.error);
                return error ? <Tooltip title={error}>{tag}</Tooltip> : tag;
              },
            },
            {
              title: t('reports.delivered'),
              key: 'delivered',
              render: (_, send) => (
                <Typography.Text>
                  {t('reports.deliveredOf', { sent: send.sentCount, total: send.recipientsCount })}
                </Typography.Text>
              ),
            },
            {
              title: t('reports.sentAt'),
              dataIndex: 'sentAt',
              key: 'sentAt',
              responsive: ['sm'],
              render: (value: string | null) => (value ? formatDate(value) : '—'),
            },
          ]}
        />
      )}
    </Drawer>
  );
}
