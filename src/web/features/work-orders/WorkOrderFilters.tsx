import { DatePicker, Select, TreeSelect } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EmployeeSelect } from '../../components/EmployeeSelect';
import { SearchFilter } from '../../components/SearchFilter';
import { buildDepartmentTree, useDepartments } from '../departments/departmentsApi';
import { useServiceTypes } from '../templates/templatesApi';
import { type WorkOrderFilters as Filters, WORK_ORDER_STATUSES, type WorkOrderStatus } from './workOrdersApi';

/** The work-order list's filter bar; every change goes through `update` (the URL state). */
export function WorkOrderFilters({ filters, update }: { filters: Filters; update: (patch: Partial<Filters>) => void }) {
  const { t } = useTranslation();
  const departments = useDepartments();
  const departmentTree = useMemo(() => buildDepartmentTree(departments.data ?? []), [departments.data]);
  const serviceTypes = useServiceTypes();
  const rangeValue: [dayjs.Dayjs, dayjs.Dayjs] | null =
    filters.createdFrom && filters.createdTo ? [dayjs(filters.createdFrom), dayjs(filters.createdTo)] : null;

  return (
    <>
      <SearchFilter
        testId="work-order-search"
        width={320}
        placeholder={t('workOrders.filters.search')}
        value={filters.q}
        onSearch={(q) => update({ q })}
      />
      <Select<WorkOrderStatus[]>
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        data-testid="filter-status"
        style={{ width: 240, maxWidth: '100%' }}
        placeholder={t('workOrders.filters.status')}
        aria-label={t('workOrders.filters.status')}
        value={filters.status ?? []}
        onChange={(status) => update({ status: status.length ? status : undefined })}
        options={WORK_ORDER_STATUSES.map((status) => ({ value: status, label: t(`workOrders.status.${status}`) }))}
      />
      <Select
        allowClear
        data-testid="filter-service-type"
        style={{ width: 180, maxWidth: '100%' }}
        placeholder={t('workOrders.filters.serviceType')}
        aria-label={t('workOrders.filters.serviceType')}
        value={filters.serviceTypeId}
        onChange={(serviceTypeId?: string) => update({ serviceTypeId })}
        options={(serviceTypes.data ?? []).map((type) => ({ value: type.id, label: type.name }))}
      />
      <TreeSelect
        allowClear
        data-testid="filter-department"
        style={{ width: 240, maxWidth: '100%' }}
        placeholder={t('workOrders.filters.department')}
        aria-label={t('workOrders.filters.department')}
        treeData={departmentTree}
        treeDefaultExpandAll
        showSearch={{ treeNodeFilterProp: 'title' }}
        value={filters.departmentId}
        onChange={(departmentId?: string) => update({ departmentId })}
      />
      <EmployeeSelect
        style={{ width: 200, maxWidth: '100%' }}
        data-testid="filter-engineer"
        placeholder={t('workOrders.filters.engineer')}
        value={filters.engineerId ?? null}
        initialLabel={filters.engineerLabel}
        onChange={(engineerId, label) => update({ engineerId: engineerId ?? undefined, engineerLabel: label })}
      />
      <DatePicker.RangePicker
        data-testid="filter-created"
        placeholder={[t('workOrders.filters.createdFrom'), t('workOrders.filters.createdTo')]}
        value={rangeValue}
        onChange={(range) =>
          update({
            createdFrom: range?.[0]?.format('YYYY-MM-DD'),
            createdTo: range?.[1]?.format('YYYY-MM-DD'),
          })
        }
      />
    </>
  );
}
