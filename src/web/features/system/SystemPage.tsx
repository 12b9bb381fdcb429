import { CheckCircleOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Space, Table, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client, ok } from '../../api/client';
import { useFormatDate } from '../../app/format';
import { useApiError } from '../../app/useApiError';
import { ErrorState } from '../../components/ErrorState';
import {
  durationParts,
  LAG_WARNING_SECONDS,
  type ProcessorFailure,
  type ProcessorStatus,
  type RepairCount,
  SYSTEM_REFRESH_MS,
  systemKeys,
} from './systemApi';

/** "2 h 5 min", "3 min 12 s", "4 s". */
export function durationText(t: TFunction, seconds: number): string {
  const { h, m, s } = durationParts(seconds);
  if (h > 0) return t('system.duration.hm', { h, m });
  if (m > 0) return t('system.duration.ms', { m, s });
  return t('system.duration.s', { s });
}

function LagText({ seconds }: { seconds: number }) {
  const { t } = useTranslation();
  const late = seconds > LAG_WARNING_SECONDS;
  return (
    // A dark amber (WCAG AA on white), not antd's warning text colour.
    <Typography.Text strong={late} style={late ? { color: '#874d00' } : undefined} data-testid="processor-lag">
      {late ? <WarningOutlined /> : null} {durationText(t, seconds)}
    </Typography.Text>
  );
}

/** Settings → System: the event processors' lag, their failed and parked events (retry), and the repair counts. */
export function SystemPage() {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const overview = useQuery({
    queryKey: systemKeys.processors,
    queryFn: () => ok(client.GET('/system/processors')),
    refetchInterval: SYSTEM_REFRESH_MS,
  });
  const retry = useMutation({
    mutationFn: (failure: ProcessorFailure) =>
      ok(
        client.POST('/system/processors/{name}/events/{seq}/retry', {
          params: { path: { name: failure.processor, seq: failure.eventSeq } },
        }),
      ),
    onSuccess: async () => {
      message.success(t('system.retried'));
      await queryClient.invalidateQueries({ queryKey: systemKeys.processors });
    },
    onError: (error) => onError(error),
  });

  if (overview.isError && !overview.data) {
    return <ErrorState error={overview.error} onRetry={() => overview.refetch()} />;
  }
  const data = overview.data;
  const loading = overview.isPending;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap="small">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('system.title')}
        </Typography.Title>
        <Button icon={<ReloadOutlined />} onClick={() => overview.refetch()} loading={overview.isFetching}>
          {t('system.refresh')}
        </Button>
      </Flex>
      <Typography.Text type="secondary">{t('system.help')}</Typography.Text>

      <Card title={t('system.processors')}>
        <Table<ProcessorStatus>
          data-testid="processors-table"
          rowKey="name"
          size="middle"
          loading={loading}
          dataSource={data?.processors ?? []}
          pagination={false}
          scroll={{ x: 700 }}
          locale={{ emptyText: <Empty description={t('system.noProcessors')} /> }}
          columns={[
            {
              title: t('system.name'),
              dataIndex: 'name',
              key: 'name',
              render: (name: string) => <Typography.Text code>{name}</Typography.Text>,
            },
            { title: t('system.pending'), dataIndex: 'pending', key: 'pending', align: 'right' },
            {
              title: t('system.lag'),
              dataIndex: 'lagSeconds',
              key: 'lag',
              align: 'right',
              render: (seconds: number) => <LagText seconds={seconds} />,
            },
            { title: t('system.handled'), dataIndex: 'handled', key: 'handled', align: 'right' },
            {
              title: t('system.retrying'),
              dataIndex: 'retrying',
              key: 'retrying',
              align: 'right',
              render: (n: number) => (n > 0 ? <Tag color="orange">{n}</Tag> : n),
            },
            {
              title: t('system.parked'),
              dataIndex: 'parked',
              key: 'parked',
              align: 'right',
              render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : n),
            },
          ]}
        />
      </Card>

      <Card title={t('system.failures')}>
        <Table<ProcessorFailure>
          data-testid="failures-table"
          rowKey={(f) => `${f.processor}:${f.eventSeq}`}
          size="middle"
          loading={loading}
          dataSource={data?.failures ?? []}
          pagination={false}
          scroll={{ x: 1000 }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('system.noFailures')} /> }}
          columns={[
            { title: t('system.processor'), dataIndex: 'processor', key: 'processor' },
            {
              title: t('system.eventType'),
              dataIndex: 'eventType',
              key: 'eventType',
              render: (type: string | null) => (type ? <Typography.Text code>{type}</Typography.Text> : '—'),
            },
            {
              title: t('system.workOrder'),
              dataIndex: 'workOrderId',
              key: 'workOrderId',
              render: (id: string | null) =>
                id ? <Link to={`/work-orders/${id}`}>{t('system.openWorkOrder')}</Link> : '—',
            },
            { title: t('system.attempts'), dataIndex: 'attempts', key: 'attempts', align: 'right' },
            {
              title: t('system.error'),
              dataIndex: 'error',
              key: 'error',
              width: 320,
              render: (error: string | null) => (
                <Typography.Paragraph
                  style={{ margin: 0, wordBreak: 'break-word' }}
                  ellipsis={{ rows: 2, expandable: true, symbol: t('system.more') }}
                >
                  {error ?? '—'}
                </Typography.Paragraph>
              ),
            },
            {
              title: t('system.when'),
              key: 'when',
              render: (_, f) =>
                f.parkedAt ? (
                  <Space size={4} wrap>
                    <Tag color="red">{t('system.parkedTag')}</Tag>
                    {formatDate(f.parkedAt)}
                  </Space>
                ) : (
                  <Space size={4} wrap>
                    <Tag color="orange">{t('system.nextTry')}</Tag>
                    {formatDate(f.nextAttemptAt)}
                  </Space>
                ),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_, f) =>
                f.parkedAt ? (
                  <Button
                    size="small"
                    data-testid={`retry-${f.processor}-${f.eventSeq}`}
                    loading={retry.isPending && retry.variables === f}
                    onClick={() => retry.mutate(f)}
                  >
                    {t('system.retry')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>

      <Card title={t('system.repairs')}>
        {loading ? null : (data?.repairs ?? []).filter((r) => r.repaired > 0).length === 0 ? (
          <Typography.Text data-testid="repairs-none">
            <CheckCircleOutlined style={{ color: '#389e0d' }} /> {t('system.repairsNone')}
          </Typography.Text>
        ) : (
          <Table<RepairCount>
            data-testid="repairs-table"
            rowKey="kind"
            size="small"
            pagination={false}
            dataSource={data?.repairs ?? []}
            columns={[
              {
                title: t('system.repairKind'),
                dataIndex: 'kind',
                key: 'kind',
                render: (kind: string) => <Typography.Text code>{kind}</Typography.Text>,
              },
              {
                title: t('system.repaired'),
                dataIndex: 'repaired',
                key: 'repaired',
                align: 'right',
                render: (n: number) => (n > 0 ? <Tag color="orange">{n}</Tag> : n),
              },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
