import { ApartmentOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client, ok } from '../../api/client';
import { useFormatDate } from '../../app/format';
import type { ServiceType } from '../../app/types';
import { ListPage } from '../../components/ListPage';
import { useListState } from '../../components/useListState';
import { ServiceTypeModal } from './ServiceTypeModal';
import { type ServiceTypeFilters, serviceTypeFiltersUrl, serviceTypeKeys } from './serviceTypesApi';

const PAGE_SIZE = 50;

export function ServiceTypesPage() {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const [editing, setEditing] = useState<ServiceType | null | undefined>(undefined);
  const { filters, update, filtered, pages } = useListState<ServiceTypeFilters>({
    filters: serviceTypeFiltersUrl,
    defaults: { active: 'all' },
  });
  const query = {
    limit: PAGE_SIZE,
    cursor: pages.cursor,
    active: filters.active === 'all' ? undefined : filters.active,
  };
  const list = useQuery({
    queryKey: serviceTypeKeys.list(query),
    queryFn: () => ok(client.GET('/service-types', { params: { query } })),
    placeholderData: keepPreviousData,
  });

  return (
    <ListPage<ServiceType>
      title={t('nav.serviceTypes')}
      actions={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="add-service-type">
          {t('serviceTypes.add')}
        </Button>
      }
      filters={
        <Select
          data-testid="filter-active"
          style={{ width: 140 }}
          value={filters.active}
          onChange={(active: ServiceTypeFilters['active']) => update({ active })}
          options={[
            { value: 'all', label: t('list.all') },
            { value: 'true', label: t('common.yes') },
            { value: 'false', label: t('common.no') },
          ]}
        />
      }
      query={list}
      pages={pages}
      tableTestId="service-types-table"
      testIdPrefix="service-types"
      emptyText={filtered ? t('list.noMatches') : t('serviceTypes.empty')}
      table={{
        rowKey: 'id',
        scroll: { x: 800 },
        columns: [
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
        ],
      }}
    >
      <ServiceTypeModal
        open={editing !== undefined}
        serviceType={editing ?? null}
        onClose={() => setEditing(undefined)}
      />
    </ListPage>
  );
}
