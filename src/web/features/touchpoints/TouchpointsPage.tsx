import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useApiError } from '../../app/useApiError';
import { ListPage } from '../../components/ListPage';
import { TouchpointModal } from './TouchpointModal';
import { type Touchpoint, touchpointKeys, useTouchpoints } from './touchpointsApi';

/** Settings → Touchpoints: the touchpoints a store is rated at and their weights in the store score (SCORING.md §7). */
export function TouchpointsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Touchpoint | null | undefined>(undefined);
  const list = useTouchpoints();
  const remove = useMutation({
    mutationFn: (id: string) => ok(client.DELETE('/touchpoints/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      message.success(t('touchpoints.deleted'));
      await queryClient.invalidateQueries({ queryKey: touchpointKeys.all });
    },
    onError: (error) => onError(error),
  });

  return (
    <ListPage<Touchpoint>
      title={t('touchpoints.title')}
      actions={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="add-touchpoint">
          {t('touchpoints.add')}
        </Button>
      }
      intro={
        <Typography.Paragraph type="secondary" data-testid="touchpoints-intro">
          {t('touchpoints.intro')}
        </Typography.Paragraph>
      }
      query={{
        data: list.data ? { items: list.data.items } : undefined,
        isError: list.isError,
        error: list.error,
        isFetching: list.isFetching,
        isPlaceholderData: false,
        refetch: () => list.refetch(),
      }}
      tableTestId="touchpoints-table"
      testIdPrefix="touchpoints"
      emptyText={t('touchpoints.empty')}
      table={{
        rowKey: 'id',
        scroll: { x: 'max-content' },
        columns: [
          { title: t('touchpoints.key'), dataIndex: 'key', key: 'key', render: (key: string) => <Tag>{key}</Tag> },
          { title: t('touchpoints.nameZh'), dataIndex: 'nameZh', key: 'nameZh' },
          { title: t('touchpoints.nameEn'), dataIndex: 'nameEn', key: 'nameEn', responsive: ['sm'] },
          { title: t('touchpoints.weight'), dataIndex: 'weight', key: 'weight', align: 'right' },
          { title: t('touchpoints.sort'), dataIndex: 'sort', key: 'sort', align: 'right', responsive: ['md'] },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, row) => (
              <Space>
                <Button
                  size="small"
                  icon={<EditOutlined />}
                  onClick={() => setEditing(row)}
                  aria-label={t('common.edit')}
                  data-testid="touchpoint-edit"
                >
                  {t('common.edit')}
                </Button>
                <Popconfirm
                  title={t('touchpoints.deleteConfirm')}
                  onConfirm={() => remove.mutate(row.id)}
                  okText={t('touchpoints.delete')}
                  cancelText={t('common.cancel')}
                >
                  <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('touchpoints.delete')} />
                </Popconfirm>
              </Space>
            ),
          },
        ],
      }}
    >
      <TouchpointModal
        open={editing !== undefined}
        touchpoint={editing ?? null}
        onClose={() => setEditing(undefined)}
      />
    </ListPage>
  );
}
