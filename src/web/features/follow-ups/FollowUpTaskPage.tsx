import { ArrowLeftOutlined, StarFilled } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  List,
  Result,
  Row,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { formatScore } from '../../../common/scoring/round';
import { ApiError } from '../../app/api';
import { ErrorState } from '../../components/ErrorState';
import { ratingAnchor } from '../work-orders/RatingsPanel';
import { CallPanel } from './CallPanel';
import { FollowUpGate } from './FollowUpGate';
import {
  type FollowUpTaskDetail,
  isOpenTask,
  OUTCOME_COLORS,
  STATUS_COLORS,
  type TaskStatus,
  useFollowUpTask,
  useOrganisationProfile,
  useOrganisationTime,
  wasReached,
} from './followUpsApi';
import { SurveyForm } from './SurveyForm';

const CLOSED_RESULT: Record<TaskStatus, 'success' | 'warning' | 'info'> = {
  pending: 'info',
  in_progress: 'info',
  completed: 'success',
  unreachable: 'warning',
  refused: 'warning',
  wrong_number: 'warning',
  cancelled: 'info',
};

/** "3 min 05 s" from seconds. */
function useDurationText() {
  const { t } = useTranslation();
  return (seconds: number | null) => {
    if (seconds === null) return null;
    const m = Math.floor(seconds / 60);
    const s = seconds % 60;
    return m > 0
      ? t('followUps.calls.durationMinutes', { m, s: String(s).padStart(2, '0') })
      : t('followUps.calls.durationSeconds', { s });
  };
}

