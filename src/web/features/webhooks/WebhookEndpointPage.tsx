import { ArrowLeftOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Descriptions, Flex, Result, Select, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { client, ok } from '../../api/client';
import { ApiError } from '../../app/api';
import { useFormatDate } from '../../app/format';
import { useApiError } from '../../app/useApiError';
import { ErrorState } from '../../components/ErrorState';
import { ListPage } from '../../components/ListPage';
import { SecretOnceModal } from '../../components/SecretOnceModal';
import { useListState } from '../../components/useListState';
import { DeliveryAttempts } from './DeliveryAttempts';
import { EndpointFormModal } from './EndpointFormModal';
import { EndpointStatusTag } from './EndpointStatusTag';
import { ReplaySinceModal } from './ReplaySinceModal';
import { RotateSecretModal } from './RotateSecretModal';
import { useSendTestEvent } from './useSendTestEvent';
import {
  DELIVERY_EVENT_TYPES,
  DELIVERY_STATUS_COLORS,
  DELIVERY_STATUSES,
  type DeliveryFilters,
  type DeliveryStatus,
  deliveryFiltersUrl,
  type WebhookDelivery,
  type WebhookEndpoint,
  webhookEventText,
  webhookKeys,
} from './webhooksApi';

const PAGE_SIZE = 50;

/** A webhook endpoint: its settings and actions, and its deliveries (filters in the URL) with their attempts. */
export function WebhookEndpointPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const endpoint = useQuery({
    queryKey: webhookKeys.endpoint(id),
    queryFn: () => ok(client.GET('/webhook-endpoints/{id}', { params: { path: { id } } })),
  });
  if (endpoint.isPending) return <Skeleton active />;
  if (endpoint.isError) {
    if (endpoint.error instanceof ApiError && endpoint.error.status === 404) {
      return (
        <Result
          status="404"
          title={t('webhooks.notFound')}
          extra={
            <Link to="/settings/webhooks">
              <ArrowLeftOutlined /> {t('webhooks.backToList')}
            </Link>
          }
        />
      );
    }
    return <ErrorState error={endpoint.error} onRetry={() => endpoint.refetch()} />;
  }
  return <EndpointDeliveries endpoint={endpoint.data} />;
}

