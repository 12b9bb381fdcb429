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
import { useFormatDate } from '../../app/format';
import { ErrorState } from '../../components/ErrorState';
import { type TimelineEvent, useTimeline } from './workOrdersApi';

const str = (value: unknown) => (typeof value === 'string' ? value : '');

/** One localised sentence per event type; unknown types fall back to the type itself. */
export function describeEvent(event: TimelineEvent, t: TFunction): string {
  const data = event.data;
  const status = (value: unknown) => t(`workOrders.status.${str(value)}`, { defaultValue: str(value) });
  const channelList = (value: unknown) =>
    Array.isArray(value)
      ? value.map((c) => t(`rules.channels.${String(c)}`, { defaultValue: String(c) })).join('、')
      : '';
  const node = (value: unknown) => t(`workOrders.nodes.types.${str(value)}`, { defaultValue: str(value) });
  switch (event.type) {
    case 'work_order.created':
      return t('workOrders.timeline.created', { number: str(data.number), status: status(data.status) });
    case 'work_order.updated':
      return t('workOrders.timeline.updated', {
        fields: Object.keys((data.changes as Record<string, unknown> | undefined) ?? {}).join(', ') || '—',
      });
    case 'work_order.status_changed':
      return t('workOrders.timeline.statusChanged', { from: status(data.from), to: status(data.to) });
    case 'work_order.node_started':
      return t('workOrders.timeline.nodeStarted', { node: node(data.type) });
    case 'work_order.node_completed':
      return t('workOrders.timeline.nodeCompleted', { node: node(data.type ?? 'rating') });
    case 'work_order.rating_skipped': {
      const reason = str(data.reason);
      const why = str(data.skipReason);
      return t('workOrders.timeline.ratingSkipped', {
        reason: t(`workOrders.nodes.reasons.${reason}`, { defaultValue: reason }) + (why ? `：${why}` : ''),
      });
    }
    case 'invitation.created':
      return t('workOrders.timeline.invitationCreated', {
        channels: channelList(data.channels) || '—',
        source: t(`workOrders.invitations.sources.${str(data.source)}`, { defaultValue: str(data.source) }),
      });
    case 'invitation.sent':
    case 'invitation.delivered':
    case 'invitation.failed':
      return t(
        `workOrders.timeline.${event.type === 'invitation.sent' ? 'invitationSent' : event.type === 'invitation.delivered' ? 'invitationDelivered' : 'invitationFailed'}`,
        {
          channel: t(`rules.channels.${str(data.channel)}`, { defaultValue: str(data.channel) || '—' }),
        },
      );
    case 'invitation.opened':
      return t('workOrders.timeline.invitationOpened');
    case 'invitation.expired':
      return t('workOrders.timeline.invitationExpired');
    case 'rating.submitted': {
      const stars = typeof data.roundedStars === 'number' ? data.roundedStars : Number(data.roundedStars);
      return t('workOrders.timeline.rated', { stars: Number.isFinite(stars) ? stars.toFixed(1) : '—' });
    }
    case 'rating.negative':
      return t('workOrders.timeline.negative');
    case 'rating.contact_requested':
      return t('workOrders.timeline.contactRequested');
    case 'follow_up.created':
      return t('workOrders.timeline.followUp');
    case 'case.opened':
      return t('workOrders.timeline.caseOpened');
    case 'case.escalated':
      return t('workOrders.timeline.caseEscalated');
    case 'case.closed':
      return t('workOrders.timeline.caseClosed');
    default:
      return event.type;
  }
}

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
                  <Typography.Text>{describeEvent(event, t)}</Typography.Text>
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
