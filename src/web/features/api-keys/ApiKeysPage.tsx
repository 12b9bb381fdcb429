import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useFormatDate } from '../../app/format';
import type { ApiKey } from '../../app/types';
import { useApiError } from '../../app/useApiError';
import { ListPage } from '../../components/ListPage';
import { SecretOnceModal } from '../../components/SecretOnceModal';
import { apiKeyKeys } from './apiKeysApi';
import { CreateApiKeyModal } from './CreateApiKeyModal';

export function ApiKeysPage() {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [newKey, setNewKey] = useState<string | null>(null);
  const list = useQuery({ queryKey: apiKeyKeys.all, queryFn: () => ok(client.GET('/api-keys')) });
  const revoke = useMutation({
    mutationFn: (id: string) => ok(client.DELETE('/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      message.success(t('apiKeys.revoked'));
      await queryClient.invalidateQueries({ queryKey: apiKeyKeys.all });
    },
    onError: (error) => onError(error),
  });

  return (
    <ListPage<ApiKey>
      title={t('nav.apiKeys')}
      actions={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="add-api-key">
          {t('apiKeys.add')}
        </Button>
      }
      query={list}
      tableTestId="api-keys-table"
      testIdPrefix="api-keys"
      emptyText={t('apiKeys.empty')}
      table={{
        rowKey: 'id',
        scroll: { x: 900 },
        columns: [
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
        ],
      }}
    >
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
    </ListPage>
  );
}
