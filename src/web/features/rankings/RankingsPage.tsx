import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Flex, Segmented, Space, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatScore } from '../../../common/scoring/round';
import { type Answer, allOf, client, ok } from '../../api/client';
import { useFormatDate } from '../../app/format';
import { ExportButton } from '../../components/ExportButton';
import { ListPage } from '../../components/ListPage';
import { type UrlSpec, urlParam, useListState } from '../../components/useListState';
import { AnalyticsFilterBar } from '../dashboard/AnalyticsFilterBar';
import {
  type AnalyticsFilters,
  analyticsFiltersUrl,
  analyticsKeys,
  analyticsQuery,
  periodOf,
  ratingsLink,
} from '../dashboard/analyticsApi';
import { effectivePreset } from '../dashboard/period';
import { WithOrganisationToday } from '../dashboard/useAnalyticsScope';

type Ranking = Answer<'/analytics/rankings'>;
type RankingRow = Ranking['items'][number];
type RankedBy = Ranking['by'];

/** Who is ranked, checked against the API's enum both ways. */
export const RANKED_BY = allOf<RankedBy>()(['engineer', 'department']);

interface RankingFilters extends AnalyticsFilters {
  by?: RankedBy;
}
const rankingFiltersUrl: UrlSpec<RankingFilters> = { ...analyticsFiltersUrl, by: urlParam.oneOf(RANKED_BY) };

/** Analytics → Rankings: engineers or departments ranked fairly (SCORING.md §6), every row a link to its ratings. */
export function RankingsPage() {
  return <WithOrganisationToday>{(today) => <Rankings today={today} />}</WithOrganisationToday>;
}

