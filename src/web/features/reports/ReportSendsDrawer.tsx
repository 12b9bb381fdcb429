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
          columns={[
            {
              title: t('reports.period'),
              key: 'period',
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
                <Tooltip
                  title={send.recipients.map((r) => `${r.email} (${t(`reports.languages.${r.language}`)})`).join(', ')}
                >
                  <Typography.Text>
                    {t('reports.deliveredOf', { sent: send.sentCount, total: send.recipientsCount })}
                  </Typography.Text>
                </Tooltip>
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
