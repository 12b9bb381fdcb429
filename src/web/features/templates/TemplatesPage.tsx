import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client, ok } from '../../api/client';
import { isAdmin } from '../../app/access';
import { useAuth } from '../../app/auth';
import { useFormatDate } from '../../app/format';
import { CursorPager, useCursorStack } from '../../components/CursorPager';
import { ErrorState } from '../../components/ErrorState';
import { CreateTemplateModal } from './CreateTemplateModal';
import { TEMPLATES_KEY, type TemplateListItem, useServiceTypes } from './templatesApi';

const PAGE_SIZE = 20;

interface Filters {
  q: string;
  status?: 'active' | 'archived';
  serviceTypeId?: string;
}

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
  const [filters, setFilters] = useState<Filters>({ q: '', status: 'active' });
  const pages = useCursorStack();
  const [creating, setCreating] = useState(false);

  const list = useQuery({
    queryKey: [...TEMPLATES_KEY, 'list', filters, pages.cursor],
    queryFn: () =>
      ok(
        client.GET('/rating-templates', { params: { query: { limit: PAGE_SIZE, cursor: pages.cursor, ...filters } } }),
      ),
    placeholderData: keepPreviousData,
  });

  const update = (patch: Partial<Filters>) => {
    setFilters((old) => ({ ...old, ...patch }));
    pages.reset();
  };
  const filtered = Boolean(filters.q || filters.serviceTypeId || filters.status === 'archived');

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
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('nav.templates')}
        </Typography.Title>
        {canEdit ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="add-template">
            {t('templates.add')}
          </Button>
        ) : null}
      </Flex>
      <Card>
        <Flex wrap gap={12} style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            data-testid="template-search"
            placeholder={t('templates.searchPlaceholder')}
            style={{ width: 280 }}
            onSearch={(q) => update({ q: q.trim() })}
          />
          <Select
            allowClear
            data-testid="filter-status"
            style={{ width: 160 }}
            placeholder={t('templates.statusLabel')}
            value={filters.status}
            onChange={(status?: Filters['status']) => update({ status })}
            options={[
              { value: 'active', label: t('templates.status.active') },
              { value: 'archived', label: t('templates.status.archived') },
            ]}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="filter-service-type"
            style={{ width: 200 }}
            placeholder={t('templates.filterServiceType')}
            loading={serviceTypes.isLoading}
            value={filters.serviceTypeId}
            onChange={(serviceTypeId?: string) => update({ serviceTypeId })}
            options={(serviceTypes.data ?? []).map((st) => ({ value: st.id, label: st.name }))}
          />
        </Flex>
        {list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <>
            <Table<TemplateListItem>
              data-testid="templates-table"
              rowKey="id"
              size="middle"
              loading={list.isFetching}
              columns={columns}
              dataSource={list.data?.items ?? []}
              pagination={false}
              scroll={{ x: 900 }}
              locale={{
                emptyText: <Empty description={filtered ? t('templates.emptyFiltered') : t('templates.empty')} />,
              }}
            />
            <CursorPager
              pages={pages}
              nextCursor={list.data?.nextCursor}
              stale={list.isPlaceholderData}
              testIdPrefix="templates"
            />
          </>
        )}
      </Card>
      <CreateTemplateModal open={creating} onClose={() => setCreating(false)} />
    </Space>
  );
}
