import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';

import { useFormatDate } from '../../app/format';
import type { ApiKey } from '../../app/types';
import { useApiError } from '../../app/useApiError';
import { ErrorState } from '../../components/ErrorState';
import { SecretOnceModal } from '../../components/SecretOnceModal';
import { CreateApiKeyModal } from './CreateApiKeyModal';

export function ApiKeysPage() {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [newKey, setNewKey] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['api-keys'],
    queryFn: () => ok(client.GET('/api-keys')).then((page) => page.items),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => ok(client.DELETE('/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      message.success(t('apiKeys.revoked'));
      await queryClient.invalidateQueries({ queryKey: ['api-keys'] });
    },
    onError: (error) => onError(error),
  });

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('nav.apiKeys')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="add-api-key">
          {t('apiKeys.add')}
        </Button>
      </Flex>
      <Card>
        {list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<ApiKey>
            data-testid="api-keys-table"
            rowKey="id"
            loading={list.isPending}
            dataSource={list.data ?? []}
            pagination={false}
            scroll={{ x: 900 }}
            locale={{ emptyText: <Empty description={t('apiKeys.empty')} /> }}
            columns={[
              { title: t('apiKeys.name'), dataIndex: 'name', key: 'name' },
              {
                title: t('apiKeys.prefix'),
                dataIndex: 'prefix',
                key: 'prefix',
                render: (prefix: string) => <Typography.Text code>{prefix}…</Typography.Text>,
              },
              {
                title: t('apiKeys.scopes'),
                dataIndex: 'scopes',
                key: 'scopes',
                render: (scopes: string[]) => scopes.map((scope) => <Tag key={scope}>{scope}</Tag>),
              },
              { title: t('apiKeys.createdBy'), dataIndex: 'createdByName', key: 'createdBy', render: (v) => v ?? '—' },
              { title: t('common.createdAt'), dataIndex: 'createdAt', key: 'createdAt', render: formatDate },
              { title: t('apiKeys.lastUsedAt'), dataIndex: 'lastUsedAt', key: 'lastUsedAt', render: formatDate },
              {
                title: t('apiKeys.status'),
                key: 'status',
                render: (_, row) =>
                  row.revokedAt ? (
                    <Tag color="red">{t('apiKeys.revokedAt', { date: formatDate(row.revokedAt) })}</Tag>
                  ) : (
                    <Tag color="green">{t('apiKeys.active')}</Tag>
                  ),
              },
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_, row) =>
                  row.revokedAt ? null : (
                    <Popconfirm
                      title={t('apiKeys.revokeConfirm', { name: row.name })}
                      okText={t('apiKeys.revoke')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => revoke.mutate(row.id)}
                    >
                      <Button size="small" danger data-testid={`revoke-${row.id}`}>
                        {t('apiKeys.revoke')}
                      </Button>
                    </Popconfirm>
                  ),
              },
            ]}
          />
        )}
      </Card>
      <CreateApiKeyModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(key) => {
          setCreating(false);
          setNewKey(key);
        }}
      />
      <SecretOnceModal
        open={newKey !== null}
        title={t('apiKeys.createdTitle')}
        warning={t('apiKeys.createdWarning')}
        secret={newKey ?? ''}
        onClose={() => setNewKey(null)}
        testId="api-key-secret"
      />
    </Space>
  );
}
