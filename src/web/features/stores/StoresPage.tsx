import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Flex, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { formatScore } from '../../../common/scoring/round';
import { client, ok } from '../../api/client';
import { useFormatDate } from '../../app/format';
import { ListPage } from '../../components/ListPage';
import { useListState } from '../../components/useListState';
import { AnalyticsFilterBar } from '../dashboard/AnalyticsFilterBar';
import { type AnalyticsFilters, analyticsFiltersUrl, periodOf, ratingsLink } from '../dashboard/analyticsApi';
import { WithOrganisationToday } from '../dashboard/useAnalyticsScope';
import { ContributionBar } from './ContributionBar';
import { type StoreRow, storeKeys, storePath, storesQuery } from './storesApi';

/** Analytics → Stores: stores ranked by the store score (SCORING.md §7), each touchpoint's contribution shown. */
export function StoresPage() {
  return <WithOrganisationToday>{(today) => <Stores today={today} />}</WithOrganisationToday>;
}

/** The change of rank against the previous period, as on the rankings page. */
export function RankChange({ rank, previous }: { rank: number | null; previous: StoreRow['previous'] }) {
  const { t } = useTranslation();
  if (!previous || rank === null) return null;
  if (previous.rank === null) return <Tag>{t('stores.new')}</Tag>;
  const delta = previous.rank - rank;
  if (delta === 0) {
    return (
      <Typography.Text type="secondary">
        <MinusOutlined aria-hidden /> {t('stores.same')}
      </Typography.Text>
    );
  }
  return delta > 0 ? (
    <Typography.Text type="success">
      <ArrowUpOutlined aria-hidden /> {t('stores.up', { count: delta })}
    </Typography.Text>
  ) : (
    <Typography.Text type="danger">
      <ArrowDownOutlined aria-hidden /> {t('stores.down', { count: -delta })}
    </Typography.Text>
  );
}

function Stores({ today }: { today: string }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const location = useLocation();
  const { filters, update } = useListState<AnalyticsFilters>({ filters: analyticsFiltersUrl });
  const range = periodOf(filters, today, 'last30') ?? { from: today, to: today };
  const query = storesQuery(filters, range);
  const ranking = useQuery({
    queryKey: storeKeys.ranking(query),
    queryFn: () => ok(client.GET('/analytics/stores', { params: { query } })),
    placeholderData: (previous) => previous,
  });
  const data = ranking.data;
  const minSample = data?.minSample ?? 5;
  const halfLife = data?.halfLifeDays ?? 30;
  // The filter bar's store box searches the rows (the ranking is over every store).
  const search = filters.store?.trim().toLowerCase();
  const items = data?.items.filter((row) => !search || row.store.toLowerCase().includes(search));
  const pageSearch = location.search.replace(/^\?/, '');

  const columns: ColumnsType<StoreRow> = [
    {
      title: t('stores.rank'),
      key: 'rank',
      width: 100,
      render: (_, row) =>
        row.rank === null ? (
          <Tooltip title={t('stores.insufficientHelp', { minSample })}>
            <Tag data-testid="store-insufficient">{t('stores.insufficient')}</Tag>
          </Tooltip>
        ) : (
          <Typography.Text strong data-testid="store-rank">
            #{row.rank}
          </Typography.Text>
        ),
    },
    {
      title: t('stores.store'),
      key: 'store',
      render: (_, row) => (
        <Link to={storePath(row.store, pageSearch)} title={t('stores.open')} data-testid="store-name">
          {row.store}
        </Link>
      ),
    },
    {
      title: <Tooltip title={t('stores.scoreHelp', { halfLife })}>{t('stores.score')}</Tooltip>,
      key: 'score',
      width: 110,
      align: 'right',
      render: (_, row) => (
        <Typography.Text strong={row.rank !== null} data-testid="store-score">
          {formatScore(row.score)}
        </Typography.Text>
      ),
    },
    {
      title: t('stores.ratings'),
      key: 'n',
      width: 90,
      align: 'right',
      render: (_, row) => <Link to={ratingsLink({ ...filters, store: row.store }, range)}>{row.count}</Link>,
    },
    {
      title: <Tooltip title={t('stores.contributionsHelp')}>{t('stores.contributions')}</Tooltip>,
      key: 'contributions',
      width: 240,
      responsive: ['md'],
      render: (_, row) => <ContributionBar touchpoints={row.touchpoints} />,
    },
    {
      title: t('stores.change'),
      key: 'change',
      width: 140,
      responsive: ['md'],
      render: (_, row) => <RankChange rank={row.rank} previous={row.previous} />,
    },
  ];

  return (
    <ListPage<StoreRow>
      title={t('stores.title')}
      actions={
        data?.asOf ? (
          <Typography.Text type="secondary" data-testid="as-of">
            {t('analytics.dashboard.asOf', { time: formatDate(data.asOf) })}
          </Typography.Text>
        ) : null
      }
      filters={<AnalyticsFilterBar filters={filters} update={update} range={range} />}
      toolbar={
        <Flex vertical style={{ marginBottom: 12 }}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('stores.intro', { halfLife, minSample })}
          </Typography.Paragraph>
          {filters.touchpoint ? (
            <Typography.Text type="warning" data-testid="touchpoint-filter-note">
              {t('stores.filterNote')}
            </Typography.Text>
          ) : null}
        </Flex>
      }
      query={{
        data: items ? { items } : undefined,
        isError: ranking.isError,
        error: ranking.error,
        isFetching: ranking.isFetching,
        isPlaceholderData: ranking.isPlaceholderData,
        refetch: () => ranking.refetch(),
      }}
      tableTestId="stores-table"
      testIdPrefix="stores"
      emptyText={t('stores.empty')}
      // On a phone: rank, store, score, n; the contributions and the change stay out (columns' `responsive`).
      table={{ rowKey: 'store', columns, scroll: { x: 'max-content' } }}
    />
  );
}