function EndpointDeliveries({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const { filters, update, pages } = useListState<DeliveryFilters>({ filters: deliveryFiltersUrl });
  const [editing, setEditing] = useState(false);
  const [rotating, setRotating] = useState(false);
  const [replayingSince, setReplayingSince] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const sendTest = useSendTestEvent();

  const query = { limit: PAGE_SIZE, cursor: pages.cursor, ...filters };
  const list = useQuery({
    queryKey: webhookKeys.deliveries(endpoint.id, query),
    queryFn: () =>
      ok(client.GET('/webhook-endpoints/{id}/deliveries', { params: { path: { id: endpoint.id }, query } })),
    placeholderData: keepPreviousData,
    // Retries happen in the background: keep the first page current while something is pending.
    refetchInterval: (q) => (!pages.cursor && q.state.data?.items.some((d) => d.status === 'pending') ? 5_000 : false),
  });
  const replay = useMutation({
    mutationFn: (deliveryId: string) =>
      ok(client.POST('/webhook-deliveries/{id}/replay', { params: { path: { id: deliveryId } } })),
    onSuccess: async (delivery) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(endpoint.id) }),
        queryClient.invalidateQueries({ queryKey: webhookKeys.delivery(delivery.id) }),
      ]);
    },
    onError: (error) => onError(error),
  });

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          <Space>
            <Link to="/settings/webhooks" aria-label={t('webhooks.backToList')}>
              <ArrowLeftOutlined />
            </Link>
            {t('webhooks.endpointTitle')}
          </Space>
        </Typography.Title>
        <Space wrap>
          <Button onClick={() => setEditing(true)} data-testid="webhook-edit">
            {t('common.edit')}
          </Button>
          <Button
            onClick={() => sendTest.mutate(endpoint.id)}
            loading={sendTest.isPending}
            data-testid="webhook-send-test"
          >
            {t('webhooks.sendTest')}
          </Button>
          <Button onClick={() => setRotating(true)} data-testid="webhook-rotate">
            {t('webhooks.rotate')}
          </Button>
        </Space>
      </Flex>
      <Card>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          data-testid="webhook-endpoint"
          items={[
            {
              key: 'url',
              label: t('webhooks.url'),
              children: <Typography.Text style={{ wordBreak: 'break-all' }}>{endpoint.url}</Typography.Text>,
            },
            { key: 'status', label: t('webhooks.statusTitle'), children: <EndpointStatusTag endpoint={endpoint} /> },
            { key: 'description', label: t('webhooks.description'), children: endpoint.description || '—' },
            {
              key: 'events',
              label: t('webhooks.eventTypes'),
              children: (
                <Space size={[0, 4]} wrap>
                  {endpoint.eventTypes.map((type) => (
                    <Tag key={type}>{webhookEventText(t, type)}</Tag>
                  ))}
                </Space>
              ),
            },
            ...(endpoint.previousSecretExpiresAt
              ? [
                  {
                    key: 'overlap',
                    label: t('webhooks.previousSecret'),
                    children: t('webhooks.previousSecretUntil', { at: formatDate(endpoint.previousSecretExpiresAt) }),
                  },
                ]
              : []),
            ...(endpoint.failingSince
              ? [{ key: 'failing', label: t('webhooks.failingSince'), children: formatDate(endpoint.failingSince) }]
              : []),
          ]}
        />
      </Card>
      <ListPage<WebhookDelivery>
        title={t('webhooks.deliveries')}
        actions={
          <Tooltip title={endpoint.enabled ? undefined : t('webhooks.replayDisabled')}>
            <Button
              onClick={() => setReplayingSince(true)}
              disabled={!endpoint.enabled}
              data-testid="webhook-replay-since-open"
            >
              {t('webhooks.replaySince')}
            </Button>
          </Tooltip>
        }
        filters={
          <>
            <Select
              allowClear
              data-testid="delivery-status"
              aria-label={t('webhooks.deliveryStatus')}
              placeholder={t('webhooks.deliveryStatus')}
              style={{ width: 180, maxWidth: '100%' }}
              value={filters.status}
              onChange={(status?: DeliveryStatus) => update({ status })}
              options={DELIVERY_STATUSES.map((status) => ({
                value: status,
                label: t(`webhooks.deliveryStatuses.${status}`),
              }))}
            />
            <Select
              allowClear
              data-testid="delivery-event-type"
              aria-label={t('webhooks.eventType')}
              placeholder={t('webhooks.eventType')}
              style={{ width: 240, maxWidth: '100%' }}
              value={filters.eventType}
              onChange={(eventType?: string) => update({ eventType })}
              options={DELIVERY_EVENT_TYPES.map((type) => ({ value: type, label: webhookEventText(t, type) }))}
            />
          </>
        }
        query={list}
        pages={pages}
        pageSize={PAGE_SIZE}
        tableTestId="deliveries-table"
        testIdPrefix="deliveries"
        emptyText={t('webhooks.noDeliveries')}
        table={{
          rowKey: 'id',
          scroll: { x: 900 },
          expandable: { expandedRowRender: (delivery) => <DeliveryAttempts deliveryId={delivery.id} /> },
          columns: [
            { title: t('common.createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 180, render: formatDate },
            {
              title: t('webhooks.eventType'),
              dataIndex: 'eventType',
              key: 'eventType',
              render: (type: string) => <span title={type}>{webhookEventText(t, type)}</span>,
            },
            {
              title: t('webhooks.deliveryStatus'),
              dataIndex: 'status',
              key: 'status',
              render: (status: DeliveryStatus) => (
                <Tag color={DELIVERY_STATUS_COLORS[status]} data-testid="delivery-status-tag">
                  {t(`webhooks.deliveryStatuses.${status}`)}
                </Tag>
              ),
            },
            {
              title: t('webhooks.attempts'),
              dataIndex: 'attempts',
              key: 'attempts',
              align: 'right',
              render: (n: number) => <span data-testid="delivery-attempts">{n}</span>,
            },
            {
              title: t('webhooks.lastStatusCode'),
              dataIndex: 'lastStatusCode',
              key: 'lastStatusCode',
              render: (code: number | null) => code ?? '—',
            },
            {
              title: t('webhooks.nextAttemptAt'),
              dataIndex: 'nextAttemptAt',
              key: 'nextAttemptAt',
              render: (at: string | null, row) => (row.status === 'pending' ? formatDate(at) : '—'),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_, row) => (
                <Button
                  size="small"
                  data-testid="delivery-replay"
                  loading={replay.isPending && replay.variables === row.id}
                  onClick={() => replay.mutate(row.id)}
                >
                  {t('webhooks.replay')}
                </Button>
              ),
            },
          ],
        }}
      >
        <EndpointFormModal
          open={editing}
          endpoint={endpoint}
          onClose={() => setEditing(false)}
          onCreated={() => setEditing(false)}
        />
        <RotateSecretModal
          endpointId={rotating ? endpoint.id : null}
          onClose={() => setRotating(false)}
          onRotated={(rotated) => {
            setRotating(false);
            setSecret(rotated);
          }}
        />
        <ReplaySinceModal endpointId={endpoint.id} open={replayingSince} onClose={() => setReplayingSince(false)} />
        <SecretOnceModal
          open={secret !== null}
          title={t('webhooks.secretTitle')}
          warning={t('webhooks.secretWarning')}
          secret={secret ?? ''}
          onClose={() => setSecret(null)}
          testId="webhook-secret"
        />
      </ListPage>
    </Space>
  );
}
