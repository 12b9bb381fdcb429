import {
  ArrowLeftOutlined,
  CheckOutlined,
  CloseCircleOutlined,
  LockOutlined,
  PlayCircleOutlined,
  SendOutlined,
  StopOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Input,
  Modal,
  Popconfirm,
  Result,
  Row,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { client, ok } from '../../api/client';
import { ApiError } from '../../app/api';
import { useFormatDate } from '../../app/format';
import { errorText, useApiError } from '../../app/useApiError';
import { ErrorState } from '../../components/ErrorState';
import { AttemptsTable } from '../invitations/AttemptsTable';
import { InvitationLink } from '../invitations/InvitationLink';
import { INVITATION_COLORS } from '../invitations/invitationsApi';
import { localised } from '../workflows/workflowsApi';
import { customValueText } from './CustomFieldInputs';
import { QrCardPanel } from './QrCardPanel';
import { TimelinePanel } from './TimelinePanel';
import {
  type Invitation,
  type NodeState,
  PRIORITY_COLORS,
  type RatingSettings,
  ratingNode,
  STATUS_COLORS,
  useInvitations,
  usePermissions,
  useWorkflow,
  useWorkOrder,
  WORK_ORDERS_KEY,
  type WorkOrderStatus,
} from './workOrdersApi';

/** The forward actions, in the order the buttons appear; `new` (unassign) is left to the API. */
const ACTIONS: { to: WorkOrderStatus; key: string; icon: ReactNode; primary?: boolean; danger?: boolean }[] = [
  { to: 'assigned', key: 'assign', icon: <UserAddOutlined /> },
  { to: 'in_service', key: 'start', icon: <PlayCircleOutlined /> },
  { to: 'completed', key: 'complete', icon: <CheckOutlined /> },
  { to: 'closed', key: 'close', icon: <LockOutlined /> },
  { to: 'cancelled', key: 'cancel', icon: <CloseCircleOutlined />, danger: true },
];

const NODE_COLORS: Record<string, string> = {
  pending: 'default',
  active: 'processing',
  completed: 'green',
  skipped: 'orange',
};

export function WorkOrderDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const formatDate = useFormatDate();
  const onError = useApiError();
  const can = usePermissions();
  const queryClient = useQueryClient();
  const detail = useWorkOrder(id);
  const invitations = useInvitations(id);
  const workflow = useWorkflow(detail.data?.serviceType.id);
  const [conflict, setConflict] = useState<string | null>(null);
  const [skipOpen, setSkipOpen] = useState(false);
  const [skipReason, setSkipReason] = useState('');

  const refresh = () => queryClient.invalidateQueries({ queryKey: WORK_ORDERS_KEY });

  const transition = useMutation({
    mutationFn: (status: WorkOrderStatus) =>
      ok(client.PATCH('/work-orders/{id}', { params: { path: { id } }, body: { status } })),
    onMutate: () => setConflict(null),
    onSuccess: async (updated) => {
      queryClient.setQueryData([...WORK_ORDERS_KEY, 'detail', id], updated);
      message.success(t('workOrders.detail.statusChanged', { status: t(`workOrders.status.${updated.status}`) }));
      await refresh();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) {
        setConflict(errorText(error, error.message));
        void refresh();
      } else onError(error);
    },
  });

  const invite = useMutation({
    mutationFn: () => ok(client.POST('/work-orders/{id}/invitations', { params: { path: { id } }, body: {} })),
    onSuccess: async () => {
      message.success(t('workOrders.invitations.sent'));
      await refresh();
    },
    onError: (error) => onError(error),
  });

  const skip = useMutation({
    mutationFn: (reason: string) =>
      ok(client.POST('/work-orders/{id}/nodes/rating/skip', { params: { path: { id } }, body: { reason } })),
    onSuccess: async (updated) => {
      queryClient.setQueryData([...WORK_ORDERS_KEY, 'detail', id], updated);
      setSkipOpen(false);
      setSkipReason('');
      setConflict(null);
      message.success(t('workOrders.nodes.skipped'));
      await refresh();
    },
    onError: (error) => onError(error),
  });

  if (detail.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (detail.isError) {
    if (detail.error instanceof ApiError && detail.error.status === 404) {
      return (
        <Result
          status="404"
          title={t('workOrders.detail.notFound')}
          extra={
            <Link to="/work-orders">
              <Button type="primary">{t('workOrders.detail.back')}</Button>
            </Link>
          }
        />
      );
    }
    return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  }

  const wo = detail.data;
  const canWrite = can('work_orders.write');
  const rating = ratingNode(wo);
  const ratingSettings = (rating?.settings ?? {}) as RatingSettings;
  const mainLabel = localised(ratingSettings.mainButtonLabel, i18n.language) || t('workOrders.invitations.send');
  const canSkip =
    rating?.status === 'active' &&
    can('work_orders.skip_rating') &&
    ratingSettings.staffMaySkip !== false &&
    ratingSettings.showSkipButton !== false;
  const invitationList = invitations.data ?? [];
  // Only an invitation shown on site gets the QR card: a link sent to the customer is not shown to staff.
  const qrInvitation = invitationList.find((inv) => inv.qr && inv.status !== 'revoked');
  const definitions = workflow.data?.fieldDefinitions ?? [];
  const customKeys = [
    ...definitions.map((d) => d.key),
    ...Object.keys(wo.custom).filter((key) => !definitions.some((d) => d.key === key)),
  ];
  const yesNo = (value: boolean) => (value ? t('common.yes') : t('common.no'));
  const dash = (value: string | null | undefined) => value || '—';

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Link to="/work-orders">
        <ArrowLeftOutlined /> {t('workOrders.detail.back')}
      </Link>
      <Card>
        <Flex justify="space-between" align="flex-start" wrap gap={16}>
          <Space orientation="vertical" size={4}>
            <Space wrap align="center">
              <Typography.Title level={3} style={{ margin: 0 }} data-testid="work-order-number">
                {wo.number}
              </Typography.Title>
              <Tag color={STATUS_COLORS[wo.status]} data-testid="work-order-status">
                {t(`workOrders.status.${wo.status}`)}
              </Tag>
              <Tag color={PRIORITY_COLORS[wo.priority]}>{t(`workOrders.priority.${wo.priority}`)}</Tag>
            </Space>
            <Typography.Text style={{ fontSize: 16 }}>{wo.subject}</Typography.Text>
            <Typography.Text type="secondary">
              {wo.serviceType.name} · {t('common.createdAt')} {formatDate(wo.createdAt)}
            </Typography.Text>
          </Space>
          {canWrite ? (
            <Space wrap data-testid="status-actions">
              {ACTIONS.filter((action) => wo.allowedTransitions.includes(action.to)).map((action) => {
                const button = (
                  <Button
                    key={action.key}
                    icon={action.icon}
                    danger={action.danger}
                    type={action.to === nextForward(wo.status) ? 'primary' : 'default'}
                    loading={transition.isPending && transition.variables === action.to}
                    disabled={transition.isPending}
                    data-testid={`action-${action.key}`}
                    onClick={action.danger ? undefined : () => transition.mutate(action.to)}
                  >
                    {t(`workOrders.actions.${action.key}`)}
                  </Button>
                );
                return action.danger ? (
                  <Popconfirm
                    key={action.key}
                    title={t('workOrders.actions.cancelConfirm')}
                    okText={t('workOrders.actions.cancel')}
                    cancelText={t('common.cancel')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => transition.mutate(action.to)}
                  >
                    {button}
                  </Popconfirm>
                ) : (
                  button
                );
              })}
            </Space>
          ) : null}
        </Flex>
        {conflict ? (
          <Alert
            style={{ marginTop: 16 }}
            type="warning"
            showIcon
            closable={{ onClose: () => setConflict(null) }}
            title={t('workOrders.detail.conflict')}
            description={conflict}
            data-testid="status-conflict"
          />
        ) : null}
      </Card>

      <Row gutter={[24, 24]}>
        <Col xs={24} xl={15}>
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            {/* First: on site, the engineer shows this to the customer. */}
            {qrInvitation ? <QrCardPanel invitation={qrInvitation} workOrderNumber={wo.number} /> : null}
            <Card title={t('workOrders.detail.fields')}>
              <Descriptions column={{ xs: 1, md: 2 }} size="small" data-testid="work-order-fields">
                <Descriptions.Item label={t('workOrders.serviceType')}>{wo.serviceType.name}</Descriptions.Item>
                <Descriptions.Item label={t('workOrders.recordType')}>{dash(wo.recordType)}</Descriptions.Item>
                <Descriptions.Item label={t('workOrders.externalId')}>{dash(wo.externalId)}</Descriptions.Item>
                <Descriptions.Item label={t('workOrders.priorityLabel')}>
                  {t(`workOrders.priority.${wo.priority}`)}
                </Descriptions.Item>
                <Descriptions.Item label={t('workOrders.engineers')}>
                  {wo.engineers.length ? wo.engineers.map((e) => <Tag key={e.id}>{e.name}</Tag>) : '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('workOrders.department')}>{dash(wo.department?.name)}</Descriptions.Item>
                <Descriptions.Item label={t('workOrders.region')}>{dash(wo.region?.name)}</Descriptions.Item>
                <Descriptions.Item label={t('workOrders.store')}>{dash(wo.store)}</Descriptions.Item>
                <Descriptions.Item label={t('workOrders.touchpoint')}>{dash(wo.touchpoint)}</Descriptions.Item>
                <Descriptions.Item label={t('workOrders.completedAt')}>{formatDate(wo.completedAt)}</Descriptions.Item>
                <Descriptions.Item label={t('workOrders.closedAt')}>{formatDate(wo.closedAt)}</Descriptions.Item>
                <Descriptions.Item label={t('common.updatedAt')}>{formatDate(wo.updatedAt)}</Descriptions.Item>
              </Descriptions>
            </Card>
            <Card title={t('workOrders.customer')}>
              <Descriptions column={{ xs: 1, md: 2 }} size="small">
                <Descriptions.Item label={t('workOrders.customerName')}>{dash(wo.customer.name)}</Descriptions.Item>
                <Descriptions.Item label={t('workOrders.customerPhone')}>{dash(wo.customer.phone)}</Descriptions.Item>
                <Descriptions.Item label={t('workOrders.customerEmail')}>{dash(wo.customer.email)}</Descriptions.Item>
                <Descriptions.Item label={t('workOrders.customerWechat')}>
                  {dash(wo.customer.wechatOpenId)}
                </Descriptions.Item>
                <Descriptions.Item label={t('workOrders.customerLocale')}>
                  {wo.customer.locale === 'en' ? 'English' : wo.customer.locale === 'zh-CN' ? '简体中文' : '—'}
                </Descriptions.Item>
              </Descriptions>
            </Card>
            {customKeys.length > 0 ? (
              <Card title={t('workOrders.customFields')}>
                <Descriptions column={{ xs: 1, md: 2 }} size="small" data-testid="custom-fields">
                  {customKeys.map((key) => {
                    const definition = definitions.find((d) => d.key === key);
                    return (
                      <Descriptions.Item key={key} label={localised(definition?.label, i18n.language) || key}>
                        {customValueText(definition, wo.custom[key], i18n.language, yesNo)}
                      </Descriptions.Item>
                    );
                  })}
                </Descriptions>
              </Card>
            ) : null}
            <Card
              title={t('workOrders.invitations.title')}
              extra={
                canWrite && wo.status === 'completed' ? (
                  <Button
                    size="small"
                    icon={<SendOutlined />}
                    loading={invite.isPending}
                    onClick={() => invite.mutate()}
                    data-testid="send-invitation"
                  >
                    {invitationList.length ? t('workOrders.invitations.resend') : mainLabel}
                  </Button>
                ) : null
              }
            >
              {invitations.isError ? (
                <ErrorState error={invitations.error} onRetry={() => void invitations.refetch()} />
              ) : (
                <Table<Invitation>
                  size="small"
                  rowKey="id"
                  data-testid="invitations-table"
                  loading={invitations.isPending}
                  dataSource={invitationList}
                  pagination={{ pageSize: 5, hideOnSinglePage: true }}
                  scroll={{ x: 'max-content' }}
                  locale={{ emptyText: <Empty description={t('workOrders.invitations.empty')} /> }}
                  expandable={{
                    expandedRowRender: (row) => <AttemptsTable attempts={row.attempts ?? []} />,
                  }}
                  columns={[
                    {
                      title: t('workOrders.statusLabel'),
                      dataIndex: 'status',
                      key: 'status',
                      render: (status: string) => (
                        <Tag color={INVITATION_COLORS[status] ?? 'default'}>
                          {t(`workOrders.invitations.statuses.${status}`, { defaultValue: status })}
                        </Tag>
                      ),
                    },
                    {
                      title: t('workOrders.invitations.source'),
                      dataIndex: 'source',
                      key: 'source',
                      render: (source: string) =>
                        t(`workOrders.invitations.sources.${source}`, { defaultValue: source }),
                    },
                    {
                      title: t('workOrders.invitations.channels'),
                      dataIndex: 'channels',
                      key: 'channels',
                      render: (channels: string[]) =>
                        channels.map((c) => <Tag key={c}>{t(`rules.channels.${c}`, { defaultValue: c })}</Tag>),
                    },
                    {
                      title: t('invitations.link.title'),
                      key: 'link',
                      render: (_, row) => <InvitationLink invitation={row} />,
                    },
                    {
                      title: t('workOrders.invitations.submissions'),
                      key: 'submissions',
                      render: (_, row) => `${row.submissionCount} / ${row.submissionLimit}`,
                    },
                    { title: t('common.createdAt'), dataIndex: 'createdAt', key: 'createdAt', render: formatDate },
                    {
                      title: t('workOrders.invitations.opened'),
                      dataIndex: 'openedAt',
                      key: 'openedAt',
                      render: formatDate,
                    },
                    {
                      title: t('workOrders.invitations.submitted'),
                      dataIndex: 'firstSubmittedAt',
                      key: 'firstSubmittedAt',
                      render: formatDate,
                    },
                  ]}
                />
              )}
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            <Card title={t('workOrders.nodes.title')} data-testid="workflow-nodes">
              {wo.workflow.nodes.length === 0 ? (
                <Empty description={t('workOrders.nodes.empty')} />
              ) : (
                <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                  {wo.workflow.nodes.map((node) => (
                    <NodePanel
                      key={node.type}
                      node={node}
                      extra={
                        node.type === 'rating' && canSkip ? (
                          <Button
                            size="small"
                            icon={<StopOutlined />}
                            onClick={() => setSkipOpen(true)}
                            data-testid="skip-rating"
                          >
                            {t('workOrders.nodes.skip')}
                          </Button>
                        ) : null
                      }
                      mainLabel={node.type === 'rating' ? mainLabel : undefined}
                    />
                  ))}
                </Space>
              )}
            </Card>
            <TimelinePanel workOrderId={wo.id} />
          </Space>
        </Col>
      </Row>

      <Modal
        open={skipOpen}
        title={t('workOrders.nodes.skipTitle')}
        onCancel={() => setSkipOpen(false)}
        okText={t('workOrders.nodes.skip')}
        okButtonProps={{ disabled: !skipReason.trim(), loading: skip.isPending, danger: true }}
        onOk={() => skip.mutate(skipReason.trim())}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('workOrders.nodes.skipHint')}</Typography.Paragraph>
        <Input.TextArea
          autoFocus
          rows={3}
          maxLength={500}
          showCount
          value={skipReason}
          onChange={(event) => setSkipReason(event.target.value)}
          placeholder={t('workOrders.nodes.skipReason')}
          data-testid="skip-reason"
        />
      </Modal>
    </Space>
  );
}

