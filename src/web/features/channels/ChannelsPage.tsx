import { DeleteOutlined, EditOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Popconfirm, Progress, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useFormatDate } from '../../app/format';
import { useApiError } from '../../app/useApiError';
import { ErrorState } from '../../components/ErrorState';
import { ChannelConfigDrawer } from './ChannelConfigDrawer';
import { type ChannelConfig, channelKeys } from './channelsApi';
import { DeliverySettingsCard } from './DeliverySettingsCard';
import { TestMessageModal } from './TestMessageModal';

const CHANNEL_COLORS = { email: 'blue', sms: 'green', wechat: 'cyan', webhook: 'purple' } as const;

export function ChannelsPage() {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<ChannelConfig | null | undefined>(undefined);
  const [testing, setTesting] = useState<ChannelConfig | null>(null);
  const list = useQuery({
    queryKey: channelKeys.configs,
    queryFn: () => ok(client.GET('/channel-configs')).then((page) => page.items),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: channelKeys.configs });
  const toggle = useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
      ok(client.PATCH('/channel-configs/{id}', { params: { path: { id } }, body: { enabled } })),
    onSuccess: async () => {
      message.success(t('common.saved'));
      await refresh();
    },
    onError: (error) => onError(error),
  });
  const remove = useMutation({
    mutationFn: (id: string) => ok(client.DELETE('/channel-configs/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      message.success(t('common.deleted'));
      await refresh();
    },
    onError: (error) => onError(error),
  });

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('channels.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('channels.intro')}</Typography.Text>
        </div>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="add-channel">
          {t('channels.add')}
        </Button>
      </Flex>
      <Card>
        {list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<ChannelConfig>
            data-testid="channels-table"
            rowKey="id"
            loading={list.isPending}
            dataSource={list.data ?? []}
            pagination={false}
            scroll={{ x: 1000 }}
            locale={{ emptyText: <Empty description={t('channels.empty')} /> }}
            columns={[
              {
                title: t('channels.channel'),
                dataIndex: 'channel',
                key: 'channel',
                render: (channel: ChannelConfig['channel']) => (
                  <Tag color={CHANNEL_COLORS[channel]}>{t(`channels.channels.${channel}`)}</Tag>
                ),
              },
              {
                title: t('channels.name'),
                dataIndex: 'name',
                key: 'name',
                render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
              },
              {
                title: t('channels.provider'),
                dataIndex: 'provider',
                key: 'provider',
                render: (provider: ChannelConfig['provider']) => t(`channels.providers.${provider}`),
              },
              {
                title: t('channels.enabled'),
                dataIndex: 'enabled',
                key: 'enabled',
                render: (enabled: boolean, row) => (
                  <Switch
                    size="small"
                    checked={enabled}
                    loading={toggle.isPending && toggle.variables?.id === row.id}
                    onChange={(next) => toggle.mutate({ id: row.id, enabled: next })}
                    data-testid={`channel-enabled-${row.id}`}
                    aria-label={t('channels.enabled')}
                  />
                ),
              },
              {
                title: t('channels.usage'),
                key: 'usage',
                width: 200,
                render: (_, row) =>
                  row.usage.monthlyLimit ? (
                    <div>
                      <Typography.Text>
                        {t('channels.usageOf', { sent: row.usage.sent, limit: row.usage.monthlyLimit })}
                      </Typography.Text>
                      <Progress
                        size="small"
                        showInfo={false}
                        percent={Math.min(100, (row.usage.sent / row.usage.monthlyLimit) * 100)}
                        status={row.usage.sent >= row.usage.monthlyLimit ? 'exception' : 'normal'}
                      />
                    </div>
                  ) : (
                    <Typography.Text>{t('channels.usageUnlimited', { sent: row.usage.sent })}</Typography.Text>
                  ),
              },
              { title: t('common.updatedAt'), dataIndex: 'updatedAt', key: 'updatedAt', render: formatDate },
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_, row) => (
                  <Space>
                    <Button
                      size="small"
                      icon={<SendOutlined />}
                      onClick={() => setTesting(row)}
                      data-testid={`test-${row.id}`}
                    >
                      {t('channels.test.button')}
                    </Button>
                    <Button
                      size="small"
                      icon={<EditOutlined />}
                      onClick={() => setEditing(row)}
                      data-testid={`edit-${row.id}`}
                    >
                      {t('common.edit')}
                    </Button>
                    <Popconfirm
                      title={t('channels.deleteConfirm', { name: row.name })}
                      description={t('channels.deleteHelp')}
                      okText={t('common.delete')}
                      okButtonProps={{ danger: true }}
                      cancelText={t('common.cancel')}
                      onConfirm={() => remove.mutate(row.id)}
                    >
                      <Button size="small" danger icon={<DeleteOutlined />} data-testid={`delete-${row.id}`}>
                        {t('common.delete')}
                      </Button>
                    </Popconfirm>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      <DeliverySettingsCard />
      <ChannelConfigDrawer
        open={editing !== undefined}
        config={editing ?? null}
        onClose={() => setEditing(undefined)}
      />
      <TestMessageModal config={testing} onClose={() => setTesting(null)} />
    </Space>
  );
}
