import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Empty, Flex, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { formatScore } from '../../../common/scoring/round';
import { useFormatDate } from '../../app/format';
import { ErrorState } from '../../components/ErrorState';
import { RatingBadge, RatingItem, ratingAnchor } from '../work-orders/RatingsPanel';
import { useWorkOrder, useWorkOrderRatings } from '../work-orders/workOrdersApi';
import { useRating } from './ratingsApi';

/**
 * One rating (`/ratings/:id`): ★, class, S, its answers with their labels in the words the customer answered in
 * (the work order's ratings API, shown by the work-order page's `RatingItem`), and the link to its work order.
 */
export function RatingDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const formatDate = useFormatDate();
  const rating = useRating(id);
  const workOrderId = rating.data?.workOrderId ?? '';
  const workOrder = useWorkOrder(workOrderId);
  const ratings = useWorkOrderRatings(workOrderId);
  const withAnswers = ratings.data?.find((item) => item.id === id);
  const workOrderLink = `/work-orders/${workOrderId}#${ratingAnchor(id)}`;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="rating-detail">
      <Flex align="center" gap={8} wrap>
        <Button
          type="text"
          icon={<ArrowLeftOutlined />}
          aria-label={t('ratingDetail.back')}
          onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/ratings'))}
        />
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('ratingDetail.title')}
        </Typography.Title>
      </Flex>
      {rating.isPending ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : rating.isError ? (
        <Card>
          <ErrorState error={rating.error} onRetry={() => void rating.refetch()} />
        </Card>
      ) : (
        <>
          <Card>
            <Descriptions
              column={{ xs: 1, sm: 2, lg: 3 }}
              size="small"
              items={[
                {
                  key: 'rating',
                  label: t('ratingsList.stars'),
                  children: <RatingBadge stars={rating.data.stars} ratingClass={rating.data.class} />,
                },
                {
                  key: 'score',
                  label: t('ratingsList.score'),
                  children: <span data-testid="rating-detail-score">{formatScore(rating.data.score)}</span>,
                },
                {
                  key: 'submittedAt',
                  label: t('ratingsList.submittedAt'),
                  children: formatDate(rating.data.submittedAt),
                },
                {
                  key: 'source',
                  label: t('ratingsList.source'),
                  children: t(`analytics.sources.${rating.data.source}`),
                },
                {
                  key: 'workOrder',
                  label: t('ratingsList.workOrder'),
                  children: (
                    <Link to={workOrderLink} data-testid="rating-detail-work-order">
                      {workOrder.data?.number ?? t('ratingDetail.openWorkOrder')}
                    </Link>
                  ),
                },
              ]}
            />
          </Card>
          <Card title={t('ratingDetail.answers')}>
            {ratings.isPending ? (
              <Skeleton active />
            ) : ratings.isError ? (
              <ErrorState error={ratings.error} onRetry={() => void ratings.refetch()} />
            ) : withAnswers ? (
              <RatingItem rating={withAnswers} highlighted={false} />
            ) : (
              <Empty description={t('ratingDetail.notFound')} />
            )}
          </Card>
        </>
      )}
    </Space>
  );
}
