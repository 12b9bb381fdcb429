import { DeleteOutlined, EditOutlined, HistoryOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Grid, Popconfirm, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useFormatDate } from '../../app/format';
import { useApiError } from '../../app/useApiError';
import { ListPage } from '../../components/ListPage';
import { ReportPreviewModal } from './ReportPreviewModal';
import { ReportScheduleDrawer } from './ReportScheduleDrawer';
import { ReportSendsDrawer } from './ReportSendsDrawer';
import { type ReportPreview, type ReportSchedule, reportKeys, useReportSchedules } from './reportsApi';

/** Analytics → Scheduled reports: weekly / monthly e-mails of the figures (issue 18). */
export function ReportsPage() {
  const { t, i18n } = useTranslation();
  const phone = Grid.useBreakpoint().sm === false;
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const formatDate = useFormatDate();
  const schedules = useReportSchedules();
  const [editing, setEditing] = useState<ReportSchedule | null | undefined>(undefined);
  const [history, setHistory] = useState<ReportSchedule | null>(null);
  const [preview, setPreview] = useState<ReportPreview | null>(null);

  const toggle = useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
      ok(client.PATCH('/report-schedules/{id}', { params: { path: { id } }, body: { enabled } })),
    onSuccess: (updated) =>
      queryClient.setQueryData<ReportSchedule[]>(reportKeys.all, (old) =>
        old?.map((s) => (s.id === updated.id ? updated : s)),
      ),
    onError: (error) => onError(error),
  });

  const remove = useMutation({
    mutationFn: (id: string) => ok(client.DELETE('/report-schedules/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      message.success(t('common.deleted'));
      await queryClient.invalidateQueries({ queryKey: reportKeys.all });
    },
    onError: (error) => onError(error),
  });

  const sendNow = useMutation({
    mutationFn: (id: string) =>
      ok(
        client.POST('/report-schedules/{id}/preview', {
          params: { path: { id } },
          body: { language: i18n.language === 'en' ? 'en' : 'zh-CN', email: true },
        }),
      ),
    onSuccess: (answer) => setPreview(answer),
    onError: (error) => onError(error),
  });

  const columns: ColumnsType<ReportSchedule> = [
    {
      title: t('reports.name'),
      key: 'name',
      width: phone ? 170 : 280,
      render: (_, s) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong data-testid="report-row-name">
            {s.name}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('reports.recipientsCount', { count: s.recipients.length })}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('reports.cadence'),
      key: 'cadence',
      width: 90,
      render: (_, s) => <Tag data-testid="report-row-cadence">{t(`reports.cadenceShort.${s.cadence}`)}</Tag>,
    },
    {
      title: t('reports.enabled'),
      key: 'enabled',
      width: 80,
      render: (_, s) => (
        <Switch
          size="small"
          checked={s.enabled}
          loading={toggle.isPending && toggle.variables?.id === s.id}
          onChange={(enabled) => toggle.mutate({ id: s.id, enabled })}
          aria-label={t('reports.enabledOf', { name: s.name })}
          data-testid="report-enabled-switch"
        />
      ),
    },
    {
      title: t('reports.lastSend'),
      key: 'lastSend',
      responsive: ['md'],
      render: (_, s) =>
        s.lastSend ? (
          <Space size={4} wrap>
            <Tag>{t(`reports.statuses.${s.lastSend.status}`)}</Tag>
            <Typography.Text type="secondary">{s.lastSend.sentAt ? formatDate(s.lastSend.sentAt) : ''}</Typography.Text>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('reports.never')}</Typography.Text>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 170,
      render: (_, s) => (
        <Space size={4}>
          <Tooltip title={t('reports.sendNowHelp')}>
            <Button
              size="small"
              icon={<SendOutlined />}
              aria-label={t('reports.sendNow')}
              loading={sendNow.isPending && sendNow.variables === s.id}
              onClick={() => sendNow.mutate(s.id)}
              data-testid="report-send-now"
            />
          </Tooltip>
          <Tooltip title={t('reports.sends')}>
            <Button
              size="small"
              icon={<HistoryOutlined />}
              aria-label={t('reports.sends')}
              onClick={() => setHistory(s)}
              data-testid="report-history"
            />
          </Tooltip>
          <Tooltip title={t('common.edit')}>
            <Button
              size="small"
              icon={<EditOutlined />}
              aria-label={t('common.edit')}
              onClick={() => setEditing(s)}
              data-testid="report-edit"
            />
          </Tooltip>
          <Popconfirm
            title={t('reports.deleteConfirm', { name: s.name })}
            description={t('reports.deleteHelp')}
            okText={t('common.delete')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => remove.mutate(s.id)}
          >
            <Button
              size="small"
              danger
              icon={<DeleteOutlined />}
              aria-label={t('common.delete')}
              data-testid="report-delete"
            />
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <ListPage<ReportSchedule>
      title={t('nav.reports')}
      actions={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="add-report">
          {t('reports.add')}
        </Button>
      }
      toolbar={<Typography.Paragraph type="secondary">{t('reports.intro')}</Typography.Paragraph>}
      query={{
        data: { items: schedules.data ?? [] },
        isError: schedules.isError,
        error: schedules.error,
        isFetching: schedules.isLoading,
        isPlaceholderData: false,
        refetch: () => schedules.refetch(),
      }}
      tableTestId="reports-table"
      testIdPrefix="reports"
      emptyText={t('reports.empty')}
      table={{ rowKey: 'id', columns, scroll: { x: 640 } }}
    >
      <ReportScheduleDrawer
        open={editing !== undefined}
        schedule={editing ?? null}
        onClose={() => setEditing(undefined)}
      />
      <ReportSendsDrawer schedule={history} onClose={() => setHistory(null)} />
      <ReportPreviewModal preview={preview} onClose={() => setPreview(null)} />
    </ListPage>
  );
}
