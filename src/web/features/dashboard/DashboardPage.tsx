import { Card, Col, Empty, Flex, Row, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormatDate } from '../../app/format';
import { ErrorState } from '../../components/ErrorState';
import { ExportButton } from '../../components/ExportButton';
import { useListState } from '../../components/useListState';
import { DriftInsights } from '../insights/DriftInsights';
import { DriversPanel } from '../insights/DriversPanel';
import { AnalyticsFilterBar } from './AnalyticsFilterBar';
import {
  analyticsQuery,
  type DashboardFilters,
  dashboardFiltersUrl,
  granularityOf,
  periodOf,
  ratingsLink,
} from './analyticsApi';
import {
  useAnyRatings,
  useComments,
  useDimensionTrends,
  useDistribution,
  useFunnel,
  useSummary,
  useTrend,
} from './analyticsQueries';
import { DimensionsPanel } from './DimensionsPanel';
import { DistributionChart } from './DistributionChart';
import { FunnelChart } from './FunnelChart';
import { KeywordsPanel } from './KeywordsPanel';
import { KpiCards } from './KpiCards';
import { LatestComments } from './LatestComments';
import { bucketRange } from './period';
import { RecoveryPanel } from './RecoveryPanel';
import { TrendChart } from './TrendChart';
import { WithOrganisationToday } from './useAnalyticsScope';

/** "No ratings yet": what to set up so that ratings arrive, with links. */
function NoRatingsYet() {
  const { t } = useTranslation();
  return (
    <Card data-testid="dashboard-empty">
      <Empty
        description={
          <Space orientation="vertical" size={4}>
            <Typography.Text strong>{t('analytics.empty.title')}</Typography.Text>
            <Typography.Text type="secondary">{t('analytics.empty.body')}</Typography.Text>
            <Space wrap>
              <Link to="/rating/templates">{t('analytics.empty.templates')}</Link>
              <Link to="/rating/rules">{t('analytics.empty.rules')}</Link>
              <Link to="/work-orders">{t('analytics.empty.workOrders')}</Link>
            </Space>
          </Space>
        }
      />
    </Card>
  );
}

/**
 * The analytics dashboard (the home page of admins, supervisors and analysts): the period and filters in the URL,
 * KPI cards with the change against the previous period, the trend, per-dimension averages, the ★ distribution,
 * the channel funnel and the latest comments — every number a link to the ratings behind it. Live: a submitted
 * rating invalidates `analyticsKeys.all` (app/liveEvents.ts), so every figure refetches.
 */
export function DashboardPage() {
  return <WithOrganisationToday>{(today) => <Dashboard today={today} />}</WithOrganisationToday>;
}

/** The page once the organisation's today is known (periods are its local days). */
function Dashboard({ today }: { today: string }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const { filters, update } = useListState<DashboardFilters>({ filters: dashboardFiltersUrl });
  const range = periodOf(filters, today, 'last30') ?? { from: today, to: today };
  const granularity = granularityOf(filters, range);
  const query = { ...analyticsQuery(filters, range), from: range.from, to: range.to };

  // The summary carries the previous period's figures (same length, just before: the KPI deltas).
  const summary = useSummary(query);
  const trend = useTrend(query, granularity);
  const dimensionTrends = useDimensionTrends(query, granularity);
  const distribution = useDistribution(query);
  const funnel = useFunnel(query);
  const comments = useComments(query);
  const empty = summary.data?.count === 0;
  const anyRatings = useAnyRatings(empty);

  const link = (drill = {}) => ratingsLink(filters, range, drill);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="dashboard">
      <Flex justify="space-between" align="baseline" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('analytics.dashboard.title')}
        </Typography.Title>
        {summary.data?.asOf ? (
          <Typography.Text type="secondary" data-testid="as-of">
            {t('analytics.dashboard.asOf', { time: formatDate(summary.data.asOf) })}
          </Typography.Text>
        ) : null}
      </Flex>
      <Card size="small">
        <AnalyticsFilterBar filters={filters} update={update} range={range} />
      </Card>
      {summary.isError ? (
        <Card>
          <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />
        </Card>
      ) : empty && anyRatings.data === false ? (
        <NoRatingsYet />
      ) : (
        <>
          <KpiCards
            current={summary.data?.figures}
            previous={summary.data?.previous}
            loading={summary.isPending}
            linkOf={link}
          />
          {empty ? (
            <Card data-testid="dashboard-period-empty">
              <Empty description={t('analytics.empty.period')} />
            </Card>
          ) : null}
          <TrendChart
            points={trend.data ?? []}
            granularity={granularity}
            automatic={!filters.granularity}
            onGranularity={(next) => update({ granularity: next })}
            bucketLink={(point) => ratingsLink(filters, bucketRange(point.start, granularity, range))}
            loading={trend.isPending}
            exportAction={<ExportButton kind="dashboard_trend" filters={{ ...query, granularity }} size="small" />}
          />
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <DimensionsPanel
                dimensions={dimensionTrends.data ?? []}
                granularity={granularity}
                link={link()}
                loading={summary.isPending || dimensionTrends.isPending}
                exportAction={
                  <ExportButton kind="dashboard_dimensions" filters={{ ...query, granularity }} size="small" />
                }
              />
            </Col>
            <Col xs={24} xl={10}>
              <DistributionChart
                distribution={distribution.data}
                starsLink={(stars) => link({ stars })}
                loading={distribution.isPending}
                exportAction={<ExportButton kind="dashboard_distribution" filters={query} size="small" />}
              />
            </Col>
            <Col xs={24} xl={14}>
              <FunnelChart
                rows={funnel.data ?? []}
                channelLink={(channel) => link({ channel })}
                loading={funnel.isPending}
                exportAction={<ExportButton kind="dashboard_funnel" filters={query} size="small" />}
              />
            </Col>
            <Col xs={24} xl={10}>
              <LatestComments comments={comments.data ?? []} loading={comments.isPending} />
            </Col>
          </Row>
          <KeywordsPanel query={query} ratingsLink={link()} />
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <DriversPanel query={query} />
            </Col>
            <Col xs={24} xl={10}>
              <DriftInsights departmentId={filters.departmentId} />
            </Col>
          </Row>
          <RecoveryPanel query={query} />
        </>
      )}
    </Space>
  );
}