function nextForward(status: WorkOrderStatus): WorkOrderStatus | null {
  const order: WorkOrderStatus[] = ['new', 'assigned', 'in_service', 'completed', 'closed'];
  const index = order.indexOf(status);
  return index >= 0 && index < order.length - 1 ? (order[index + 1] ?? null) : null;
}

function NodePanel({ node, extra, mainLabel }: { node: NodeState; extra: ReactNode; mainLabel?: string }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const settings = node.settings as RatingSettings;
  return (
    <div style={{ border: '1px solid #f0f0f0', borderRadius: 8, padding: 12 }} data-testid={`node-${node.type}`}>
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Space>
          <Typography.Text strong>{t(`workOrders.nodes.types.${node.type}`)}</Typography.Text>
          <Tag color={NODE_COLORS[node.status]} data-testid={`node-${node.type}-status`}>
            {t(`workOrders.nodes.statuses.${node.status}`)}
          </Tag>
          {node.mandatory ? <Tag color="red">{t('workOrders.nodes.mandatory')}</Tag> : null}
        </Space>
        {extra}
      </Flex>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('workOrders.nodes.mode')}>
          {t(`workOrders.nodes.modes.${node.mode}`, { defaultValue: node.mode })}
        </Descriptions.Item>
        {mainLabel ? <Descriptions.Item label={t('workOrders.nodes.mainButton')}>{mainLabel}</Descriptions.Item> : null}
        {node.type === 'rating' && settings.mode === 'qr' ? (
          <Descriptions.Item label={t('workOrders.nodes.submissionLimit')}>
            {settings.submissionLimit ?? 1}
          </Descriptions.Item>
        ) : null}
        {node.startedAt ? (
          <Descriptions.Item label={t('workOrders.nodes.startedAt')}>{formatDate(node.startedAt)}</Descriptions.Item>
        ) : null}
        {node.deadlineAt && node.status === 'active' ? (
          <Descriptions.Item label={t('workOrders.nodes.deadline')}>{formatDate(node.deadlineAt)}</Descriptions.Item>
        ) : null}
        {node.completedAt ? (
          <Descriptions.Item label={t('workOrders.nodes.completedAt')}>
            {formatDate(node.completedAt)}
          </Descriptions.Item>
        ) : null}
        {node.reason ? (
          <Descriptions.Item label={t('workOrders.nodes.reason')}>
            {t(`workOrders.nodes.reasons.${node.reason}`, { defaultValue: node.reason })}
            {node.skipReason ? `：${node.skipReason}` : ''}
            {node.skippedBy?.name ? ` (${node.skippedBy.name})` : ''}
          </Descriptions.Item>
        ) : null}
        {node.type === 'rating' ? (
          <Descriptions.Item label={t('workOrders.nodes.invitations')}>{node.invitationIds.length}</Descriptions.Item>
        ) : null}
      </Descriptions>
      {node.status === 'pending' ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('workOrders.nodes.pendingHint')}
        </Typography.Text>
      ) : null}
    </div>
  );
}
