import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Dropdown, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { client, ok } from '../../api/client';
import { useApiError } from '../../app/useApiError';
import { ListPage } from '../../components/ListPage';
import { SecretOnceModal } from '../../components/SecretOnceModal';
import { EndpointFormModal } from './EndpointFormModal';
import { EndpointStatusTag } from './EndpointStatusTag';
import { RotateSecretModal } from './RotateSecretModal';
import { useSendTestEvent } from './useSendTestEvent';
import { type WebhookEndpoint, webhookEventText, webhookKeys } from './webhooksApi';

/** Settings → Webhooks: the endpoints Rateloop posts signed events to. */
export function WebhooksPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<WebhookEndpoint | null | 'new'>(null);
  const [rotating, setRotating] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const list = useQuery({ queryKey: webhookKeys.endpoints(), queryFn: () => ok(client.GET('/webhook-endpoints')) });
  const sendTest = useSendTestEvent();
  const remove = useMutation({
    mutationFn: (id: string) => ok(client.DELETE('/webhook-endpoints/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      message.success(t('common.deleted'));
      await queryClient.invalidateQueries({ queryKey: webhookKeys.all });
    },
    onError: (error) => onError(error),
  });

  return (
    <ListPage<WebhookEndpoint>
      title={t('nav.webhooks')}
      actions={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="add-webhook">
          {t('webhooks.add')}
        </Button>
      }
      toolbar={
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {t('webhooks.intro')}
        </Typography.Paragraph>
      }
      query={list}
      tableTestId="webhooks-table"
      testIdPrefix="webhooks"
      emptyText={t('webhooks.empty')}
      table={{
        rowKey: 'id',
        scroll: { x: 1000 },
        columns: [
          {
            title: t('webhooks.url'),
            dataIndex: 'url',
            key: 'url',
            width: 320,
            render: (url: string, row) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/settings/webhooks/${row.id}`} data-testid="webhook-link" style={{ wordBreak: 'break-all' }}>
                  {url}
                </Link>
                {row.description ? <Typography.Text type="secondary">{row.description}</Typography.Text> : null}
              </Space>
            ),
          },
          {
            title: t('webhooks.eventTypes'),
            dataIndex: 'eventTypes',
            key: 'eventTypes',
            render: (types: string[]) => (
              <Space size={[0, 4]} wrap>
                {types.map((type) => (
                  <Tag key={type} title={type}>
                    {webhookEventText(t, type)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('webhooks.statusTitle'),
            key: 'status',
            width: 140,
            render: (_, row) => <EndpointStatusTag endpoint={row} />,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 260,
            render: (_, row) => (
              <Space wrap size={4}>
                <Button size="small" onClick={() => navigate(`/settings/webhooks/${row.id}`)}>
                  {t('webhooks.deliveries')}
                </Button>
                <Button size="small" onClick={() => setEditing(row)} data-testid={`edit-webhook-${row.id}`}>
                  {t('common.edit')}
                </Button>
                <Dropdown
                  trigger={['click']}
                  menu={{
                    items: [
                      { key: 'test', label: t('webhooks.sendTest'), onClick: () => sendTest.mutate(row.id) },
                      { key: 'rotate', label: t('webhooks.rotate'), onClick: () => setRotating(row.id) },
                    ],
                  }}
                >
                  <Button
                    size="small"
                    data-testid={`more-webhook-${row.id}`}
                    loading={sendTest.isPending && sendTest.variables === row.id}
                  >
                    {t('webhooks.more')}
                  </Button>
                </Dropdown>
                <Popconfirm
                  title={t('webhooks.deleteConfirm')}
                  okText={t('common.delete')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove.mutate(row.id)}
                >
                  {/* Not `danger`: antd's red text on white is below WCAG AA; the confirmation is red. */}
                  <Button size="small" data-testid={`delete-webhook-${row.id}`}>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ],
      }}
    >
      <EndpointFormModal
        open={editing !== null}
        endpoint={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
        onCreated={(created) => {
          setEditing(null);
          setSecret(created);
        }}
      />
      <RotateSecretModal
        endpointId={rotating}
        onClose={() => setRotating(null)}
        onRotated={(rotated) => {
          setRotating(null);
          setSecret(rotated);
        }}
      />
      <SecretOnceModal
        open={secret !== null}
        title={t('webhooks.secretTitle')}
        warning={t('webhooks.secretWarning')}
        secret={secret ?? ''}
        onClose={() => setSecret(null)}
        testId="webhook-secret"
      />
    </ListPage>
  );
}
