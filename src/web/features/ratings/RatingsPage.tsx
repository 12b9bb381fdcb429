import { StarFilled } from '@ant-design/icons';
import { Checkbox, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatScore } from '../../../common/scoring/round';
import { useFormatDate } from '../../app/format';
import { ExportButton } from '../../components/ExportButton';
import { ListPage } from '../../components/ListPage';
import { useListState } from '../../components/useListState';
import { AnalyticsFilterBar } from '../dashboard/AnalyticsFilterBar';
import { analyticsQuery, periodOf } from '../dashboard/analyticsApi';
import {
  type DrillDownRating,
  type DrillDownSort,
  type SummaryDimension,
  useDrillDown,
  useSummary,
} from '../dashboard/analyticsQueries';
import { WithOrganisationToday } from '../dashboard/useAnalyticsScope';
import { RATING_CLASS_COLORS } from '../work-orders/workOrdersApi';
import {
  DRILL_DOWN_SORTS,
  RATING_CLASS_FILTERS,
  type RatingClassFilter,
  type RatingsFilters,
  ratingsFiltersUrl,
} from './ratingsApi';

const PAGE_SIZE = 50;

/**
 * The rounded ★ as five stars, read as "3.1 stars": drawn, not antd's Rate — a disabled Rate is still a radio group,
 * an interactive control that must not sit inside a table cell's image (axe nested-interactive).
 */
function StarRow({ rounded, label }: { rounded: number; label: string }) {
  return (
    <span role="img" aria-label={label} style={{ whiteSpace: 'nowrap' }}>
      {[1, 2, 3, 4, 5].map((star) => (
        <StarFilled key={star} aria-hidden style={{ color: star <= rounded ? '#d48806' : '#d9d9d9', marginRight: 2 }} />
      ))}
    </span>
  );
}

/**
 * The dimension columns: the summary's dimensions for the same filters (labels in the console's language, in the
 * newest template's order), then any other answered key of the page that is not the comment (a multiple choice),
 * headed by its question as the page's newest rating words it.
 */
function answerColumns(rows: DrillDownRating[], dimensions: SummaryDimension[]) {
  const known = new Set(dimensions.map((dimension) => dimension.key));
  const others = [...new Set(rows.flatMap((row) => Object.keys(row.answers)))].filter(
    (key) => !known.has(key) && rows.some((row) => row.answers[key] !== undefined && row.answers[key] !== row.comment),
  );
  return [
    ...dimensions.map((dimension) => ({ key: dimension.key, label: dimension.label })),
    ...others.map((key) => ({
      key,
      label: rows.find((row) => row.answerTexts[key])?.answerTexts[key]?.label ?? key,
    })),
  ];
}

/**
 * Every rating behind a dashboard number (GET /analytics/ratings): the dashboard's filters plus class / ★ /
 * negatives, all in the URL; server-side sort and keyset paging; `total` equals the number clicked.
 */
export function RatingsPage() {
  return <WithOrganisationToday>{(today) => <Ratings today={today} />}</WithOrganisationToday>;
}