function CallsCard({ task }: { task: FollowUpTaskDetail }) {
  const { t } = useTranslation();
  const formatTime = useOrganisationTime();
  const durationText = useDurationText();
  const calls = [...task.calls].reverse();
  return (
    <Card title={t('followUps.calls.title', { count: task.calls.length })} data-testid="follow-up-calls">
      {calls.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('followUps.calls.none')} />
      ) : (
        <List
          size="small"
          dataSource={calls}
          rowKey="id"
          renderItem={(call) => (
            <List.Item data-testid="follow-up-call-item" data-outcome={call.outcome}>
              <Flex vertical gap={2} style={{ width: '100%' }}>
                <Flex gap={8} wrap align="center">
                  <Tag color={OUTCOME_COLORS[call.outcome]}>{t(`followUps.outcomes.${call.outcome}`)}</Tag>
                  <Typography.Text type="secondary">{formatTime(call.at)}</Typography.Text>
                  {call.durationSeconds !== null ? (
                    <Typography.Text type="secondary">· {durationText(call.durationSeconds)}</Typography.Text>
                  ) : null}
                </Flex>
                <Typography.Text type="secondary">{call.agentName ?? '—'}</Typography.Text>
                {call.note ? (
                  <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>
                    {call.note}
                  </Typography.Paragraph>
                ) : null}
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function PreviousRatingsCard({ task }: { task: FollowUpTaskDetail }) {
  const { t } = useTranslation();
  const formatTime = useOrganisationTime();
  return (
    <Card title={t('followUps.ratings.title')} data-testid="follow-up-ratings">
      {task.previousRatings.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('followUps.ratings.none')} />
      ) : (
        <List
          size="small"
          dataSource={task.previousRatings}
          rowKey="id"
          renderItem={(rating) => (
            <List.Item data-testid="follow-up-rating-item">
              <Flex justify="space-between" align="center" wrap gap={8} style={{ width: '100%' }}>
                <Space size={8} wrap>
                  <Tag color={rating.source === 'follow_up' ? 'purple' : 'blue'}>
                    {t(`followUps.ratings.sources.${rating.source}`)}
                  </Tag>
                  <Typography.Text strong>
                    <StarFilled style={{ color: '#d48806' }} aria-hidden />{' '}
                    {rating.roundedStars === null ? '—' : rating.roundedStars}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {t('followUps.ratings.score', { score: formatScore(rating.score) })}
                  </Typography.Text>
                </Space>
                <Link to={`/work-orders/${task.workOrderId}#${ratingAnchor(rating.id)}`}>
                  {formatTime(rating.submittedAt)}
                </Link>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** A closed task: what became of it, read-only. */
function ClosedCard({ task }: { task: FollowUpTaskDetail }) {
  const { t } = useTranslation();
  const formatTime = useOrganisationTime();
  return (
    <Card data-testid="follow-up-closed">
      <Result
        status={CLOSED_RESULT[task.status]}
        title={t(`followUps.closed.${task.status}`)}
        subTitle={
          <Flex vertical gap={4} align="center">
            <span>{t('followUps.closed.at', { time: formatTime(task.closedAt) })}</span>
            {task.result ? (
              <span data-testid="follow-up-result">{t(`followUps.resultDone.${task.result}`)}</span>
            ) : null}
          </Flex>
        }
        extra={
          task.ratingId ? (
            <Link to={`/work-orders/${task.workOrderId}#${ratingAnchor(task.ratingId)}`}>
              <Button data-testid="follow-up-rating-link">{t('followUps.closed.viewRating')}</Button>
            </Link>
          ) : null
        }
      />
    </Card>
  );
}

function TaskView({ id }: { id: string }) {
  const { t } = useTranslation();
  const formatTime = useOrganisationTime();
  const location = useLocation();
  const detail = useFollowUpTask(id);
  // Times are the organisation's: wait for its zone rather than show the browser's first.
  const organisation = useOrganisationProfile();
  // Back to the list the task was opened from (the team list passes its URL), else the agent's queue.
  const from = (location.state as { from?: string } | null)?.from;
  const back = from?.startsWith('/follow-ups') ? from : '/follow-ups';

  if (detail.isPending || organisation.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (detail.isError) {
    if (detail.error instanceof ApiError && detail.error.status === 404) {
      return (
        <Result
          status="404"
          title={t('followUps.task.notFound')}
          extra={
            <Link to={back}>
              <Button type="primary">{t('followUps.task.back')}</Button>
            </Link>
          }
        />
      );
    }
    return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  }

  const task = detail.data;
  const open = isOpenTask(task.status);
  const reached = wasReached(task.calls);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="follow-up-task">
      <Link to={back} data-testid="follow-up-back">
        <ArrowLeftOutlined /> {t('followUps.task.back')}
      </Link>
      <Card>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Flex gap={8} wrap align="center">
            <Typography.Title level={3} style={{ margin: 0 }}>
              <Link to={`/work-orders/${task.workOrderId}`} data-testid="follow-up-work-order">
                {task.workOrderNumber ?? t('followUps.task.workOrder')}
              </Link>
            </Typography.Title>
            <Tag color={STATUS_COLORS[task.status]} data-testid="follow-up-status" data-status={task.status}>
              {t(`followUps.status.${task.status}`)}
            </Tag>
            {task.overdue ? (
              <Tag color="red" data-testid="follow-up-overdue">
                {t('followUps.overdue')}
              </Tag>
            ) : null}
          </Flex>
          <Typography.Text style={{ fontSize: 16 }}>{task.subject}</Typography.Text>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 3 }}
            items={[
              {
                key: 'customer',
                label: t('followUps.task.customer'),
                children: <span data-testid="follow-up-customer">{task.customerName ?? t('followUps.noName')}</span>,
              },
              {
                key: 'phone',
                label: t('followUps.task.phone'),
                children: task.customerPhone ? <a href={`tel:${task.customerPhone}`}>{task.customerPhone}</a> : '—',
              },
              {
                key: 'workOrderStatus',
                label: t('followUps.task.workOrderStatus'),
                children: t(`workOrders.status.${task.workOrderStatus}`, { defaultValue: task.workOrderStatus }),
              },
              {
                key: 'engineers',
                label: t('followUps.task.engineers'),
                children: task.engineerNames.length ? task.engineerNames.join('、') : '—',
              },
              { key: 'department', label: t('followUps.task.department'), children: task.departmentName ?? '—' },
              { key: 'due', label: t('followUps.task.due'), children: formatTime(task.dueAt) },
              {
                key: 'assignee',
                label: t('followUps.task.assignee'),
                children: task.assigneeName ?? t('followUps.queued'),
              },
              { key: 'attempts', label: t('followUps.task.attempts'), children: task.attempts },
              ...(open && !task.callableNow && task.nextCallAt
                ? [{ key: 'nextCall', label: t('followUps.task.nextCall'), children: formatTime(task.nextCallAt) }]
                : []),
            ]}
          />
        </Space>
      </Card>
      <Row gutter={[24, 24]}>
        <Col xs={24} xl={14}>
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            {open ? (
              <>
                <CallPanel task={task} reached={reached} />
                {reached ? (
                  <SurveyForm task={task} />
                ) : (
                  <Card data-testid="follow-up-survey-waiting">
                    <Typography.Text type="secondary">{t('followUps.survey.afterReached')}</Typography.Text>
                  </Card>
                )}
              </>
            ) : (
              <ClosedCard task={task} />
            )}
          </Space>
        </Col>
        <Col xs={24} xl={10}>
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            <CallsCard task={task} />
            <PreviousRatingsCard task={task} />
          </Space>
        </Col>
      </Row>
    </Space>
  );
}

/**
 * One follow-up task (`/follow-ups/tasks/:id`): the work order and its customer, the Call button and the outcome of
 * each call, after a call that reached the customer the survey and the result for the work order; the calls so far
 * and the work order's earlier ratings beside. A closed task is read-only.
 */
export function FollowUpTaskPage() {
  const { id = '' } = useParams();
  return (
    <FollowUpGate>
      <TaskView id={id} />
    </FollowUpGate>
  );
}
