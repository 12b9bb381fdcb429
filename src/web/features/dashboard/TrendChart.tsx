import { Card, Segmented, Space, Table } from 'antd';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatScore } from '../../../common/scoring/round';
import { type ChartOption, EChart, useChartTheme } from '../../components/charts/EChart';
import { GRANULARITIES, type Granularity } from './period';

/** One bucket of the trend (GET /analytics/trend): its first local day and the figures of its ratings. */
export interface TrendPoint {
  start: string;
  count: number;
  averageScore: number | null;
  csat: number | null;
  nps: number | null;
  negativeCount: number;
}

/** A bucket's label: the day, the week's Monday, or the month. */
export function useBucketLabel(granularity: Granularity) {
  const { i18n } = useTranslation();
  const day = new Intl.DateTimeFormat(i18n.language, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const month = new Intl.DateTimeFormat(i18n.language, { year: 'numeric', month: 'short', timeZone: 'UTC' });
  return (start: string) => {
    const date = new Date(`${start.slice(0, 10)}T00:00:00Z`);
    return granularity === 'month' ? month.format(date) : day.format(date);
  };
}

/**
 * Ratings per bucket (bars) and the average score S (line, 0–100) over the period; a click on a bar or a point opens
 * that bucket's ratings. `granularity` is switchable (automatic by the period's length until the user picks one).
 */
export function TrendChart({
  points,
  granularity,
  automatic,
  onGranularity,
  bucketLink,
  loading,
  exportAction,
}: {
  points: TrendPoint[];
  granularity: Granularity;
  /** True when the granularity follows the period (no explicit choice). */
  automatic: boolean;
  onGranularity: (next: Granularity | undefined) => void;
  /** The ratings list of a bucket (its days cut to the period, the same filters). */
  bucketLink: (point: TrendPoint) => string;
  loading: boolean;
  /** The table's export (an `ExportButton` with the same filters). */
  exportAction?: ReactNode;
}) {
  const { t } = useTranslation();
  const chartTheme = useChartTheme();
  const navigate = useNavigate();
  const label = useBucketLabel(granularity);
  const labels = points.map((point) => label(point.start));
  const countName = t('analytics.kpi.count');
  const scoreName = t('analytics.kpi.averageScore');
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { color: chartTheme.textSecondary } },
      xAxis: {
        type: 'category',
        data: labels,
        axisLine: { lineStyle: { color: chartTheme.border } },
        axisLabel: { color: chartTheme.textSecondary },
      },
      yAxis: [
        {
          type: 'value',
          minInterval: 1,
          splitLine: { lineStyle: { color: chartTheme.border } },
          axisLabel: { color: chartTheme.textSecondary },
        },
        { type: 'value', min: 0, max: 100, splitLine: { show: false }, axisLabel: { color: chartTheme.textSecondary } },
      ],
      series: [
        {
          name: countName,
          type: 'bar',
          barMaxWidth: 48,
          data: points.map((point) => point.count),
          itemStyle: { color: chartTheme.primary, opacity: 0.35 },
          cursor: 'pointer',
        },
        {
          name: scoreName,
          type: 'line',
          yAxisIndex: 1,
          connectNulls: true,
          symbolSize: 8,
          data: points.map((point) => (point.averageScore === null ? null : Number(formatScore(point.averageScore)))),
          itemStyle: { color: chartTheme.success },
          cursor: 'pointer',
        },
      ],
    }),
    [points, labels, chartTheme, countName, scoreName],
  );
  const total = points.reduce((sum, point) => sum + point.count, 0);
  const summary = t('analytics.trend.summary', {
    buckets: points.length,
    total,
    first: labels[0] ?? '',
    last: labels.at(-1) ?? '',
  });

  return (
    <Card
      title={t('analytics.trend.title')}
      loading={loading}
      data-testid="trend-card"
      extra={
        <Space size={4} wrap>
          <Segmented<Granularity | 'auto'>
            size="small"
            aria-label={t('analytics.trend.granularity')}
            data-testid="trend-granularity"
            value={automatic ? 'auto' : granularity}
            onChange={(next) => onGranularity(next === 'auto' ? undefined : next)}
            options={(['auto', ...GRANULARITIES] as const).map((value) => ({
              value,
              label: t(`analytics.trend.granularities.${value}`),
            }))}
          />
          {exportAction}
        </Space>
      }
    >
      <EChart
        data-testid="trend-chart"
        option={option}
        summary={summary}
        height={280}
        onItemClick={({ dataIndex }) => {
          const point = points[dataIndex];
          if (point) navigate(bucketLink(point));
        }}
        table={
          <Table<TrendPoint>
            size="small"
            rowKey="start"
            pagination={false}
            scroll={{ x: 520, y: 280 }}
            dataSource={points}
            columns={[
              {
                title: t('analytics.trend.bucket'),
                key: 'start',
                render: (_, point) => (
                  <Link to={bucketLink(point)} data-testid="trend-bucket-link">
                    {label(point.start)}
                  </Link>
                ),
              },
              { title: countName, dataIndex: 'count', key: 'count', align: 'right' },
              {
                title: scoreName,
                key: 'averageScore',
                align: 'right',
                render: (_, point) => formatScore(point.averageScore),
              },
              {
                title: t('analytics.kpi.csat'),
                key: 'csat',
                align: 'right',
                render: (_, point) => (point.csat === null ? '—' : `${formatScore(point.csat)}%`),
              },
              {
                title: t('analytics.kpi.nps'),
                key: 'nps',
                align: 'right',
                render: (_, point) => formatScore(point.nps),
              },
              {
                title: t('analytics.kpi.negativeCount'),
                dataIndex: 'negativeCount',
                key: 'negativeCount',
                align: 'right',
              },
            ]}
          />
        }
      />
    </Card>
  );
}