function Rankings({ today }: { today: string }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const { filters, update } = useListState<RankingFilters>({ filters: rankingFiltersUrl });
  const by: RankedBy = filters.by ?? 'engineer';
  const range = periodOf(filters, today, 'last30') ?? { from: today, to: today };
  const query = { ...analyticsQuery(filters, range), by };
  const ranking = useQuery({
    queryKey: analyticsKeys.rankings(query),
    queryFn: () => ok(client.GET('/analytics/rankings', { params: { query } })),
    placeholderData: (previous) => previous,
  });
  const data = ranking.data;
  const minSample = data?.minSample ?? 5;
  const prior = data?.priorWeight ?? 10;

  const rowLink = (row: RankingRow) =>
    ratingsLink(
      by === 'engineer'
        ? { ...filters, engineerId: row.id, engineerLabel: row.name || undefined }
        : { ...filters, departmentId: row.id },
      range,
    );

  // A row's own page, for the same period: a preset by its name, so the page's period bar shows "Last 30 days" and
  // not "Custom" with the same days.
  const preset = effectivePreset(filters.period, filters.from, filters.to);
  const pageLink = (row: RankingRow) =>
    `/analytics/${by === 'engineer' ? 'engineers' : 'departments'}/${row.id}?${
      preset === 'custom' ? `from=${range.from}&to=${range.to}` : `period=${preset}`
    }`;

  const change = (row: RankingRow) => {
    if (!row.previous || row.rank === null) return null;
    if (row.previous.rank === null) return <Tag>{t('rankings.new')}</Tag>;
    const delta = row.previous.rank - row.rank;
    if (delta === 0) {
      return (
        <Typography.Text type="secondary">
          <MinusOutlined aria-hidden /> {t('rankings.same')}
        </Typography.Text>
      );
    }
    return delta > 0 ? (
      <Typography.Text type="success">
        <ArrowUpOutlined aria-hidden /> {t('rankings.up', { count: delta })}
      </Typography.Text>
    ) : (
      <Typography.Text type="danger">
        <ArrowDownOutlined aria-hidden /> {t('rankings.down', { count: -delta })}
      </Typography.Text>
    );
  };

  const columns: ColumnsType<RankingRow> = [
    {
      title: t('rankings.rank'),
      key: 'rank',
      width: 110,
      render: (_, row) =>
        row.rank === null ? (
          <Tooltip title={t('rankings.insufficientHelp', { minSample })}>
            <Tag data-testid="ranking-insufficient">{t('rankings.insufficient')}</Tag>
          </Tooltip>
        ) : (
          <Typography.Text strong data-testid="ranking-rank">
            #{row.rank}
          </Typography.Text>
        ),
    },
    {
      title: t('rankings.name'),
      key: 'name',
      render: (_, row) => (
        <Space size={4} wrap>
          <Link to={pageLink(row)} title={t('rankings.openPage')} data-testid="ranking-name">
            {row.name || t('rankings.unnamed')}
          </Link>
          {row.kind ? <Tag>{t(`rankings.kinds.${row.kind}`)}</Tag> : null}
          {row.shared ? (
            <Tooltip title={t('rankings.sharedHelp', { count: row.shared })}>
              <Tag data-testid="ranking-shared">{t('rankings.shared', { count: row.shared })}</Tag>
            </Tooltip>
          ) : null}
        </Space>
      ),
    },
    {
      title: <Tooltip title={t('rankings.scoreHelp', { prior })}>{t('rankings.score')}</Tooltip>,
      key: 'bayesian',
      width: 110,
      align: 'right',
      render: (_, row) => (
        <Typography.Text strong={row.rank !== null} data-testid="ranking-score">
          {formatScore(row.bayesian)}
        </Typography.Text>
      ),
    },
    {
      title: <Tooltip title={t('rankings.bandHelp')}>{t('rankings.band')}</Tooltip>,
      key: 'band',
      width: 130,
      responsive: ['md'],
      align: 'right',
      render: (_, row) =>
        row.band ? (
          <Typography.Text type="secondary">
            {formatScore(row.band.low)}–{formatScore(row.band.high)}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    {
      title: t('rankings.mean'),
      key: 'mean',
      width: 90,
      responsive: ['md'],
      align: 'right',
      render: (_, row) => formatScore(row.mean),
    },
    {
      title: t('rankings.ratings'),
      key: 'n',
      width: 90,
      align: 'right',
      render: (_, row) => <Link to={rowLink(row)}>{row.count}</Link>,
    },
    {
      title: t('rankings.negative'),
      key: 'negative',
      width: 90,
      responsive: ['md'],
      align: 'right',
      render: (_, row) =>
        row.negative > 0 ? (
          <Link to={`${rowLink(row)}&negative=true`}>{row.negative}</Link>
        ) : (
          <Typography.Text type="secondary">0</Typography.Text>
        ),
    },
    { title: t('rankings.change'), key: 'change', width: 140, responsive: ['md'], render: (_, row) => change(row) },
  ];

  return (
    <ListPage<RankingRow>
      title={t('rankings.title')}
      actions={
        <Space size={12} wrap>
          {data?.asOf ? (
            <Typography.Text type="secondary" data-testid="as-of">
              {t('analytics.dashboard.asOf', { time: formatDate(data.asOf) })}
            </Typography.Text>
          ) : null}
          <ExportButton kind="rankings" filters={query} />
        </Space>
      }
      filters={
        <AnalyticsFilterBar filters={filters} update={update} range={range}>
          <Segmented<RankedBy>
            aria-label={t('rankings.byLabel')}
            value={by}
            onChange={(next) => update({ by: next === 'engineer' ? undefined : next })}
            options={RANKED_BY.map((value) => ({ value, label: t(`rankings.by.${value}`) }))}
            data-testid="ranking-by"
          />
        </AnalyticsFilterBar>
      }
      toolbar={
        <Flex style={{ marginBottom: 12 }}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('rankings.intro', {
              orgMean: formatScore(data?.orgMean ?? null),
              prior,
              minSample,
            })}
          </Typography.Paragraph>
        </Flex>
      }
      query={{
        data: data ? { items: data.items } : undefined,
        isError: ranking.isError,
        error: ranking.error,
        isFetching: ranking.isFetching,
        isPlaceholderData: ranking.isPlaceholderData,
        refetch: () => ranking.refetch(),
      }}
      tableTestId="rankings-table"
      testIdPrefix="rankings"
      emptyText={t('rankings.empty')}
      // On a phone the band, mean, negatives and change stay out (columns' `responsive`): rank, name, score, n fit.
      table={{ rowKey: 'id', columns, scroll: { x: 'max-content' } }}
    />
  );
}
