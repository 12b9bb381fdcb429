import { EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, Input, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../common/roles';
import { client, ok } from '../../api/client';
import { isAdmin } from '../../app/access';
import { useAuth } from '../../app/auth';
import type { Employee } from '../../app/types';
import { ErrorState } from '../../components/ErrorState';
import { buildDepartmentTree, useDepartments } from '../departments/departmentsApi';
import { EmployeeFormDrawer } from './EmployeeFormDrawer';
import { ImportModal } from './ImportModal';

const PAGE_SIZE = 20;

interface Filters {
  q: string;
  departmentId?: string;
  role?: Role;
  active: 'all' | 'true' | 'false';
}

export function EmployeesPage() {
  const { t } = useTranslation();
  const { session } = useAuth();
  const canEdit = isAdmin(session?.user.roles);
  const departments = useDepartments();
  const departmentTree = useMemo(() => buildDepartmentTree(departments.data ?? []), [departments.data]);
  const [filters, setFilters] = useState<Filters>({ q: '', active: 'all' });
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Employee | null | undefined>(undefined);
  const [importOpen, setImportOpen] = useState(false);

  const list = useQuery({
    queryKey: ['employees', 'list', filters, page],
    queryFn: () =>
      ok(
        client.GET('/employees', {
          params: {
            query: {
              q: filters.q,
              departmentId: filters.departmentId,
              role: filters.role,
              active: filters.active === 'all' ? undefined : filters.active,
              limit: PAGE_SIZE,
              offset: (page - 1) * PAGE_SIZE,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });

  const update = (patch: Partial<Filters>) => {
    setFilters((old) => ({ ...old, ...patch }));
    setPage(1);
  };
  const filtered = Boolean(filters.q || filters.departmentId || filters.role || filters.active !== 'all');

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
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('nav.employees')}
        </Typography.Title>
        {canEdit ? (
          <Space>
            <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)} data-testid="import-employees">
              {t('import.open')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="add-employee">
              {t('employees.add')}
            </Button>
          </Space>
        ) : null}
      </Flex>
      <Card>
        <Flex wrap gap={12} style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            data-testid="employee-search"
            placeholder={t('employees.searchPlaceholder')}
            style={{ width: 320 }}
            onSearch={(q) => update({ q: q.trim() })}
          />
          <TreeSelect
            allowClear
            data-testid="filter-department"
            style={{ width: 220 }}
            placeholder={t('employees.filterDepartment')}
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
            value={filters.role}
            onChange={(role?: Role) => update({ role })}
            options={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
          />
          <Select
            data-testid="filter-active"
            style={{ width: 140 }}
            value={filters.active}
            onChange={(active: Filters['active']) => update({ active })}
            options={[
              { value: 'all', label: t('employees.filterAll') },
              { value: 'true', label: t('employees.activeYes') },
              { value: 'false', label: t('employees.activeNo') },
            ]}
          />
        </Flex>
        {list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Employee>
            data-testid="employees-table"
            rowKey="id"
            size="middle"
            loading={list.isFetching}
            columns={columns}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 900 }}
            locale={{
              emptyText: <Empty description={filtered ? t('employees.emptyFiltered') : t('employees.empty')} />,
            }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: list.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => t('common.total', { count: total }),
              onChange: setPage,
            }}
          />
        )}
      </Card>
      <EmployeeFormDrawer
        open={editing !== undefined}
        employee={editing ?? null}
        departments={departments.data ?? []}
        onClose={() => setEditing(undefined)}
      />
      <ImportModal open={importOpen} onClose={() => setImportOpen(false)} />
    </Space>
  );
}
