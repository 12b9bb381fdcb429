import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Flex, Row, Skeleton, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { formatScore } from '../../../common/scoring/round';
import { client, ok } from '../../api/client';
import { useFormatDate } from '../../app/format';
import { type ChartOption, EChart, useChartTheme } from '../../components/charts/EChart';
import { ErrorState } from '../../components/ErrorState';
import { useListState } from '../../components/useListState';
import { AnalyticsFilterBar } from '../dashboard/AnalyticsFilterBar';
import { type AnalyticsFilters, analyticsFiltersUrl, periodOf, ratingsLink } from '../dashboard/analyticsApi';
import { LatestComments } from '../dashboard/LatestComments';
import { useBucketLabel } from '../dashboard/TrendChart';
import { WithOrganisationToday } from '../dashboard/useAnalyticsScope';
import { ContributionBar } from './ContributionBar';
import { RankChange } from './StoresPage';
import { type StoreReport, type StoreTouchpoint, storeKeys, storesQuery, touchpointLabel } from './storesApi';

/** Analytics → Stores → one store (店铺评分): score card, touchpoint breakdown, trend, latest comments. */
export function StorePage() {
  return <WithOrganisationToday>{(today) => <Store today={today} />}</WithOrganisationToday>;
}

function Store({ today }: { today: string }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const location = useLocation();
  const store = useParams().store ?? '';
  const { filters, update } = useListState<AnalyticsFilters>({ filters: analyticsFiltersUrl });
  const range = periodOf(filters, today, 'last30') ?? { from: today, to: today };
  const query = storesQuery(filters, range);
  const report = useQuery({
    queryKey: storeKeys.store(store, query),
    queryFn: () => ok(client.GET('/analytics/stores/{store}', { params: { path: { store }, query } })),
    placeholderData: (previous) => previous,
  });
  const data = report.data;
  const backSearch = location.search;

  return (
    <Flex vertical gap={16} data-testid="store-page">
      <Flex wrap gap={8} align="center" justify="space-between">
        <Flex gap={8} align="center" wrap style={{ minWidth: 0 }}>
          <Link to={`/analytics/stores${backSearch}`}>
            <Button icon={<ArrowLeftOutlined />} aria-label={t('stores.back')}>
              {t('stores.back')}
            </Button>
          </Link>
          <Typography.Title level={3} style={{ margin: 0, wordBreak: 'break-all' }} data-testid="store-title">
            {store}
          </Typography.Title>
        </Flex>
        {data?.asOf ? (
          <Typography.Text type="secondary">
            {t('analytics.dashboard.asOf', { time: formatDate(data.asOf) })}
          </Typography.Text>
        ) : null}
      </Flex>
      <Card size="small">
        <AnalyticsFilterBar filters={{ ...filters, store: undefined }} update={update} range={range} />
      </Card>
      {report.isError ? (
        <Card>
          <ErrorState error={report.error} onRetry={() => void report.refetch()} />
        </Card>
      ) : !data ? (
        <Skeleton active />
      ) : (
        <StoreBody data={data} ratingsHref={ratingsLink({ ...filters, store }, range)} />
      )}
    </Flex>
  );
}

function StoreBody({ data, ratingsHref }: { data: StoreReport; ratingsHref: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={10}>
          <Card data-testid="store-score-card" style={{ height: '100%' }}>
            <Flex vertical gap={8}>
              <Statistic
                title={
                  <Tooltip title={t('stores.scoreHelp', { halfLife: data.halfLifeDays })}>{t('stores.score')}</Tooltip>
                }
                value={formatScore(data.score)}
                valueStyle={{ fontSize: 40 }}
              />
              <Flex gap={8} wrap align="center">
                {data.rank === null ? (
                  <Tooltip title={t('stores.insufficientHelp', { minSample: data.minSample })}>
                    <Tag>{t('stores.insufficient')}</Tag>
                  </Tooltip>
                ) : (
                  <Tag color="blue" data-testid="store-rank">
                    {t('stores.rankOf', { rank: data.rank })}
                  </Tag>
                )}
                <RankChange rank={data.rank} previous={data.previous} />
              </Flex>
              {data.previous ? (
                <Typography.Text type="secondary">
                  {t('stores.previousScore', { score: formatScore(data.previous.score) })}
                </Typography.Text>
              ) : null}
              <Link to={ratingsHref} data-testid="store-ratings-link">
                {t('stores.openRatings')} ({data.count})
              </Link>
              <ContributionBar touchpoints={data.touchpoints} />
            </Flex>
          </Card>
        </Col>
        <Col xs={24} md={14}>
          <TouchpointBreakdown store={data.store} touchpoints={data.touchpoints} />
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <StoreTrend data={data} />
        </Col>
        <Col xs={24} lg={10}>
          <LatestComments comments={data.comments} loading={false} />
        </Col>
      </Row>
    </>
  );
}

