import { SwapOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Modal, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { client, ok } from '../../api/client';
import { useApiError } from '../../app/useApiError';
import { ListPage } from '../../components/ListPage';
import { testId } from '../../components/testId';
import { useListState } from '../../components/useListState';
import { usePermissions } from '../work-orders/workOrdersApi';
import { FollowUpGate } from './FollowUpGate';
import {
  type FollowUpTask,
  followUpKeys,
  isOpenTask,
  STATUS_COLORS,
  TASK_STATUSES,
  type TaskStatus,
  TEAM_DEFAULTS,
  type TeamFilters,
  teamFiltersUrl,
  teamQuery,
  useFollowUpAgents,
  useOrganisationTime,
} from './followUpsApi';
import { WORKLOAD_PERIODS, WorkloadCard, type WorkloadPeriod } from './WorkloadCard';

const PAGE_SIZE = 20;

/** Hands an open task to another active follow-up agent. */
function ReassignModal({ task, onClose }: { task: FollowUpTask | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const can = usePermissions();
  const agents = useFollowUpAgents(task !== null && can('org.read'));
  const [form] = Form.useForm<{ agentId?: string }>();
  useEffect(() => {
    if (task) form.resetFields();
  }, [task, form]);
  const reassign = useMutation({
    mutationFn: (agentId: string) =>
      ok(
        client.POST('/follow-ups/tasks/{id}/reassign', {
          params: { path: { id: task?.id ?? '' } },
          body: { agentId },
        }),
      ),
    onSuccess: async (detail) => {
      message.success(t('followUps.team.reassigned', { name: detail.assigneeName ?? '' }));
      onClose();
      await queryClient.invalidateQueries({ queryKey: followUpKeys.all });
    },
    onError: (error) => onError(error, form),
  });
  return (
    <Modal
      open={task !== null}
      title={t('followUps.team.reassignTitle', { number: task?.workOrderNumber ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('followUps.team.reassign')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: reassign.isPending, ...testId('follow-up-reassign-save') }}
      forceRender
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(values: { agentId?: string }) => values.agentId && reassign.mutate(values.agentId)}
      >
        <Typography.Paragraph type="secondary">
          {t('followUps.team.currentAssignee', { name: task?.assigneeName ?? t('followUps.queued') })}
        </Typography.Paragraph>
        <Form.Item
          name="agentId"
          label={t('followUps.team.newAgent')}
          rules={[{ required: true, message: t('followUps.team.agentRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={agents.isPending}
            data-testid="follow-up-reassign-agent"
            placeholder={t('followUps.team.pickAgent')}
            notFoundContent={agents.isFetching ? t('common.loading') : t('common.noMatches')}
            options={(agents.data ?? [])
              .filter((agent) => agent.id !== task?.assigneeId)
              .map((agent) => ({ value: agent.id, label: `${agent.name} (${agent.employeeNo})` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Team() {
  const { t } = useTranslation();
  const location = useLocation();
  const formatTime = useOrganisationTime();
  const [days, setDays] = useState<WorkloadPeriod>(30);
  const [reassigning, setReassigning] = useState<FollowUpTask | null>(null);
  const state = useListState<TeamFilters>({ filters: teamFiltersUrl, defaults: TEAM_DEFAULTS });
  const { filters, pages, update } = state;
  const query = { ...teamQuery(filters), limit: PAGE_SIZE, cursor: pages.cursor };
  const list = useQuery({
    queryKey: followUpKeys.team(query),
    queryFn: () => ok(client.GET('/follow-ups/tasks', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const workload = useQuery({
    queryKey: followUpKeys.workload(days),
    queryFn: () => ok(client.GET('/follow-ups/workload', { params: { query: { days } } })),
    placeholderData: keepPreviousData,
  });
  const assigneeOptions = useMemo(
    () => [
      { value: 'none', label: t('followUps.team.queuedOnly') },
      ...(workload.data?.agents ?? []).map((agent) => ({ value: agent.agentId, label: agent.name })),
    ],
    [workload.data, t],
  );
  const from = location.pathname + location.search;

  return (
    <ListPage<FollowUpTask>
      title={t('followUps.team.title')}
      intro={
        <WorkloadCard
          workload={workload}
          days={days}
          onDays={(next) => setDays(WORKLOAD_PERIODS.includes(next) ? next : 30)}
        />
      }
      filters={
        <>
          <Select<'true' | 'false' | 'all'>
            data-testid="follow-up-filter-open"
            style={{ width: 150, maxWidth: '100%' }}
            aria-label={t('followUps.team.filters.open')}
            value={filters.open ?? 'true'}
            onChange={(open) => update({ open })}
            options={[
              { value: 'true', label: t('followUps.team.filters.openOnly') },
              { value: 'false', label: t('followUps.team.filters.closedOnly') },
              { value: 'all', label: t('followUps.team.filters.all') },
            ]}
          />
          <Select<'true' | 'false'>
            allowClear
            data-testid="follow-up-filter-overdue"
            style={{ width: 150, maxWidth: '100%' }}
            placeholder={t('followUps.team.filters.overdue')}
            aria-label={t('followUps.team.filters.overdue')}
            value={filters.overdue}
            onChange={(overdue) => update({ overdue })}
            options={[
              { value: 'true', label: t('followUps.team.filters.overdueOnly') },
              { value: 'false', label: t('followUps.team.filters.onTime') },
            ]}
          />
          <Select<TaskStatus[]>
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            data-testid="follow-up-filter-status"
            style={{ width: 240, maxWidth: '100%' }}
            placeholder={t('followUps.team.filters.status')}
            aria-label={t('followUps.team.filters.status')}
            value={filters.status ?? []}
            onChange={(status) => update({ status: status.length ? status : undefined })}
            options={TASK_STATUSES.map((status) => ({ value: status, label: t(`followUps.status.${status}`) }))}
          />
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="follow-up-filter-assignee"
            style={{ width: 200, maxWidth: '100%' }}
            placeholder={t('followUps.team.filters.assignee')}
            aria-label={t('followUps.team.filters.assignee')}
            value={filters.assigneeId}
            onChange={(assigneeId) => update({ assigneeId })}
            options={
              filters.assigneeId && !assigneeOptions.some((option) => option.value === filters.assigneeId)
                ? [...assigneeOptions, { value: filters.assigneeId, label: t('followUps.team.filters.anAgent') }]
                : assigneeOptions
            }
          />
        </>
      }
      query={list}
      pages={pages}
      pageSize={PAGE_SIZE}
      tableTestId="follow-up-team-table"
      testIdPrefix="follow-up-team"
      emptyText={state.filtered ? t('followUps.team.emptyFiltered') : t('followUps.team.empty')}
      table={{
        rowKey: 'id',
        scroll: { x: 1300 },
        // Overdue rows stand out; the data attributes are for the browser test (antd's row props take any attribute).
        onRow: (task) =>
          ({
            'data-testid': 'follow-up-team-row',
            'data-overdue': task.overdue,
            style: task.overdue ? { background: '#fff1f0' } : undefined,
          }) as React.HTMLAttributes<HTMLElement>,
        columns: [
          {
            title: t('followUps.team.columns.workOrder'),
            key: 'workOrder',
            width: 170,
            fixed: 'left',
            render: (_, task) => (
              <Link to={`/follow-ups/tasks/${task.id}`} state={{ from }} data-testid="follow-up-team-link">
                {task.workOrderNumber ?? '—'}
              </Link>
            ),
          },
          {
            title: t('followUps.team.columns.status'),
            key: 'status',
            width: 170,
            render: (_, task) => (
              <Space size={4} wrap>
                <Tag color={STATUS_COLORS[task.status]}>{t(`followUps.status.${task.status}`)}</Tag>
                {task.overdue ? <Tag color="red">{t('followUps.overdue')}</Tag> : null}
              </Space>
            ),
          },
          { title: t('followUps.team.columns.subject'), dataIndex: 'subject', width: 200, ellipsis: true },
          {
            title: t('followUps.team.columns.customer'),
            key: 'customer',
            width: 140,
            render: (_, task) => task.customerName ?? '—',
          },
          {
            title: t('followUps.team.columns.assignee'),
            key: 'assignee',
            width: 170,
            render: (_, task) =>
              task.assigneeName ?? (
                <Space size={4} wrap>
                  <Tag color="gold">{t('followUps.queued')}</Tag>
                  {task.groupName ? <Typography.Text type="secondary">{task.groupName}</Typography.Text> : null}
                </Space>
              ),
          },
          {
            title: t('followUps.team.columns.attempts'),
            dataIndex: 'attempts',
            width: 80,
            align: 'right',
          },
          {
            title: t('followUps.team.columns.due'),
            key: 'due',
            width: 170,
            render: (_, task) =>
              task.overdue ? (
                <Typography.Text type="danger">{formatTime(task.dueAt)}</Typography.Text>
              ) : (
                formatTime(task.dueAt)
              ),
          },
          {
            title: t('followUps.team.columns.nextCall'),
            key: 'nextCall',
            width: 170,
            render: (_, task) =>
              !isOpenTask(task.status) ? '—' : task.callableNow ? t('followUps.team.now') : formatTime(task.nextCallAt),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 120,
            render: (_, task) =>
              isOpenTask(task.status) ? (
                <Button
                  size="small"
                  icon={<SwapOutlined />}
                  onClick={() => setReassigning(task)}
                  data-testid="follow-up-reassign"
                >
                  {t('followUps.team.reassign')}
                </Button>
              ) : null,
          },
        ],
      }}
    >
      <ReassignModal task={reassigning} onClose={() => setReassigning(null)} />
    </ListPage>
  );
}

/**
 * The follow-up team (`/follow-ups/team`, managers): the workload per agent with the queued and overdue totals, then
 * the team's tasks with their filters in the URL (open, overdue, status, assignee) and the reassign action.
 */
export function FollowUpTeamPage() {
  return (
    <FollowUpGate>
      <Team />
    </FollowUpGate>
  );
}
