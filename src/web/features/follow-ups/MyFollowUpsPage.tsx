import { ClockCircleOutlined, PhoneOutlined, ReloadOutlined, RightOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorState } from '../../components/ErrorState';
import { FollowUpGate } from './FollowUpGate';
import {
  type FollowUpTask,
  nextTaskId,
  STATUS_COLORS,
  useMyQueue,
  useOrganisationProfile,
  useOrganisationTime,
} from './followUpsApi';

const OVERDUE_STYLE = { borderColor: '#ff7875', background: '#fff1f0' };
const NEXT_STYLE = { borderColor: '#4096ff', boxShadow: '0 0 0 1px #4096ff' };

/** One task of the queue as a card the width of a phone: one tap opens it. */
function TaskCard({ task, next }: { task: FollowUpTask; next: boolean }) {
  const { t } = useTranslation();
  const formatTime = useOrganisationTime();
  return (
    <Link
      to={`/follow-ups/tasks/${task.id}`}
      data-testid="follow-up-row"
      data-task-id={task.id}
      data-overdue={task.overdue}
      data-next={next}
      aria-label={`${task.workOrderNumber ?? ''} ${task.subject}`}
    >
      <Card
        hoverable
        size="small"
        styles={{ body: { padding: 16 } }}
        style={task.overdue ? OVERDUE_STYLE : next ? NEXT_STYLE : undefined}
      >
        <Flex justify="space-between" align="center" gap={12}>
          <Flex vertical gap={4} style={{ minWidth: 0 }}>
            <Flex gap={8} align="center" wrap>
              <Typography.Text strong>{task.workOrderNumber ?? '—'}</Typography.Text>
              <Tag color={STATUS_COLORS[task.status]} data-testid="follow-up-row-status">
                {t(`followUps.status.${task.status}`)}
              </Tag>
              {next ? (
                <Tag color="#0958d9" data-testid="follow-up-next">
                  {t('followUps.queue.next')}
                </Tag>
              ) : null}
              {task.overdue ? (
                <Tag color="red" data-testid="follow-up-overdue">
                  {t('followUps.overdue')}
                </Tag>
              ) : null}
            </Flex>
            <Typography.Text style={{ fontSize: 16 }}>{task.subject}</Typography.Text>
            <Typography.Text type="secondary">
              <UserOutlined aria-hidden /> {task.customerName ?? t('followUps.noName')}
              {task.customerPhone ? (
                <>
                  {' · '}
                  <PhoneOutlined aria-hidden /> {task.customerPhone}
                </>
              ) : null}
            </Typography.Text>
            <Typography.Text type="secondary">
              {t('followUps.queue.due', { time: formatTime(task.dueAt) })}
              {' · '}
              {t('followUps.queue.attempts', { count: task.attempts })}
            </Typography.Text>
            {!task.callableNow ? (
              <Typography.Text type="warning" data-testid="follow-up-next-call">
                <ClockCircleOutlined aria-hidden />{' '}
                {task.nextCallAt
                  ? t('followUps.queue.nextCallAt', { time: formatTime(task.nextCallAt) })
                  : t('followUps.queue.notCallable')}
              </Typography.Text>
            ) : null}
          </Flex>
          <RightOutlined aria-hidden />
        </Flex>
      </Card>
    </Link>
  );
}

function Queue() {
  const { t } = useTranslation();
  const queue = useMyQueue();
  // Times are the organisation's: wait for its zone rather than show the browser's first.
  const organisation = useOrganisationProfile();
  const items = queue.data?.items ?? [];
  const next = nextTaskId(items);
  const overdue = items.filter((task) => task.overdue).length;
  return (
    <Flex vertical gap={16} style={{ maxWidth: 760 }}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('followUps.queue.title')}
          {queue.data ? <Typography.Text type="secondary"> ({items.length})</Typography.Text> : null}
        </Typography.Title>
        <Button
          icon={<ReloadOutlined />}
          loading={queue.isFetching}
          onClick={() => void queue.refetch()}
          data-testid="follow-up-refresh"
        >
          {t('followUps.queue.refresh')}
        </Button>
      </Flex>
      {queue.data && items.length > 0 ? (
        <Typography.Text type="secondary" data-testid="follow-up-queue-summary">
          {t('followUps.queue.summary', { count: items.length, overdue })}
        </Typography.Text>
      ) : null}
      <section data-testid="follow-up-queue" aria-label={t('followUps.queue.title')}>
        {queue.isPending || organisation.isPending ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : queue.isError ? (
          <ErrorState error={queue.error} onRetry={() => void queue.refetch()} />
        ) : items.length === 0 ? (
          <Card>
            <Empty description={t('followUps.queue.empty')} data-testid="follow-up-queue-empty" />
          </Card>
        ) : (
          <Flex vertical gap={12}>
            {items.map((task) => (
              <TaskCard key={task.id} task={task} next={task.id === next} />
            ))}
          </Flex>
        )}
      </section>
    </Flex>
  );
}

/**
 * My follow-ups (`/follow-ups`): the agent's open tasks as the server serves them — callable now first, then by due
 * time. The first callable task is marked as the next one; overdue tasks are red; a task not callable now says when
 * it may be called (calling windows, retry delay) in the organisation's time.
 */
export function MyFollowUpsPage() {
  return (
    <FollowUpGate>
      <Queue />
    </FollowUpGate>
  );
}
