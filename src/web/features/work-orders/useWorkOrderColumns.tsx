import { Space, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatScore } from '../../../common/scoring/round';
import { useFormatDate } from '../../app/format';
import { RatingBadge, ratingAnchor } from './RatingsPanel';
import { NODE_STATUS_COLORS, STATUS_COLORS, type WorkOrder, type WorkOrderStatus } from './workOrdersApi';

/** The work-order table's columns; `createdAt` sorts on the server (`ListPage` maps `sorter: true` to `?sort=`). */
export function useWorkOrderColumns(): ColumnsType<WorkOrder> {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  return [
    {
      title: t('workOrders.number'),
      dataIndex: 'number',
      key: 'number',
      width: 170,
      fixed: 'left',
      render: (number: string, row) => (
        <Link to={`/work-orders/${row.id}`} data-testid="work-order-link">
          {number}
        </Link>
      ),
    },
    { title: t('workOrders.subject'), dataIndex: 'subject', key: 'subject', ellipsis: true, width: 220 },
    {
      title: t('workOrders.statusLabel'),
      dataIndex: 'status',
      key: 'status',
      width: 100,
      render: (status: WorkOrderStatus) => (
        <Tag color={STATUS_COLORS[status]} data-testid="work-order-status">
          {t(`workOrders.status.${status}`)}
        </Tag>
      ),
    },
    {
      title: t('workOrders.nodes.types.rating'),
      key: 'ratingNode',
      width: 150,
      // The latest rating's ★ and class (negatives in red, with their count when several); before the first rating,
      // the rating node's state (pending, skipped…).
      render: (_: unknown, wo: WorkOrder) =>
        wo.ratings ? (
          <Link
            to={{ pathname: `/work-orders/${wo.id}`, hash: ratingAnchor(wo.ratings.latest.id) }}
            data-testid="work-order-rating"
            data-class={wo.ratings.latest.class ?? 'none'}
            // A title, not an aria-label: the accessible name stays the visible ★ and class (WCAG 2.5.3, axe
            // label-content-name-mismatch).
            title={t('workOrders.ratings.columnLabel', {
              stars: formatScore(wo.ratings.latest.stars),
              count: wo.ratings.count,
            })}
          >
            <Space size={4} wrap>
              <RatingBadge stars={wo.ratings.latest.stars} ratingClass={wo.ratings.latest.class} />
              {wo.ratings.count > 1 ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('workOrders.ratings.count', { count: wo.ratings.count })}
                </Typography.Text>
              ) : null}
              {wo.ratings.negativeCount > 0 && wo.ratings.latest.class !== 'negative' ? (
                <Tag color="red">{t('workOrders.ratings.negatives', { count: wo.ratings.negativeCount })}</Tag>
              ) : null}
            </Space>
          </Link>
        ) : wo.ratingNode ? (
          <Tooltip title={wo.ratingNode.reason ? t(`workOrders.nodes.reasons.${wo.ratingNode.reason}`) : undefined}>
            <Tag color={NODE_STATUS_COLORS[wo.ratingNode.status]} data-testid="work-order-rating-node">
              {t(`workOrders.nodes.statuses.${wo.ratingNode.status}`)}
            </Tag>
          </Tooltip>
        ) : (
          '—'
        ),
    },
    {
      title: t('workOrders.serviceType'),
      key: 'serviceType',
      width: 130,
      render: (_, row) => row.serviceType.name,
    },
    {
      title: t('workOrders.customer'),
      key: 'customer',
      width: 150,
      render: (_, row) =>
        row.customer.name || row.customer.phone ? (
          <Space orientation="vertical" size={0}>
            <span>{row.customer.name ?? '—'}</span>
            {row.customer.phone ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {row.customer.phone}
              </Typography.Text>
            ) : null}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('workOrders.engineers'),
      key: 'engineers',
      width: 150,
      render: (_, row) => (row.engineers.length ? row.engineers.map((e) => e.name).join('、') : '—'),
    },
    {
      title: t('workOrders.department'),
      key: 'department',
      width: 140,
      render: (_, row) => row.department?.name ?? '—',
    },
    { title: t('workOrders.store'), dataIndex: 'store', key: 'store', width: 130, render: (v) => v ?? '—' },
    {
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      width: 170,
      render: formatDate,
      sorter: true,
      sortDirections: ['descend', 'ascend'],
    },
    {
      title: t('workOrders.completedAt'),
      dataIndex: 'completedAt',
      key: 'completedAt',
      width: 170,
      render: formatDate,
    },
  ];
}
