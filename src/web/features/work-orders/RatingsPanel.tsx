import { StarFilled } from '@ant-design/icons';
import { Card, Descriptions, Empty, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { formatScore } from '../../../common/scoring/round';
import { useFormatDate } from '../../app/format';
import { ErrorState } from '../../components/ErrorState';
import { type AnswerRow, RATING_CLASS_COLORS, useWorkOrderRatings, type WorkOrderRating } from './workOrdersApi';

/** The anchor of a rating on the work-order page (the timeline's "rated" entry links to it). */
export const ratingAnchor = (ratingId: string) => `rating-${ratingId}`;

/** A rating's stars (1 + 4·S/100) as "★ 4.2", its class and S; used by the panel and the list's column. */
export function RatingBadge({ stars, ratingClass }: { stars: number | null; ratingClass: WorkOrderRating['class'] }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <Typography.Text strong data-testid="rating-stars">
        <StarFilled style={{ color: '#d48806' }} aria-hidden /> {formatScore(stars)}
      </Typography.Text>
      <Tag color={ratingClass ? RATING_CLASS_COLORS[ratingClass] : 'default'} data-testid="rating-class">
        {t(`workOrders.ratings.classes.${ratingClass ?? 'none'}`)}
      </Tag>
    </Space>
  );
}

function AnswerValue({ row }: { row: AnswerRow }) {
  const { t } = useTranslation();
  if (row.display === null)
    return <Typography.Text type="secondary">{t('workOrders.ratings.notAnswered')}</Typography.Text>;
  if (row.type === 'text')
    return (
      <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }} data-testid="rating-comment">
        “{row.display}”
      </Typography.Paragraph>
    );
  return <Typography.Text>{row.display}</Typography.Text>;
}

/** One rating with its answers (the panel's item; also the rating detail page's body). */
export function RatingItem({ rating, highlighted }: { rating: WorkOrderRating; highlighted: boolean }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const channel = rating.channel ? t(`rules.channels.${rating.channel}`) : null;
  return (
    <section
      id={ratingAnchor(rating.id)}
      data-testid="rating"
      data-class={rating.class ?? 'none'}
      aria-label={t('workOrders.ratings.itemLabel', { date: formatDate(rating.submittedAt) })}
      style={{
        padding: 12,
        borderRadius: 8,
        border: `1px solid ${highlighted ? '#1677ff' : 'rgba(5, 5, 5, 0.06)'}`,
        scrollMarginTop: 80,
      }}
    >
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Space wrap size={[12, 4]} style={{ justifyContent: 'space-between', width: '100%' }}>
          <RatingBadge stars={rating.stars} ratingClass={rating.class} />
          <Typography.Text type="secondary" data-testid="rating-score">
            {t('workOrders.ratings.score', { score: formatScore(rating.score) })}
          </Typography.Text>
        </Space>
        <Space wrap size={[8, 4]}>
          <Tag data-testid="rating-origin">{t(`workOrders.ratings.origins.${rating.origin}`)}</Tag>
          {channel ? <Tag data-testid="rating-channel">{t('workOrders.ratings.via', { channel })}</Tag> : null}
          {rating.contactRequested ? <Tag color="orange">{t('workOrders.ratings.contactRequested')}</Tag> : null}
          {rating.textRemovedAt ? (
            <Tag data-testid="rating-text-removed">
              {t('workOrders.ratings.textRemoved', { date: formatDate(rating.textRemovedAt) })}
            </Tag>
          ) : null}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDate(rating.submittedAt)} · {rating.templateName} v{rating.templateVersion}
          </Typography.Text>
        </Space>
        <Descriptions
          size="small"
          column={1}
          bordered
          data-testid="rating-answers"
          items={rating.answers.map((row) => ({
            key: row.key,
            label: row.label,
            children: <AnswerValue row={row} />,
          }))}
        />
      </Space>
    </section>
  );
}

/**
 * Every rating of the work order, newest first: ★, class, S, where it came from and on which channel, and each answer
 * in the words and scale of the template version the customer answered (in the language they answered in).
 */
export function RatingsPanel({ workOrderId }: { workOrderId: string }) {
  const { t } = useTranslation();
  const ratings = useWorkOrderRatings(workOrderId);
  const { hash } = useLocation();
  const target = hash.startsWith('#rating-') ? hash.slice(1) : null;

  // A link from the timeline (or a pasted one) scrolls to its rating once the ratings are there.
  useEffect(() => {
    if (!target || !ratings.data) return;
    document.getElementById(target)?.scrollIntoView({ block: 'start' });
  }, [target, ratings.data]);

  return (
    <Card title={t('workOrders.ratings.title')} data-testid="ratings-panel">
      {ratings.isPending ? (
        <Skeleton active />
      ) : ratings.isError ? (
        <ErrorState error={ratings.error} onRetry={() => void ratings.refetch()} />
      ) : ratings.data.length === 0 ? (
        <Empty description={t('workOrders.ratings.empty')} />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {ratings.data.map((rating) => (
            <RatingItem key={rating.id} rating={rating} highlighted={target === ratingAnchor(rating.id)} />
          ))}
        </Space>
      )}
    </Card>
  );
}