function TouchpointBreakdown({ store, touchpoints }: { store: string; touchpoints: StoreTouchpoint[] }) {
  const { t, i18n } = useTranslation();
  const chartTheme = useChartTheme();
  const none = t('stores.noTouchpoint');
  const labels = touchpoints.map((tp) => touchpointLabel(tp, i18n.language, none));
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', min: 0, max: 100, splitLine: { lineStyle: { color: chartTheme.border } } },
      yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { color: chartTheme.textSecondary } },
      series: [
        {
          name: t('stores.touchpointScore'),
          type: 'bar',
          data: touchpoints.map((tp) => (tp.score === null ? null : Number(formatScore(tp.score)))),
          label: { show: true, position: 'right', formatter: (p: { value: number | null }) => formatScore(p.value) },
        },
      ],
    }),
    [touchpoints, labels, chartTheme, t],
  );
  const table = (
    <Table<StoreTouchpoint>
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={touchpoints}
      scroll={{ x: 'max-content' }}
      data-testid="store-touchpoints-table"
      columns={[
        {
          title: t('stores.touchpoint'),
          key: 'name',
          render: (_, tp) => (
            <Flex gap={4} wrap>
              {touchpointLabel(tp, i18n.language, none)}
              {tp.configured ? null : <Tag>{t('stores.unconfigured')}</Tag>}
            </Flex>
          ),
        },
        { title: t('stores.touchpointScore'), key: 'score', align: 'right', render: (_, tp) => formatScore(tp.score) },
        { title: t('stores.ratings'), dataIndex: 'n', key: 'n', align: 'right' },
        { title: t('stores.weight'), dataIndex: 'weight', key: 'weight', align: 'right' },
        {
          title: t('stores.weightShare'),
          key: 'share',
          align: 'right',
          render: (_, tp) => (tp.weightShare === null ? '—' : `${formatScore(tp.weightShare * 100, 0)} %`),
        },
        {
          title: t('stores.contribution'),
          key: 'contribution',
          align: 'right',
          render: (_, tp) => formatScore(tp.contribution),
        },
      ]}
    />
  );
  return (
    <Card title={t('stores.touchpoints')} data-testid="store-touchpoints" style={{ height: '100%' }}>
      {touchpoints.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stores.noTrend')} />
      ) : (
        <>
          <EChart
            option={option}
            height={Math.max(120, 40 * touchpoints.length)}
            summary={t('stores.breakdownSummary', {
              store,
              items: touchpoints.map((tp, i) => `${labels[i]} ${formatScore(tp.score)}`).join(', '),
            })}
            data-testid="store-touchpoints-chart"
          />
          {table}
        </>
      )}
    </Card>
  );
}

function StoreTrend({ data }: { data: StoreReport }) {
  const { t } = useTranslation();
  const chartTheme = useChartTheme();
  const { granularity, points } = data.trend;
  const label = useBucketLabel(granularity);
  const labels = points.map((p) => label(p.bucket));
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: labels, axisLabel: { color: chartTheme.textSecondary } },
      yAxis: { type: 'value', min: 0, max: 100, splitLine: { lineStyle: { color: chartTheme.border } } },
      series: [
        {
          name: t('stores.score'),
          type: 'line',
          connectNulls: true,
          data: points.map((p) => (p.score === null ? null : Number(formatScore(p.score)))),
        },
      ],
    }),
    [labels, points, chartTheme, t],
  );
  const hasRatings = points.some((p) => p.n > 0);
  return (
    <Card title={t('stores.trend')} data-testid="store-trend" style={{ height: '100%' }}>
      {hasRatings ? (
        <EChart
          option={option}
          summary={t('stores.trendSummary', {
            store: data.store,
            granularity: t(`stores.granularity.${granularity}`),
            points: points
              .filter((p) => p.n > 0)
              .map((p) => `${label(p.bucket)} ${formatScore(p.score)}`)
              .join(', '),
          })}
          table={
            <Table
              size="small"
              rowKey="bucket"
              pagination={false}
              dataSource={points}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: t(`stores.granularity.${granularity}`), key: 'bucket', render: (_, p) => label(p.bucket) },
                { title: t('stores.score'), key: 'score', align: 'right', render: (_, p) => formatScore(p.score) },
                { title: t('stores.ratings'), dataIndex: 'n', key: 'n', align: 'right' },
              ]}
            />
          }
          data-testid="store-trend-chart"
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stores.noTrend')} />
      )}
    </Card>
  );
}
