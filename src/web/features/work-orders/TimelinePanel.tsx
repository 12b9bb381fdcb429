import {
  CheckCircleOutlined,
  ClockCircleOutlined,
  EyeOutlined,
  MailOutlined,
  StarFilled,
  StopOutlined,
  SwapRightOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Card, Empty, Skeleton, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormatDate } from '../../app/format';
import { ErrorState } from '../../components/ErrorState';
import { ratingAnchor } from './RatingsPanel';
import { describeEvent } from './timelineText';
import { type TimelineEvent, useTimeline } from './workOrdersApi';

function iconOf(type: string): { icon: ReactNode; color: string } {
  if (type === 'work_order.status_changed') return { icon: <SwapRightOutlined />, color: 'blue' };
  if (type === 'work_order.rating_skipped') return { icon: <StopOutlined />, color: 'gray' };
  if (type.startsWith('invitation.opened')) return { icon: <EyeOutlined />, color: 'blue' };
  if (type === 'invitation.failed' || type === 'invitation.expired') return { icon: <WarningOutlined />, color: 'red' };
  if (type.startsWith('invitation.')) return { icon: <MailOutlined />, color: 'cyan' };
  if (type === 'rating.negative') return { icon: <WarningOutlined />, color: 'red' };
  if (type.startsWith('rating.')) return { icon: <StarFilled />, color: 'gold' };
  if (type.endsWith('node_completed')) return { icon: <CheckCircleOutlined />, color: 'green' };
  return { icon: <ClockCircleOutlined />, color: 'gray' };
}

export function actorText(event: TimelineEvent, t: TFunction): string {
  if (event.actor.type === 'customer') return t('workOrders.timeline.actors.customer');
  if (event.actor.type === 'system') return t('workOrders.timeline.actors.system');
  if (event.actor.type === 'api_key') return `${t('workOrders.timeline.actors.api_key')} ${event.actor.name ?? ''}`;
  return event.actor.name ?? t('workOrders.timeline.actors.user');
}

export function TimelinePanel({ workOrderId }: { workOrderId: string }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const timeline = useTimeline(workOrderId);
  return (
    <Card title={t('workOrders.timeline.title')} data-testid="timeline">
      {timeline.isPending ? (
        <Skeleton active />
      ) : timeline.isError ? (
        <ErrorState error={timeline.error} onRetry={() => void timeline.refetch()} />
      ) : timeline.data.length === 0 ? (
        <Empty description={t('workOrders.timeline.empty')} />
      ) : (
        <Timeline
          items={timeline.data.map((event) => {
            const { icon, color } = iconOf(event.type);
            return {
              key: event.id,
              color,
              icon,
              content: (
                <div data-testid="timeline-item" data-type={event.type}>
                  {event.subjectType === 'rating' && event.subjectId && event.type !== 'rating.contact_requested' ? (
                    <Link to={{ hash: ratingAnchor(event.subjectId) }} data-testid="timeline-rating-link">
                      {describeEvent(event, t)}
                    </Link>
                  ) : (
                    <Typography.Text>{describeEvent(event, t)}</Typography.Text>
                  )}
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {actorText(event, t)} · {formatDate(event.at)}
                    </Typography.Text>
                  </div>
                </div>
              ),
            };
          })}
        />
      )}
    </Card>
  );
}
