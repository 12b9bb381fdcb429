import { Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatScore } from '../../../common/scoring/round';
import { useFormatDate } from '../../app/format';
import { CursorPager, useCursorStack } from '../../components/CursorPager';
import type { DrillDown } from '../dashboard/analyticsApi';
import { useDrillDown } from '../dashboard/analyticsQueries';
import type { Range } from '../dashboard/period';
import { RATING_CLASS_COLORS } from '../work-orders/workOrdersApi';
import type { MemberBy } from './MemberPage';

const PAGE_SIZE = 10;

/**
 * The ratings behind the page's numbers (GET /analytics/ratings with the member as filter, so its total equals the
 * ratings count above), newest first; a KPI's class or negatives narrow it. An engineer sees only their own here.
 */
export function MemberRatings({
  by,
  id,
  range,
  drill,
  onClear,
  allLink,
}: {
  by: MemberBy;
  id: string;
  range: Range;
  drill: Pick<DrillDown, 'class' | 'negative'>;
  onClear: () => void;
  /** The full ratings page with the same filters, for those who may open it. */
  allLink: string | null;
}) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const pages = useCursorStack();
  const query = {
    from: range.from,
    to: range.to,
    ...(by === 'engineer' ? { engineerId: id } : { departmentId: id }),
    ...(drill.class ? { class: drill.class } : {}),
    ...(drill.negative === undefined ? {} : { negative: String(drill.negative) as 'true' | 'false' }),
    limit: PAGE_SIZE,
    ...(pages.cursor ? { cursor: pages.cursor } : {}),
  };
  const list = useDrillDown(query);
  const key = `${range.from}|${range.to}|${drill.class}|${drill.negative}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new period or narrowing starts at the first page
  useEffect(() => pages.reset(), [key]);
  type Row = NonNullable<typeof list.data>['items'][number];
  const narrowed = drill.class !== undefined || drill.negative !== undefined;
  const columns: ColumnsType<Row> = [
    {
      title: t('ratingsList.submittedAt'),
      key: 'submittedAt',
      width: 170,
      render: (_, row) => formatDate(row.submittedAt),
    },
    {
      title: t('ratingsList.workOrder'),
      key: 'workOrder',
      width: 150,
      render: (_, row) => (
        <Link to={`/work-orders/${row.workOrderId}#rating-${row.id}`} data-testid="member-rating-work-order">
          {row.workOrderNumber}
        </Link>
      ),
    },
    {
      title: t('ratingsList.score'),
      key: 'score',
      width: 80,
      align: 'right',
      render: (_, row) => formatScore(row.score),
    },
    {
      title: t('ratingsList.class'),
      key: 'class',
      width: 100,
      render: (_, row) => (
        <Tag color={row.class ? RATING_CLASS_COLORS[row.class] : 'default'}>
          {t(`workOrders.ratings.classes.${row.class ?? 'none'}`)}
        </Tag>
      ),
    },
    {
      title: t('members.engineers'),
      key: 'engineers',
      responsive: ['md'],
      render: (_, row) => (
        <Space size={4} wrap>
          {row.engineers.map((engineer) => engineer.name).join(', ') || '—'}
          {row.engineers.length > 1 ? <Tag data-testid="member-rating-shared">{t('members.sharedTag')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('ratingsList.comment'),
      key: 'comment',
      render: (_, row) =>
        row.comment ? (
          <Typography.Text ellipsis={{ tooltip: row.comment }} style={{ maxWidth: 320 }}>
            {row.comment}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <Card
      id="member-ratings"
      title={
        <Space size={8} wrap>
          {t('members.ratings')}
          {narrowed ? (
            <Tag closable onClose={onClear} data-testid="member-ratings-narrowed">
              {drill.negative ? t('members.onlyNegative') : t(`workOrders.ratings.classes.${drill.class ?? 'none'}`)}
            </Tag>
          ) : null}
        </Space>
      }
      extra={
        allLink ? (
          <Link to={allLink} data-testid="member-all-ratings">
            {t('members.allRatings')}
          </Link>
        ) : null
      }
      data-testid="member-ratings"
    >
      <Table<Row>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isLoading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('members.noRatings')} /> }}
        data-testid="member-ratings-table"
      />
      {list.isError ? (
        <Button onClick={() => list.refetch()} style={{ marginTop: 8 }}>
          {t('common.retry')}
        </Button>
      ) : null}
      <CursorPager
        pages={pages}
        nextCursor={list.data?.nextCursor}
        stale={list.isPlaceholderData}
        testIdPrefix="member-ratings"
        total={list.data?.total}
        pageSize={PAGE_SIZE}
      />
    </Card>
  );
}