/** The page once the organisation's today is known (periods are its local days). */
function Ratings({ today }: { today: string }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const state = useListState<RatingsFilters, DrillDownSort>({
    filters: ratingsFiltersUrl,
    sort: { values: DRILL_DOWN_SORTS, default: '-submittedAt' },
  });
  const { filters, update, sort, setSort, pages } = state;
  const range = periodOf(filters, today, null);
  const base = analyticsQuery(filters, range);
  const query = {
    ...base,
    class: filters.class,
    stars: filters.stars === undefined ? undefined : Number(filters.stars),
    negative: filters.negative,
    keyword: filters.keyword,
    sort,
    limit: PAGE_SIZE,
    cursor: pages.cursor,
  };
  const list = useDrillDown(query);
  // The dimensions' labels and scales for the column headers (the same filters, so the same template versions).
  const summary = useSummary(base);
  const rows = list.data?.items ?? [];
  const dimensions = answerColumns(rows, summary.data?.dimensions ?? []);

  const columns: ColumnsType<DrillDownRating> = [
    {
      title: t('ratingsList.submittedAt'),
      key: 'submittedAt',
      sorter: true,
      width: 170,
      fixed: 'left',
      render: (_, row) => (
        <Link to={`/ratings/${row.id}`} data-testid="rating-link">
          {formatDate(row.submittedAt)}
        </Link>
      ),
    },
    {
      title: t('ratingsList.workOrder'),
      key: 'workOrder',
      width: 150,
      render: (_, row) => (
        <Link to={`/work-orders/${row.workOrderId}#rating-${row.id}`} data-testid="rating-work-order">
          {row.workOrderNumber}
        </Link>
      ),
    },
    {
      title: t('ratingsList.score'),
      key: 'score',
      sorter: true,
      align: 'right',
      width: 100,
      render: (_, row) => formatScore(row.score),
    },
    {
      title: t('ratingsList.stars'),
      key: 'stars',
      width: 150,
      render: (_, row) =>
        row.roundedStars === null ? (
          '—'
        ) : (
          <StarRow rounded={row.roundedStars} label={t('ratingsList.starsLabel', { stars: formatScore(row.stars) })} />
        ),
    },
    {
      title: t('ratingsList.class'),
      key: 'class',
      width: 90,
      render: (_, row) => (
        <Tag color={row.class ? RATING_CLASS_COLORS[row.class] : 'default'} data-testid="rating-class">
          {t(`workOrders.ratings.classes.${row.class ?? 'none'}`)}
        </Tag>
      ),
    },
    ...dimensions.map((dimension) => ({
      title: dimension.label,
      key: `answer-${dimension.key}`,
      width: 120,
      // The server words each answer ("4 / 5", "Yes", an option's label) in the console's language.
      render: (_: unknown, row: DrillDownRating) => row.answerTexts[dimension.key]?.text ?? '—',
    })),
    {
      title: t('ratingsList.comment'),
      key: 'comment',
      width: 240,
      render: (_, row) =>
        row.comment ? (
          <Typography.Text ellipsis={{ tooltip: row.comment }} style={{ maxWidth: 220 }}>
            {row.comment}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    {
      title: t('ratingsList.engineers'),
      key: 'engineers',
      width: 160,
      render: (_, row) => row.engineers.map((engineer) => engineer.name ?? engineer.id).join(', ') || '—',
    },
    {
      title: t('ratingsList.department'),
      key: 'department',
      width: 140,
      render: (_, row) => row.department?.name ?? '—',
    },
    {
      title: t('ratingsList.channel'),
      key: 'channel',
      width: 100,
      render: (_, row) => (row.channel ? t(`rules.channels.${row.channel}`, { defaultValue: row.channel }) : '—'),
    },
    {
      title: t('ratingsList.source'),
      key: 'source',
      width: 110,
      render: (_, row) => t(`analytics.sources.${row.source}`),
    },
  ];

  return (
    <ListPage<DrillDownRating, DrillDownSort>
      title={
        <Space size={12} wrap align="baseline">
          {t('nav.ratings')}
          {list.data ? (
            <Typography.Text
              type="secondary"
              style={{ fontSize: 16, fontWeight: 'normal' }}
              data-testid="ratings-count"
            >
              {t('ratingsList.count', { count: list.data.total })}
            </Typography.Text>
          ) : null}
        </Space>
      }
      // The export takes the list's filters without its paging and sort: every matching rating, one row each.
      actions={
        <ExportButton
          kind="ratings"
          filters={{
            ...base,
            class: filters.class,
            stars: query.stars,
            negative: filters.negative,
            keyword: filters.keyword,
          }}
        />
      }
      filters={
        <AnalyticsFilterBar filters={filters} update={update} range={range} allowAnyTime>
          <Select<RatingClassFilter>
            allowClear
            data-testid="filter-class"
            style={{ width: 130, maxWidth: '100%' }}
            placeholder={t('analytics.filters.class')}
            aria-label={t('analytics.filters.class')}
            value={filters.class}
            onChange={(ratingClass?: RatingClassFilter) => update({ class: ratingClass })}
            options={RATING_CLASS_FILTERS.map((value) => ({
              value,
              label: t(`workOrders.ratings.classes.${value}`),
            }))}
          />
          <Select<NonNullable<RatingsFilters['stars']>>
            allowClear
            data-testid="filter-stars"
            style={{ width: 110, maxWidth: '100%' }}
            placeholder={t('analytics.filters.stars')}
            aria-label={t('analytics.filters.stars')}
            value={filters.stars}
            onChange={(stars?: RatingsFilters['stars']) => update({ stars })}
            options={(['1', '2', '3', '4', '5'] as const).map((value) => ({ value, label: `${value}★` }))}
          />
          <Checkbox
            data-testid="filter-negative"
            checked={filters.negative === 'true'}
            onChange={(event) => update({ negative: event.target.checked ? 'true' : undefined })}
          >
            {t('analytics.filters.negative')}
          </Checkbox>
          {filters.keyword ? (
            <Tag closable onClose={() => update({ keyword: undefined })} data-testid="filter-keyword">
              {t('keywords.filterTag', { keyword: filters.keyword })}
            </Tag>
          ) : null}
        </AnalyticsFilterBar>
      }
      query={list}
      pages={pages}
      pageSize={PAGE_SIZE}
      tableTestId="ratings-table"
      testIdPrefix="ratings"
      emptyText={t('ratingsList.empty')}
      sort={{ value: sort, onChange: setSort }}
      table={{ rowKey: 'id', columns, scroll: { x: 'max-content' }, size: 'small' }}
    />
  );
}
