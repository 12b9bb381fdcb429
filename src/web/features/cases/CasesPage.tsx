import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client, ok } from '../../api/client';
import { useFormatDate } from '../../app/format';
import { ListPage } from '../../components/ListPage';
import { useListState } from '../../components/useListState';
import { usePermissions } from '../work-orders/workOrdersApi';
import { CaseFilters } from './CaseFilters';
import { CasesOverview } from './CasesOverview';
import {
  type Case,
  caseFiltersUrl,
  caseKeys,
  caseName,
  type CaseFilters as Filters,
  filtersToQuery,
  SEVERITY_COLORS,
  STATUS_COLORS,
  useCaseDepartments,
} from './casesApi';
import { SlaCountdown } from './SlaCountdown';

const PAGE_SIZE = 20;

/**
 * Remediation cases (`/cases`): the supervisor's overview on top, then the list — newest first, filters in the URL,
 * each row's live SLA countdown; `case.*` events refresh it (app/liveEvents.ts).
 */
export function CasesPage() {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const can = usePermissions();
  const departments = useCaseDepartments(can('org.read'));
  const departmentNames = useMemo(
    () => new Map((departments.data ?? []).map((department) => [department.id, department.name])),
    [departments.data],
  );
  const state = useListState<Filters>({ filters: caseFiltersUrl });
  const { filters, pages } = state;
  const query = { ...filtersToQuery(filters), limit: PAGE_SIZE, cursor: pages.cursor };
  const list = useQuery({
    queryKey: caseKeys.list(query),
    queryFn: () => ok(client.GET('/cases', { params: { query } })),
    placeholderData: keepPreviousData,
  });

  return (
    <ListPage<Case>
      title={t('cases.title')}
      intro={<CasesOverview departmentId={filters.departmentId} update={state.update} />}
      filters={<CaseFilters filters={filters} update={state.update} />}
      query={list}
      pages={pages}
      pageSize={PAGE_SIZE}
      tableTestId="cases-table"
      testIdPrefix="cases"
      emptyText={state.filtered ? t('cases.emptyFiltered') : t('cases.empty')}
      table={{
        rowKey: 'id',
        scroll: { x: 1280 },
        columns: [
          {
            title: t('cases.columns.number'),
            key: 'number',
            width: 90,
            fixed: 'left',
            render: (_, c) => (
              <Link to={`/cases/${c.id}`} data-testid="case-link">
                {caseName(c.number)}
              </Link>
            ),
          },
          {
            title: t('cases.columns.status'),
            key: 'status',
            width: 120,
            render: (_, c) => (
              <Tag color={STATUS_COLORS[c.status]} data-testid="case-status">
                {t(`cases.status.${c.status}`)}
              </Tag>
            ),
          },
          {
            title: t('cases.columns.severity'),
            key: 'severity',
            width: 90,
            render: (_, c) => <Tag color={SEVERITY_COLORS[c.severity]}>{t(`cases.severity.${c.severity}`)}</Tag>,
          },
          {
            title: t('cases.columns.due'),
            key: 'due',
            width: 230,
            render: (_, c) => <SlaCountdown value={c} />,
          },
          {
            title: t('cases.columns.workOrder'),
            key: 'workOrder',
            width: 190,
            render: (_, c) => (
              <Link to={`/work-orders/${c.workOrderId}`} style={{ whiteSpace: 'nowrap' }}>
                {c.workOrderNumber}
              </Link>
            ),
          },
          {
            title: t('cases.columns.owner'),
            key: 'owner',
            width: 140,
            render: (_, c) => c.ownerName ?? <Typography.Text type="secondary">{t('cases.noOwner')}</Typography.Text>,
          },
          {
            title: t('cases.columns.department'),
            key: 'department',
            width: 160,
            render: (_, c) =>
              c.departmentId ? (departmentNames.get(c.departmentId) ?? (departments.isFetching ? '…' : '—')) : '—',
          },
          {
            title: t('cases.columns.summary'),
            key: 'summary',
            ellipsis: true,
            render: (_, c) => c.summary ?? '—',
          },
          {
            title: t('cases.columns.createdAt'),
            key: 'createdAt',
            width: 170,
            render: (_, c) => formatDate(c.createdAt),
          },
        ],
      }}
    />
  );
}
