import { Card, Table, Typography } from 'antd';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { type ChartOption, EChart, useChartTheme } from '../../components/charts/EChart';

/** Ratings per rounded ★ (1..5), and those without a score (GET /analytics/distribution). */
export interface Distribution {
  bars: { stars: number; count: number }[];
  unscored: number;
}

/** ★ 1..5 bars (1–2 in the error colour, 3 neutral, 4–5 success); a bar opens its ratings (`stars=N`). */
export function DistributionChart({
  distribution,
  starsLink,
  loading,
  exportAction,
}: {
  distribution: Distribution | undefined;
  starsLink: (stars: number) => string;
  loading: boolean;
  /** The table's export (an `ExportButton` with the same filters). */
  exportAction?: ReactNode;
}) {
  const { t } = useTranslation();
  const chartTheme = useChartTheme();
  const navigate = useNavigate();
  const bars = distribution?.bars ?? [];
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: {
        type: 'category',
        data: bars.map((bar) => `${bar.stars}★`),
        axisLabel: { color: chartTheme.textSecondary },
        axisLine: { lineStyle: { color: chartTheme.border } },
      },
      yAxis: {
        type: 'value',
        minInterval: 1,
        splitLine: { lineStyle: { color: chartTheme.border } },
        axisLabel: { color: chartTheme.textSecondary },
      },
      series: [
        {
          name: t('analytics.kpi.count'),
          type: 'bar',
          barMaxWidth: 56,
          cursor: 'pointer',
          label: { show: true, position: 'top', color: chartTheme.text },
          data: bars.map((bar) => ({
            value: bar.count,
            itemStyle: {
              color: bar.stars <= 2 ? chartTheme.error : bar.stars === 3 ? chartTheme.warning : chartTheme.success,
            },
          })),
        },
      ],
    }),
    [bars, chartTheme, t],
  );
  const summary = t('analytics.distribution.summary', {
    counts: bars.map((bar) => `${bar.stars}★ ${bar.count}`).join(', '),
  });
  return (
    <Card
      title={t('analytics.distribution.title')}
      loading={loading}
      data-testid="distribution-card"
      style={{ height: '100%' }}
      extra={exportAction}
    >
      <EChart
        data-testid="distribution-chart"
        option={option}
        summary={summary}
        height={220}
        onItemClick={({ dataIndex }) => {
          const bar = bars[dataIndex];
          if (bar) navigate(starsLink(bar.stars));
        }}
        table={
          <Table
            size="small"
            rowKey="stars"
            pagination={false}
            dataSource={bars}
            columns={[
              {
                title: t('analytics.distribution.stars'),
                key: 'stars',
                render: (_, bar) => (
                  <Link to={starsLink(bar.stars)} data-testid="distribution-link">
                    {`${bar.stars}★`}
                  </Link>
                ),
              },
              { title: t('analytics.kpi.count'), dataIndex: 'count', key: 'count', align: 'right' },
            ]}
          />
        }
      />
      {distribution && distribution.unscored > 0 ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('analytics.distribution.unscored', { count: distribution.unscored })}
        </Typography.Text>
      ) : null}
    </Card>
  );
}
