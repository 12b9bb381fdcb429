import { Alert, Card, Empty, Skeleton, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatScore } from '../../../common/scoring/round';
import { type ChartOption, EChart, useChartTheme } from '../../components/charts/EChart';
import { ErrorState } from '../../components/ErrorState';
import type { AnalyticsFilterQuery } from '../dashboard/analyticsQueries';
import './charts';
import { type DriverItem, type DriversView, useDrivers } from './insightsApi';

const QUADRANT_COLOURS: Record<NonNullable<DriverItem['quadrant']>, string> = {
  improve: 'red',
  keep: 'green',
  monitor: 'default',
  surplus: 'blue',
};

const r2 = (x: number | null) => (x === null ? '—' : x.toFixed(2));

/** The importance × performance scatter with the quadrant lines at the medians. */
function QuadrantChart({ view }: { view: DriversView }) {
  const { t } = useTranslation();
  const chartTheme = useChartTheme();
  const points = view.items.filter((i) => i.impact !== null && i.average !== null);
  const colourOf = (q: DriverItem['quadrant']) =>
    q === 'improve'
      ? chartTheme.error
      : q === 'keep'
        ? chartTheme.success
        : q === 'surplus'
          ? chartTheme.primary
          : chartTheme.textSecondary;
  const option: ChartOption = {
    grid: { left: 48, right: 24, top: 24, bottom: 44, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: { data: { name: string; value: [number, number] } }) =>
        `${p.data.name}<br/>${t('insights.drivers.impact')}: ${formatScore(p.data.value[0])}<br/>${t('insights.drivers.average')}: ${formatScore(p.data.value[1])}`,
    },
    xAxis: {
      type: 'value',
      name: t('insights.drivers.axisImpact'),
      nameLocation: 'middle',
      nameGap: 28,
      scale: true,
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      name: t('insights.drivers.axisAverage'),
      nameLocation: 'middle',
      nameGap: 36,
      scale: true,
      splitLine: { show: false },
    },
    series: [
      {
        type: 'scatter',
        symbolSize: 14,
        data: points.map((i) => ({
          name: i.label,
          value: [i.impact, i.average],
          itemStyle: { color: colourOf(i.quadrant) },
        })),
        label: { show: true, position: 'top', formatter: '{b}', color: chartTheme.text },
        markLine: view.medians
          ? {
              silent: true,
              symbol: 'none',
              lineStyle: { type: 'dashed', color: chartTheme.border },
              label: { show: false },
              data: [{ xAxis: view.medians.impact }, { yAxis: view.medians.average }],
            }
          : undefined,
      },
    ],
  };
  const top = view.suggestion?.label ?? points[0]?.label ?? '';
  return (
    <EChart
      option={option}
      summary={t('insights.drivers.chartSummary', { count: points.length, top })}
      height={300}
      data-testid="drivers-chart"
    />
  );
}

/**
 * Key drivers (SCORING.md §8) for an analytics filter query: the suggestion sentence, the importance × performance
 * quadrant chart and the table of impact, r, gap and n. Below the minimum sample only the explanation. Takes the
 * query as a prop so that a team's or an engineer's page can show the same panel for its own filters.
 */
export function DriversPanel({ query }: { query: AnalyticsFilterQuery }) {
  const { t, i18n } = useTranslation();
  const drivers = useDrivers(query, i18n.language);
  const view = drivers.data;
  const title = (
    <Tooltip title={t('insights.drivers.help')}>
      <span>{t('insights.drivers.title')}</span>
    </Tooltip>
  );
  if (drivers.isError) {
    return (
      <Card title={title}>
        <ErrorState error={drivers.error} onRetry={() => void drivers.refetch()} />
      </Card>
    );
  }
  if (!view) {
    return (
      <Card title={title} data-testid="drivers-panel">
        <Skeleton active />
      </Card>
    );
  }
  if (!view.sufficient) {
    return (
      <Card title={title} data-testid="drivers-panel">
        <Empty
          data-testid="drivers-insufficient"
          description={t('insights.drivers.insufficient', { minSample: view.minSample, n: view.n })}
        />
      </Card>
    );
  }
  const top = view.items.find((i) => i.key === view.suggestion?.key);
  return (
    <Card title={title} data-testid="drivers-panel">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {top ? (
          <Alert
            type="info"
            showIcon
            data-testid="drivers-suggestion"
            title={t('insights.drivers.suggestion', {
              label: top.label,
              impact: formatScore(top.impact),
              r: r2(top.correlation),
              gap: formatScore(top.gap),
              n: top.n,
            })}
          />
        ) : (
          <Alert type="warning" showIcon title={t('insights.drivers.noSuggestion')} />
        )}
        <QuadrantChart view={view} />
        <Table<DriverItem>
          size="small"
          rowKey="key"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={view.items}
          data-testid="drivers-table"
          columns={[
            { title: t('insights.drivers.dimension'), dataIndex: 'label' },
            {
              title: t('insights.drivers.impact'),
              dataIndex: 'impact',
              align: 'right',
              render: (v: number | null) => formatScore(v),
            },
            {
              title: t('insights.drivers.correlation'),
              dataIndex: 'correlation',
              align: 'right',
              render: (v: number | null) => r2(v),
            },
            { title: t('insights.drivers.gap'), dataIndex: 'gap', align: 'right', render: (v) => formatScore(v) },
            { title: t('insights.drivers.n'), dataIndex: 'n', align: 'right' },
            {
              title: t('insights.drivers.quadrant'),
              dataIndex: 'quadrant',
              render: (q: DriverItem['quadrant']) =>
                q ? (
                  <Tag color={QUADRANT_COLOURS[q]}>{t(`insights.drivers.quadrants.${q}`)}</Tag>
                ) : (
                  <Typography.Text type="secondary">{t('insights.drivers.notMeasurable')}</Typography.Text>
                ),
            },
          ]}
        />
      </Space>
    </Card>
  );
}
