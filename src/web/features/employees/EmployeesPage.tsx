import { EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Select, Tag, TreeSelect } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../common/roles';
import { client, ok } from '../../api/client';
import { isAdmin } from '../../app/access';
import { useAuth } from '../../app/auth';
import type { Employee } from '../../app/types';
import { ListPage } from '../../components/ListPage';
import { SearchFilter } from '../../components/SearchFilter';
import { useListState } from '../../components/useListState';
import { buildDepartmentTree, useDepartments } from '../departments/departmentsApi';
import { EmployeeFormDrawer } from './EmployeeFormDrawer';
import { type EmployeeFilters, employeeFiltersUrl, employeeKeys } from './employeesApi';
import { ImportModal } from './ImportModal';

const PAGE_SIZE = 20;

export function EmployeesPage() {
  const { t } = useTranslation();
  const { session } = useAuth();
  const canEdit = isAdmin(session?.user.roles);
  const departments = useDepartments();
  const departmentTree = useMemo(() => buildDepartmentTree(departments.data ?? []), [departments.data]);
  const { filters, update, filtered, pages } = useListState<EmployeeFilters>({
    filters: employeeFiltersUrl,
    defaults: { active: 'all' },
  });
  const [editing, setEditing] = useState<Employee | null | undefined>(undefined);
  const [importOpen, setImportOpen] = useState(false);

  const query = {
    q: filters.q,
    departmentId: filters.departmentId,
    role: filters.role,
    active: filters.active === 'all' ? undefined : filters.active,
    limit: PAGE_SIZE,
    cursor: pages.cursor,
  };
  const list = useQuery({
    queryKey: employeeKeys.list(query),
    queryFn: () => ok(client.GET('/employees', { params: { query } })),
    placeholderData: keepPreviousData,
  });

  const columns: ColumnsType<Employee> = [
    { title: t('employees.employeeNo'), dataIndex: 'employeeNo', key: 'employeeNo', width: 120 },
    { title: t('employees.name'), dataIndex: 'name', key: 'name' },
    { title: t('employees.department'), dataIndex: 'departmentName', key: 'department', render: (v) => v ?? '—' },
    { title: t('employees.phone'), dataIndex: 'phone', key: 'phone', render: (v) => v ?? '—' },
    { title: t('employees.email'), dataIndex: 'email', key: 'email', render: (v) => v ?? '—' },
    {
      title: t('employees.roles'),
      dataIndex: 'roles',
      key: 'roles',
      render: (roles: string[]) =>
        roles.map((role) => <Tag key={role}>{t(`roles.${role}`, { defaultValue: role })}</Tag>),
    },
    {
      title: t('employees.active'),
      dataIndex: 'active',
      key: 'active',
      width: 100,
      render: (active: boolean) =>
        active ? <Tag color="green">{t('employees.activeYes')}</Tag> : <Tag>{t('employees.activeNo')}</Tag>,
    },
    { title: t('employees.username'), dataIndex: 'username', key: 'username', render: (v) => v ?? '—' },
  ];
  if (canEdit) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, employee) => (
        <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(employee)} aria-label={t('common.edit')}>
          {t('common.edit')}
        </Button>
      ),
    });
  }

  return (
    <ListPage<Employee>
      title={t('nav.employees')}
      actions={
        canEdit ? (
          <>
            <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)} data-testid="import-employees">
              {t('import.open')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="add-employee">
              {t('employees.add')}
            </Button>
          </>
        ) : null
      }
      filters={
        <>
          <SearchFilter
            testId="employee-search"
            width={320}
            placeholder={t('employees.searchPlaceholder')}
            value={filters.q}
            onSearch={(q) => update({ q })}
          />
          <TreeSelect
            allowClear
            data-testid="filter-department"
            style={{ width: 220, maxWidth: '100%' }}
            placeholder={t('employees.filterDepartment')}
            aria-label={t('employees.filterDepartment')}
            treeData={departmentTree}
            treeDefaultExpandAll
            value={filters.departmentId}
            onChange={(departmentId?: string) => update({ departmentId })}
          />
          <Select
            allowClear
            data-testid="filter-role"
            style={{ width: 180 }}
            placeholder={t('employees.filterRole')}
            aria-label={t('employees.filterRole')}
            value={filters.role}
            onChange={(role?: Role) => update({ role })}
            options={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
          />
          <Select
            data-testid="filter-active"
            aria-label={t('employees.active')}
            style={{ width: 140 }}
            value={filters.active}
            onChange={(active: EmployeeFilters['active']) => update({ active })}
            options={[
              { value: 'all', label: t('employees.filterAll') },
              { value: 'true', label: t('employees.activeYes') },
              { value: 'false', label: t('employees.activeNo') },
            ]}
          />
        </>
      }
      query={list}
      pages={pages}
      pageSize={PAGE_SIZE}
      tableTestId="employees-table"
      testIdPrefix="employees"
      emptyText={filtered ? t('employees.emptyFiltered') : t('employees.empty')}
      table={{ rowKey: 'id', columns, scroll: { x: 900 } }}
    >
      <EmployeeFormDrawer
        open={editing !== undefined}
        employee={editing ?? null}
        departments={departments.data ?? []}
        onClose={() => setEditing(undefined)}
      />
      <ImportModal open={importOpen} onClose={() => setImportOpen(false)} />
    </ListPage>
  );
}
