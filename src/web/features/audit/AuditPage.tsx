import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DatePicker, Select, Space, Tag } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useFormatDate } from '../../app/format';
import type { AuditEvent } from '../../app/types';
import { ListPage } from '../../components/ListPage';
import { SearchFilter } from '../../components/SearchFilter';
import { useListState } from '../../components/useListState';
import { AuditDiff } from './AuditDiff';
import {
  AUDIT_ENTITY_TYPES,
  type AuditFilters,
  auditActionText,
  auditEntityText,
  auditFiltersUrl,
  auditKeys,
} from './auditApi';

const PAGE_SIZE = 50;

export function AuditPage() {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const { filters, update, pages } = useListState<AuditFilters>({ filters: auditFiltersUrl });

  const query = { limit: PAGE_SIZE, cursor: pages.cursor, ...filters };
  const list = useQuery({
    queryKey: auditKeys.list(query),
    queryFn: () => ok(client.GET('/audit-events', { params: { query } })),
    placeholderData: keepPreviousData,
  });

  return (
    <ListPage<AuditEvent>
      title={t('nav.audit')}
      filters={
        <>
          <Select
            allowClear
            showSearch
            data-testid="audit-entity-type"
            style={{ width: 200, maxWidth: '100%' }}
            placeholder={t('audit.entityType')}
            aria-label={t('audit.entityType')}
            value={filters.entityType}
            onChange={(entityType?: string) => update({ entityType })}
            options={AUDIT_ENTITY_TYPES.map((type) => ({
              value: type,
              label: auditEntityText(t, type),
            }))}
          />
          <SearchFilter
            testId="audit-action"
            width={280}
            placeholder={t('audit.actionPlaceholder')}
            value={filters.action}
            onSearch={(action) => update({ action })}
          />
          <DatePicker.RangePicker
            showTime
            data-testid="audit-range"
            value={[filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null]}
            onChange={(range) => update({ from: range?.[0]?.toISOString(), to: range?.[1]?.toISOString() })}
          />
        </>
      }
      query={list}
      pages={pages}
      tableTestId="audit-table"
      testIdPrefix="audit"
      emptyText={t('audit.empty')}
      table={{
        rowKey: 'id',
        scroll: { x: 900 },
        expandable: { expandedRowRender: (event) => <AuditDiff event={event} /> },
        columns: [
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
            // The label, with the code (what the action filter takes) on hover.
            render: (action: string) => <span title={action}>{auditActionText(t, action)}</span>,
          },
          {
            title: t('audit.entityType'),
            dataIndex: 'entityType',
            key: 'entityType',
            render: (type: string) => auditEntityText(t, type),
          },
          { title: t('audit.entityId'), dataIndex: 'entityId', key: 'entityId', render: (v) => v ?? '—' },
          { title: t('audit.ip'), dataIndex: 'ip', key: 'ip', render: (v) => v ?? '—' },
        ],
      }}
    />
  );
}
