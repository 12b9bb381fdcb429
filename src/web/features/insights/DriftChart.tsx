import { Empty, Skeleton, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatScore } from '../../../common/scoring/round';
import { type ChartOption, EChart, useChartTheme } from '../../components/charts/EChart';
import { ErrorState } from '../../components/ErrorState';
import './charts';
import { type DriftMember, type DriftSeries, useDriftSeries } from './insightsApi';

type Point = DriftSeries['points'][number];

/** The chart's option: weekly means (flagged weeks red), the EWMA line, the centre line and the lower limit. */
function optionOf(
  series: DriftSeries,
  chartTheme: ReturnType<typeof useChartTheme>,
  t: (key: string) => string,
): ChartOption {
  const latest = [...series.points].reverse().find((p) => p.mu !== null && p.lower !== null);
  const round = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
  return {
    grid: { left: 40, right: 16, top: 40, bottom: 32, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: series.points.map((p) => p.week.slice(5)) },
    yAxis: { type: 'value', scale: true },
    series: [
      {
        name: t('insights.chart.mean'),
        type: 'line',
        lineStyle: { width: 1 },
        connectNulls: false,
        data: series.points.map((p) => ({
          value: round(p.mean),
          itemStyle: { color: p.below ? chartTheme.error : p.counted ? chartTheme.primary : chartTheme.border },
          symbolSize: p.below ? 10 : 6,
        })),
        markLine: latest
          ? {
              silent: true,
              symbol: 'none',
              data: [
                {
                  name: t('insights.chart.centre'),
                  yAxis: round(latest.mu),
                  lineStyle: { color: chartTheme.success, type: 'dashed' },
                  label: { formatter: `{b} {c}`, position: 'insideEndTop' },
                },
                {
                  name: t('insights.chart.lower'),
                  yAxis: round(latest.lower),
                  lineStyle: { color: chartTheme.error, type: 'dashed' },
                  label: { formatter: `{b} {c}`, position: 'insideEndBottom' },
                },
              ],
            }
          : undefined,
      },
      {
        name: t('insights.chart.ewma'),
        type: 'line',
        smooth: false,
        showSymbol: false,
        lineStyle: { width: 2, color: chartTheme.warning },
        itemStyle: { color: chartTheme.warning },
        data: series.points.map((p) => round(p.z)),
      },
    ],
  };
}

/**
 * One member's weekly EWMA control chart (SCORING.md §9): weekly means (weeks below the limit in red), the EWMA, the
 * baseline mean and the lower control limit as mark lines, and the weeks as a table. Takes a member (engineer or
 * department) so that a member page can embed it.
 */
export function DriftChart({ member, height = 280 }: { member: DriftMember; height?: number }) {
  const { t } = useTranslation();
  const chartTheme = useChartTheme();
  const series = useDriftSeries(member);
  if (series.isError) return <ErrorState error={series.error} onRetry={() => void series.refetch()} />;
  if (!series.data) return <Skeleton active />;
  const data = series.data;
  if (data.points.every((p) => p.n === 0)) return <Empty description={t('insights.chart.empty')} />;
  const flagged = data.points.filter((p) => p.below).length;
  const watched = data.points.some((p) => p.z !== null);
  return (
    <>
      {watched ? null : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('insights.chart.notWatched')} />}
      <EChart
        option={optionOf(data, chartTheme, t)}
        summary={t('insights.chart.summary', { name: data.name, weeks: data.points.length, flagged })}
        height={height}
        data-testid="drift-chart"
        table={
          <Table<Point>
            size="small"
            rowKey="week"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={data.points}
            columns={[
              { title: t('insights.chart.week'), dataIndex: 'week' },
              { title: t('insights.chart.n'), dataIndex: 'n', align: 'right' },
              { title: t('insights.chart.mean'), dataIndex: 'mean', align: 'right', render: (v) => formatScore(v) },
              { title: t('insights.chart.ewma'), dataIndex: 'z', align: 'right', render: (v) => formatScore(v) },
              { title: t('insights.chart.lower'), dataIndex: 'lower', align: 'right', render: (v) => formatScore(v) },
              {
                title: t('insights.chart.flagged'),
                dataIndex: 'below',
                render: (v: boolean) => (v ? '●' : ''),
              },
            ]}
          />
        }
      />
    </>
  );
}
