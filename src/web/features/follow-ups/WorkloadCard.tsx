import { EditOutlined } from '@ant-design/icons';
import type { UseQueryResult } from '@tanstack/react-query';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Grid,
  Input,
  InputNumber,
  Modal,
  Row,
  Segmented,
  Skeleton,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useApiError } from '../../app/useApiError';
import { ErrorState } from '../../components/ErrorState';
import { inputLimit } from '../../components/inputLimit';
import { testId } from '../../components/testId';
import { type AgentWorkload, followUpKeys, percentText, type Workload } from './followUpsApi';
import { RebalanceButton } from './RebalanceButton';

export const WORKLOAD_PERIODS = [7, 30, 90] as const;
export type WorkloadPeriod = (typeof WORKLOAD_PERIODS)[number];

interface AgentValues {
  capacity?: number | null;
  seat?: string;
}

/** An agent's capacity (open tasks at most; empty = no limit) and call-centre seat (empty = tel: links). */
function AgentModal({ agent, onClose }: { agent: AgentWorkload | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<AgentValues>();
  useEffect(() => {
    if (agent)
      form.setFieldsValue({
        capacity: agent.capacity,
        seat: agent.seat ?? '' /* PUT replaces capacity and seat together: start from the stored seat */,
      });
  }, [agent, form]);
  const save = useMutation({
    mutationFn: (values: AgentValues) =>
      ok(
        client.PUT('/follow-ups/agents/{id}', {
          params: { path: { id: agent?.agentId ?? '' } },
          body: { capacity: values.capacity ?? null, seat: values.seat?.trim() || null },
        }),
      ),
    onSuccess: async () => {
      message.success(t('common.saved'));
      onClose();
      await queryClient.invalidateQueries({ queryKey: followUpKeys.all });
    },
    onError: (error) => onError(error, form),
  });
  return (
    <Modal
      open={agent !== null}
      title={t('followUps.workload.editTitle', { name: agent?.name ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: save.isPending, ...testId('follow-up-agent-save') }}
      forceRender
    >
      <Form<AgentValues> form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item
          name="capacity"
          label={t('followUps.workload.capacity')}
          extra={t('followUps.workload.capacityHelp')}
        >
          <InputNumber
            min={1}
            max={10_000}
            precision={0}
            style={{ width: 160 }}
            placeholder={t('followUps.workload.noLimit')}
            data-testid="follow-up-agent-capacity"
          />
        </Form.Item>
        <Form.Item name="seat" label={t('followUps.workload.seat')} extra={t('followUps.workload.seatHelp')}>
          <Input data-testid="follow-up-agent-seat" {...inputLimit(200)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * The team's workload: queued and overdue totals, then per agent the open and overdue tasks, reach and completion
 * rates and calls per closed task over the chosen period, and the capacity (editable).
 */
export function WorkloadCard({
  workload,
  days,
  onDays,
}: {
  workload: UseQueryResult<Workload>;
  days: WorkloadPeriod;
  onDays: (days: WorkloadPeriod) => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<AgentWorkload | null>(null);
  // At phone width the controls go in the card's body: in its header they would squeeze the title to one letter.
  const wide = Grid.useBreakpoint().sm !== false;
  const controls = (
    <Flex gap={8} wrap align="center" justify={wide ? 'flex-end' : 'flex-start'}>
      <RebalanceButton agents={workload.data?.agents ?? []} />
      <Segmented<WorkloadPeriod>
        size="small"
        value={days}
        onChange={onDays}
        aria-label={t('followUps.workload.period')}
        data-testid="follow-up-workload-days"
        options={WORKLOAD_PERIODS.map((value) => ({ value, label: t('followUps.workload.days', { days: value }) }))}
      />
    </Flex>
  );
  return (
    <Card title={t('followUps.workload.title')} data-testid="follow-up-workload" extra={wide ? controls : undefined}>
      {wide ? null : <div style={{ marginBottom: 16 }}>{controls}</div>}
      {workload.isPending ? (
        <Skeleton active />
      ) : workload.isError ? (
        <ErrorState error={workload.error} onRetry={() => void workload.refetch()} />
      ) : (
        <>
          <Row gutter={[24, 16]} style={{ marginBottom: 16 }}>
            <Col xs={12} sm={6}>
              <Statistic
                title={t('followUps.workload.queued')}
                value={workload.data.queued}
                data-testid="follow-up-queued-total"
              />
            </Col>
            <Col xs={12} sm={6}>
              <Statistic
                title={t('followUps.workload.overdue')}
                value={workload.data.overdue}
                styles={{ content: workload.data.overdue > 0 ? { color: '#cf1322' } : undefined }}
                data-testid="follow-up-overdue-total"
              />
            </Col>
          </Row>
          <Table<AgentWorkload>
            size="middle"
            rowKey="agentId"
            data-testid="follow-up-workload-table"
            dataSource={workload.data.agents}
            pagination={false}
            scroll={{ x: 900 }}
            locale={{ emptyText: t('followUps.workload.empty') }}
            columns={[
              {
                title: t('followUps.workload.agent'),
                key: 'name',
                fixed: 'left',
                width: 160,
                render: (_, agent) => (
                  <span data-testid="follow-up-workload-agent">
                    {agent.name} {agent.active ? null : <Tag>{t('followUps.workload.inactive')}</Tag>}
                  </span>
                ),
              },
              { title: t('followUps.workload.open'), dataIndex: 'open', width: 90, align: 'right' },
              {
                title: t('followUps.workload.overdueColumn'),
                key: 'overdue',
                width: 90,
                align: 'right',
                render: (_, agent) =>
                  agent.overdue > 0 ? <Typography.Text type="danger">{agent.overdue}</Typography.Text> : 0,
              },
              {
                title: t('followUps.workload.reachRate'),
                key: 'reachRate',
                width: 110,
                align: 'right',
                render: (_, agent) => percentText(agent.reachRate),
              },
              {
                title: t('followUps.workload.completionRate'),
                key: 'completionRate',
                width: 110,
                align: 'right',
                render: (_, agent) => percentText(agent.completionRate),
              },
              {
                title: t('followUps.workload.averageAttempts'),
                key: 'averageAttempts',
                width: 120,
                align: 'right',
                render: (_, agent) => (agent.averageAttempts === null ? '—' : agent.averageAttempts.toFixed(1)),
              },
              { title: t('followUps.workload.closed'), dataIndex: 'closed', width: 90, align: 'right' },
              {
                title: t('followUps.workload.capacity'),
                key: 'capacity',
                width: 140,
                render: (_, agent) => (
                  <Button
                    type="link"
                    size="small"
                    icon={<EditOutlined />}
                    style={{ padding: 0 }}
                    onClick={() => setEditing(agent)}
                    aria-label={t('followUps.workload.editTitle', { name: agent.name })}
                    data-testid="follow-up-capacity"
                  >
                    {agent.capacity ?? t('followUps.workload.noLimit')}
                  </Button>
                ),
              },
            ]}
          />
        </>
      )}
      <AgentModal agent={editing} onClose={() => setEditing(null)} />
    </Card>
  );
}
