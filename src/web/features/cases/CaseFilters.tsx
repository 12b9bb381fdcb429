import { Select, TreeSelect } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSeverity } from '../../../common/cases';
import type { CaseStatus } from '../../../common/sla';
import { EmployeeSelect } from '../../components/EmployeeSelect';
import { buildDepartmentTree } from '../departments/departmentsApi';
import { usePermissions } from '../work-orders/workOrdersApi';
import { type CaseFilters as Filters, SEVERITIES, STATUSES, useCaseDepartments } from './casesApi';

/**
 * The case list's filter bar (every change through `update`, the URL state): status, severity, overdue, owner ("me"
 * or an employee) and department subtree. The employee and department pickers need `org.read`.
 */
export function CaseFilters({ filters, update }: { filters: Filters; update: (patch: Partial<Filters>) => void }) {
  const { t } = useTranslation();
  const can = usePermissions();
  const readsOrg = can('org.read');
  const departments = useCaseDepartments(readsOrg);
  const tree = useMemo(() => buildDepartmentTree(departments.data ?? []), [departments.data]);
  // "An employee…" chosen but nobody picked yet: the picker shows, the list is not filtered.
  const [picking, setPicking] = useState(false);
  const ownerMode = filters.ownerId === 'me' ? 'me' : filters.ownerId || picking ? 'employee' : 'any';

  return (
    <>
      <Select<CaseStatus[]>
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        data-testid="case-filter-status"
        style={{ width: 240, maxWidth: '100%' }}
        placeholder={t('cases.filters.status')}
        aria-label={t('cases.filters.status')}
        value={filters.status ?? []}
        onChange={(status) => update({ status: status.length ? status : undefined })}
        options={STATUSES.map((status) => ({ value: status, label: t(`cases.status.${status}`) }))}
      />
      <Select<CaseSeverity[]>
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        data-testid="case-filter-severity"
        style={{ width: 200, maxWidth: '100%' }}
        placeholder={t('cases.filters.severity')}
        aria-label={t('cases.filters.severity')}
        value={filters.severity ?? []}
        onChange={(severity) => update({ severity: severity.length ? severity : undefined })}
        options={SEVERITIES.map((severity) => ({ value: severity, label: t(`cases.severity.${severity}`) }))}
      />
      <Select<'true' | 'false'>
        allowClear
        data-testid="case-filter-overdue"
        style={{ width: 160, maxWidth: '100%' }}
        placeholder={t('cases.filters.overdue')}
        aria-label={t('cases.filters.overdue')}
        value={filters.overdue}
        onChange={(overdue) => update({ overdue })}
        options={[
          { value: 'true', label: t('cases.filters.overdueOnly') },
          { value: 'false', label: t('cases.filters.onTime') },
        ]}
      />
      <Select<'any' | 'me' | 'employee'>
        data-testid="case-filter-owner"
        style={{ width: 160, maxWidth: '100%' }}
        aria-label={t('cases.filters.owner')}
        value={ownerMode}
        onChange={(mode) => {
          setPicking(mode === 'employee');
          if (mode !== 'employee') update({ ownerId: mode === 'me' ? 'me' : undefined, ownerLabel: undefined });
        }}
        options={[
          { value: 'any', label: t('cases.filters.anyOwner') },
          { value: 'me', label: t('cases.filters.mine') },
          ...(readsOrg ? [{ value: 'employee' as const, label: t('cases.filters.ownerIs') }] : []),
        ]}
      />
      {readsOrg && ownerMode === 'employee' ? (
        <EmployeeSelect
          style={{ width: 220, maxWidth: '100%' }}
          data-testid="case-filter-owner-employee"
          placeholder={t('cases.filters.owner')}
          value={filters.ownerId ?? null}
          initialLabel={filters.ownerLabel}
          onChange={(ownerId, label) => update({ ownerId: ownerId ?? undefined, ownerLabel: label })}
        />
      ) : null}
      {readsOrg ? (
        <TreeSelect
          allowClear
          data-testid="case-filter-department"
          style={{ width: 240, maxWidth: '100%' }}
          placeholder={t('cases.filters.department')}
          aria-label={t('cases.filters.department')}
          treeData={tree}
          treeDefaultExpandAll
          showSearch={{ treeNodeFilterProp: 'title' }}
          value={filters.departmentId}
          onChange={(departmentId?: string) => update({ departmentId })}
        />
      ) : null}
    </>
  );
}
