import { Button, Card, Col, Empty, Flex, Row, Space, Table, Typography } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatScore } from '../../../common/scoring/round';
import { type ChartOption, EChart, useChartTheme } from '../../components/charts/EChart';
import type { Granularity } from './period';
import { useBucketLabel } from './TrendChart';

/** A dimension's average in its own scale (GET /analytics/summary `dimensions`) and its trend (/analytics/dimensions). */
export interface DimensionView {
  key: string;
  label: string;
  /** The dimension type (`star5`, `score10`, `nps`, `yes_no`, `single_choice`…): how its average reads. */
  scale: string;
  average: number | null;
  points: { start: string; average: number | null; count: number }[];
}

/** "4.3 / 5", "8.1 / 10", "87.0% yes", "75.0 / 100"; "—" without answers. */
export function useDimensionFormat() {
  const { t } = useTranslation();
  return (scale: string, value: number | null): string => {
    if (value === null) return '—';
    switch (scale) {
      case 'star5':
        return `${formatScore(value)} / 5`;
      case 'score10':
      case 'nps':
        return `${formatScore(value)} / 10`;
      case 'yes_no':
        return t('analytics.dimensions.percentYes', { value: formatScore(value) });
      default:
        return `${formatScore(value)} / 100`;
    }
  };
}

function Sparkline({ dimension, summary }: { dimension: DimensionView; summary: string }) {
  const chartTheme = useChartTheme();
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 2, right: 2, top: 4, bottom: 4 },
      xAxis: { type: 'category', show: false, data: dimension.points.map((point) => point.start) },
      yAxis: { type: 'value', show: false, scale: true },
      tooltip: { trigger: 'axis' },
      series: [
        {
          type: 'line',
          smooth: true,
          symbol: 'none',
          connectNulls: true,
          lineStyle: { width: 2, color: chartTheme.primary },
          areaStyle: { color: chartTheme.primary, opacity: 0.08 },
          data: dimension.points.map((point) =>
            point.average === null ? null : Number(formatScore(point.average, 2)),
          ),
        },
      ],
    }),
    [dimension.points, chartTheme],
  );
  return <EChart option={option} summary={summary} height={48} />;
}

/**
 * Each dimension's average in its own scale with a small trend; a dimension opens the period's ratings (every
 * answer is a column there). "Show as table" lists the averages per bucket for all of them at once.
 */
export function DimensionsPanel({
  dimensions,
  granularity,
  link,
  loading,
  exportAction,
}: {
  dimensions: DimensionView[];
  granularity: Granularity;
  link: string;
  loading: boolean;
  /** The table's export (an `ExportButton` with the same filters). */
  exportAction?: ReactNode;
}) {
  const { t } = useTranslation();
  const format = useDimensionFormat();
  const bucketLabel = useBucketLabel(granularity);
  const [asTable, setAsTable] = useState(false);
  const starts = dimensions[0]?.points.map((point) => point.start) ?? [];
  return (
    <Card
      title={t('analytics.dimensions.title')}
      loading={loading}
      data-testid="dimensions-card"
      style={{ height: '100%' }}
      extra={
        dimensions.length ? (
          <Space size={4}>
            <Button size="small" type="text" aria-pressed={asTable} onClick={() => setAsTable(!asTable)}>
              {asTable ? t('charts.showChart') : t('charts.showTable')}
            </Button>
            {exportAction}
          </Space>
        ) : null
      }
    >
      {dimensions.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('analytics.dimensions.empty')} />
      ) : asTable ? (
        <Table<DimensionView>
          size="small"
          rowKey="key"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={dimensions}
          columns={[
            { title: t('analytics.dimensions.dimension'), dataIndex: 'label', key: 'label', fixed: 'left' },
            {
              title: t('analytics.dimensions.average'),
              key: 'average',
              render: (_, dimension) => format(dimension.scale, dimension.average),
            },
            ...starts.map((start, index) => ({
              title: bucketLabel(start),
              key: start,
              align: 'right' as const,
              render: (_: unknown, dimension: DimensionView) => {
                const point = dimension.points[index];
                return point ? format(dimension.scale, point.average) : '—';
              },
            })),
          ]}
        />
      ) : (
        <Row gutter={[16, 12]}>
          {dimensions.map((dimension) => {
            const value = format(dimension.scale, dimension.average);
            return (
              <Col key={dimension.key} xs={24} sm={12} xl={8} data-testid="dimension" data-key={dimension.key}>
                <Flex vertical gap={2}>
                  <Link to={link} data-testid="dimension-link">
                    <Typography.Text type="secondary" ellipsis={{ tooltip: dimension.label }}>
                      {dimension.label}
                    </Typography.Text>
                  </Link>
                  <Typography.Text strong style={{ fontSize: 18 }} data-testid="dimension-average">
                    {value}
                  </Typography.Text>
                  {dimension.points.length > 1 ? (
                    <Sparkline
                      dimension={dimension}
                      summary={t('analytics.dimensions.sparkline', {
                        label: dimension.label,
                        values: dimension.points.map((point) => format(dimension.scale, point.average)).join(', '),
                      })}
                    />
                  ) : null}
                </Flex>
              </Col>
            );
          })}
        </Row>
      )}
    </Card>
  );
}
