import { Card, Table } from 'antd';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { RatingChannel } from '../../../common/channels';
import { formatScore } from '../../../common/scoring/round';
import { type ChartOption, EChart, useChartTheme } from '../../components/charts/EChart';

export const FUNNEL_STEPS = ['created', 'delivered', 'opened', 'responded'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

/** One channel's invitations by creation time (GET /analytics/funnel). */
export type FunnelRow = { channel: RatingChannel } & Record<FunnelStep, number>;

/**
 * The invitation funnel per channel as grouped bars (created → delivered → opened → responded, one group per channel);
 * a bar or a channel opens the ratings that came through that channel.
 */
export function FunnelChart({
  rows,
  channelLink,
  loading,
  exportAction,
}: {
  rows: FunnelRow[];
  channelLink: (channel: RatingChannel) => string;
  loading: boolean;
  /** The table's export (an `ExportButton` with the same filters). */
  exportAction?: ReactNode;
}) {
  const { t } = useTranslation();
  const chartTheme = useChartTheme();
  const navigate = useNavigate();
  const channelName = (channel: RatingChannel) => t(`rules.channels.${channel}`);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, textStyle: { color: chartTheme.textSecondary } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((row) => t(`rules.channels.${row.channel}`)),
        axisLabel: { color: chartTheme.textSecondary },
        axisLine: { lineStyle: { color: chartTheme.border } },
      },
      xAxis: {
        type: 'value',
        minInterval: 1,
        splitLine: { lineStyle: { color: chartTheme.border } },
        axisLabel: { color: chartTheme.textSecondary },
      },
      series: FUNNEL_STEPS.map((step) => ({
        name: t(`analytics.funnel.steps.${step}`),
        type: 'bar',
        barMaxWidth: 18,
        cursor: 'pointer',
        data: rows.map((row) => row[step]),
      })),
    }),
    [rows, chartTheme, t],
  );
  const summary = t('analytics.funnel.summary', {
    channels: rows
      .map((row) =>
        t('analytics.funnel.channelSummary', {
          channel: channelName(row.channel),
          created: row.created,
          responded: row.responded,
        }),
      )
      .join('; '),
  });
  return (
    <Card
      title={t('analytics.funnel.title')}
      loading={loading}
      data-testid="funnel-card"
      style={{ height: '100%' }}
      extra={exportAction}
    >
      <EChart
        data-testid="funnel-chart"
        option={option}
        summary={summary}
        height={Math.max(180, rows.length * 70 + 60)}
        onItemClick={({ dataIndex }) => {
          const row = rows[dataIndex];
          if (row) navigate(channelLink(row.channel));
        }}
        table={
          <Table<FunnelRow>
            size="small"
            rowKey="channel"
            pagination={false}
            scroll={{ x: 480 }}
            dataSource={rows}
            columns={[
              {
                title: t('analytics.filters.channel'),
                key: 'channel',
                render: (_, row) => (
                  <Link to={channelLink(row.channel)} data-testid="funnel-channel-link">
                    {channelName(row.channel)}
                  </Link>
                ),
              },
              ...FUNNEL_STEPS.map((step) => ({
                title: t(`analytics.funnel.steps.${step}`),
                dataIndex: step,
                key: step,
                align: 'right' as const,
              })),
              {
                title: t('analytics.kpi.responseRate'),
                key: 'rate',
                align: 'right',
                render: (_, row) =>
                  row.delivered > 0 ? `${formatScore((row.responded / row.delivered) * 100)}%` : '—',
              },
            ]}
          />
        }
      />
    </Card>
  );
}
