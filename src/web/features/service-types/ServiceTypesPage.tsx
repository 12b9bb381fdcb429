import { ApartmentOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client, ok } from '../../api/client';

import { useFormatDate } from '../../app/format';
import type { ServiceType } from '../../app/types';
import { ErrorState } from '../../components/ErrorState';
import { ServiceTypeModal } from './ServiceTypeModal';

export function ServiceTypesPage() {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const [editing, setEditing] = useState<ServiceType | null | undefined>(undefined);
  const list = useQuery({
    queryKey: ['service-types'],
    queryFn: () => ok(client.GET('/service-types', { params: { query: { limit: 500 } } })).then((page) => page.items),
  });

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('nav.serviceTypes')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="add-service-type">
          {t('serviceTypes.add')}
        </Button>
      </Flex>
      <Card>
        {list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<ServiceType>
            data-testid="service-types-table"
            rowKey="id"
            loading={list.isPending}
            dataSource={list.data ?? []}
            pagination={false}
            locale={{ emptyText: <Empty description={t('serviceTypes.empty')} /> }}
            columns={[
              { title: t('serviceTypes.name'), dataIndex: 'name', key: 'name' },
              { title: t('serviceTypes.code'), dataIndex: 'code', key: 'code', render: (code) => <Tag>{code}</Tag> },
              {
                title: t('serviceTypes.description'),
                dataIndex: 'description',
                key: 'description',
                render: (v) => v ?? '—',
              },
              {
                title: t('serviceTypes.active'),
                dataIndex: 'active',
                key: 'active',
                render: (active: boolean) =>
                  active ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>,
              },
              { title: t('common.updatedAt'), dataIndex: 'updatedAt', key: 'updatedAt', render: formatDate },
              {
                title: t('common.actions'),
                key: 'actions',
                width: 200,
                render: (_, row) => (
                  <Space>
                    <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(row)}>
                      {t('common.edit')}
                    </Button>
                    <Link to={`/org/service-types/${row.id}/workflow`} data-testid="service-type-workflow">
                      <Button size="small" icon={<ApartmentOutlined />}>
                        {t('workflows.open')}
                      </Button>
                    </Link>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      <ServiceTypeModal
        open={editing !== undefined}
        serviceType={editing ?? null}
        onClose={() => setEditing(undefined)}
      />
    </Space>
  );
}
