import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client, ok } from '../../api/client';
import { isAdmin } from '../../app/access';
import { useAuth } from '../../app/auth';
import { useFormatDate } from '../../app/format';
import { ListPage } from '../../components/ListPage';
import { SearchFilter } from '../../components/SearchFilter';
import { useListState } from '../../components/useListState';
import { CreateTemplateModal } from './CreateTemplateModal';
import {
  type TemplateFilters,
  type TemplateListItem,
  templateFiltersUrl,
  templateKeys,
  useServiceTypes,
} from './templatesApi';

const PAGE_SIZE = 20;

export function TemplatesPage() {
  const { t } = useTranslation();
  const { session } = useAuth();
  const canEdit = isAdmin(session?.user.roles);
  const formatDate = useFormatDate();
  const serviceTypes = useServiceTypes();
  const serviceTypeName = useMemo(
    () => new Map((serviceTypes.data ?? []).map((st) => [st.id, st.name])),
    [serviceTypes.data],
  );
  const { filters, update, filtered, pages } = useListState<TemplateFilters>({
    filters: templateFiltersUrl,
    defaults: { status: 'active' },
  });
  const [creating, setCreating] = useState(false);

  const { status, ...rest } = filters;
  const query = { limit: PAGE_SIZE, cursor: pages.cursor, ...rest, status: status === 'all' ? undefined : status };
  const list = useQuery({
    queryKey: templateKeys.list(query),
    queryFn: () => ok(client.GET('/rating-templates', { params: { query } })),
    placeholderData: keepPreviousData,
  });

  const columns: ColumnsType<TemplateListItem> = [
    {
      title: t('templates.name'),
      key: 'name',
      render: (_, item) => (
        <Space size={6} wrap>
          <Link to={`/rating/templates/${item.id}`} data-testid="template-link">
            {item.name}
          </Link>
          {item.isDefault ? <Tag color="blue">{t('templates.default')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('templates.serviceTypes'),
      dataIndex: 'serviceTypeIds',
      key: 'serviceTypes',
      render: (ids: string[]) =>
        ids.length === 0 ? (
          <Typography.Text type="secondary">{t('templates.allServiceTypes')}</Typography.Text>
        ) : (
          ids.map((id) => <Tag key={id}>{serviceTypeName.get(id) ?? '…'}</Tag>)
        ),
    },
    {
      title: t('templates.statusLabel'),
      dataIndex: 'status',
      key: 'status',
      width: 110,
      render: (status: TemplateListItem['status']) =>
        status === 'active' ? (
          <Tag color="green">{t('templates.status.active')}</Tag>
        ) : (
          <Tag>{t('templates.status.archived')}</Tag>
        ),
    },
    {
      title: t('templates.publishedVersion'),
      key: 'version',
      width: 170,
      render: (_, item) => (
        <Space size={4}>
          {item.publishedVersionNumber === null ? (
            <Typography.Text type="secondary">{t('templates.neverPublished')}</Typography.Text>
          ) : (
            <Tag color="geekblue">v{item.publishedVersionNumber}</Tag>
          )}
          {item.hasDraft ? <Tag color="orange">{t('templates.status.draft')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('templates.questionCount'),
      key: 'count',
      width: 90,
      render: (_, item) => item.latestVersion?.dimensionCount ?? 0,
    },
    { title: t('common.updatedAt'), dataIndex: 'updatedAt', key: 'updatedAt', width: 180, render: formatDate },
  ];

  return (
    <ListPage<TemplateListItem>
      title={t('nav.templates')}
      actions={
        canEdit ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="add-template">
            {t('templates.add')}
          </Button>
        ) : null
      }
      filters={
        <>
          <SearchFilter
            testId="template-search"
            width={280}
            placeholder={t('templates.searchPlaceholder')}
            value={filters.q}
            onSearch={(q) => update({ q })}
          />
          <Select
            data-testid="filter-status"
            aria-label={t('templates.statusLabel')}
            style={{ width: 160 }}
            value={filters.status}
            onChange={(next: TemplateFilters['status']) => update({ status: next })}
            options={[
              { value: 'active', label: t('templates.status.active') },
              { value: 'archived', label: t('templates.status.archived') },
              { value: 'all', label: t('list.all') },
            ]}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="filter-service-type"
            style={{ width: 200, maxWidth: '100%' }}
            placeholder={t('templates.filterServiceType')}
            aria-label={t('templates.filterServiceType')}
            loading={serviceTypes.isLoading}
            value={filters.serviceTypeId}
            onChange={(serviceTypeId?: string) => update({ serviceTypeId })}
            options={(serviceTypes.data ?? []).map((st) => ({ value: st.id, label: st.name }))}
          />
        </>
      }
      query={list}
      pages={pages}
      tableTestId="templates-table"
      testIdPrefix="templates"
      emptyText={filtered ? t('templates.emptyFiltered') : t('templates.empty')}
      table={{ rowKey: 'id', columns, scroll: { x: 900 } }}
    >
      <CreateTemplateModal open={creating} onClose={() => setCreating(false)} />
    </ListPage>
  );
}
