import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, DatePicker, Empty, Flex, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';

import { useFormatDate } from '../../app/format';
import type { AuditEvent } from '../../app/types';
import { CursorPager, useCursorStack } from '../../components/CursorPager';
import { ErrorState } from '../../components/ErrorState';
import { AuditDiff } from './AuditDiff';

const PAGE_SIZE = 50;
export const AUDIT_ENTITY_TYPES = [
  'department',
  'employee',
  'service_type',
  'api_key',
  'user',
  'employee_import',
  'account',
];

interface Filters {
  entityType?: string;
  action: string;
  from?: string;
  to?: string;
}

/** The picker hands back dayjs objects; only `toISOString` is needed, so no direct dayjs import. */
type Instant = { toISOString(): string } | null;

export function AuditPage() {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const [filters, setFilters] = useState<Filters>({ action: '' });
  const pages = useCursorStack();

  const list = useQuery({
    queryKey: ['audit-events', filters, pages.cursor],
    queryFn: () =>
      ok(client.GET('/audit-events', { params: { query: { limit: PAGE_SIZE, cursor: pages.cursor, ...filters } } })),
    placeholderData: keepPreviousData,
  });

  const update = (patch: Partial<Filters>) => {
    setFilters((old) => ({ ...old, ...patch }));
    pages.reset();
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('nav.audit')}
      </Typography.Title>
      <Card>
        <Flex wrap gap={12} style={{ marginBottom: 16 }}>
          <Select
            allowClear
            showSearch
            data-testid="audit-entity-type"
            style={{ width: 200 }}
            placeholder={t('audit.entityType')}
            value={filters.entityType}
            onChange={(entityType?: string) => update({ entityType })}
            options={AUDIT_ENTITY_TYPES.map((type) => ({
              value: type,
              label: t(`audit.entities.${type}`, { defaultValue: type }),
            }))}
          />
          <Input.Search
            allowClear
            data-testid="audit-action"
            style={{ width: 280 }}
            placeholder={t('audit.actionPlaceholder')}
            onSearch={(action) => update({ action: action.trim() })}
          />
          <DatePicker.RangePicker
            showTime
            data-testid="audit-range"
            onChange={(range) => {
              const [from, to] = (range ?? [null, null]) as [Instant, Instant];
              update({ from: from?.toISOString(), to: to?.toISOString() });
            }}
          />
        </Flex>
        {list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <>
            <Table<AuditEvent>
              data-testid="audit-table"
              rowKey="id"
              size="middle"
              loading={list.isFetching}
              dataSource={list.data?.items ?? []}
              pagination={false}
              scroll={{ x: 900 }}
              locale={{ emptyText: <Empty description={t('audit.empty')} /> }}
              expandable={{ expandedRowRender: (event) => <AuditDiff event={event} /> }}
              columns={[
                { title: t('audit.at'), dataIndex: 'at', key: 'at', width: 190, render: formatDate },
                {
                  title: t('audit.actor'),
                  key: 'actor',
                  render: (_, event) => (
                    <Space size={4}>
                      <Tag>{t(`audit.actorTypes.${event.actorType}`)}</Tag>
                      {event.actorName ?? event.actorId ?? ''}
                    </Space>
                  ),
                },
                {
                  title: t('audit.action'),
                  dataIndex: 'action',
                  key: 'action',
                  render: (action: string) => <Typography.Text code>{action}</Typography.Text>,
                },
                {
                  title: t('audit.entityType'),
                  dataIndex: 'entityType',
                  key: 'entityType',
                  render: (type: string) => t(`audit.entities.${type}`, { defaultValue: type }),
                },
                { title: t('audit.entityId'), dataIndex: 'entityId', key: 'entityId', render: (v) => v ?? '—' },
                { title: t('audit.ip'), dataIndex: 'ip', key: 'ip', render: (v) => v ?? '—' },
              ]}
            />
            <CursorPager
              pages={pages}
              nextCursor={list.data?.nextCursor}
              stale={list.isPlaceholderData}
              testIdPrefix="audit"
            />
          </>
        )}
      </Card>
    </Space>
  );
}
