import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Popconfirm, Select, Space, TreeSelect } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';

import type { Department, DepartmentKind } from '../../app/types';
import { useApiError } from '../../app/useApiError';
import { EmployeeSelect } from '../../components/EmployeeSelect';
import { inputLimit } from '../../components/inputLimit';
import { buildDepartmentTree, departmentKeys, subtreeIds } from './departmentsApi';

export const DEPARTMENT_KINDS: DepartmentKind[] = ['region', 'team', 'department'];

interface Values {
  name: string;
  code?: string;
  kind: DepartmentKind;
  parentId?: string | null;
  managerId?: string | null;
}

interface Props {
  /** The department being edited, or null when creating. */
  department: Department | null;
  /** Defaults for a new department (e.g. a child of the selected one). */
  defaults?: Partial<Values>;
  all: Department[];
  canEdit: boolean;
  onSaved: (department: Department) => void;
  onDeleted: () => void;
}

export function DepartmentForm({ department, defaults, all, canEdit, onSaved, onDeleted }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(
      department
        ? {
            name: department.name,
            code: department.code ?? '',
            kind: department.kind,
            parentId: department.parentId,
            managerId: department.managerId,
          }
        : { kind: 'region', parentId: null, managerId: null, ...defaults },
    );
  }, [department, defaults, form]);

  const parentTree = useMemo(() => {
    const excluded = department ? subtreeIds(all, department.id) : new Set<string>();
    return buildDepartmentTree(all.filter((item) => !excluded.has(item.id)));
  }, [all, department]);

  const save = useMutation({
    mutationFn: (values: Values) => {
      const body = {
        name: values.name.trim(),
        code: values.code?.trim() || (department ? null : undefined),
        kind: values.kind,
        parentId: values.parentId ?? null,
        managerId: values.managerId ?? null,
      };
      return department
        ? ok(client.PATCH('/departments/{id}', { params: { path: { id: department.id } }, body }))
        : ok(client.POST('/departments', { body }));
    },
    onSuccess: async (saved) => {
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: departmentKeys.all });
      onSaved(saved);
    },
    onError: (error) => onError(error, form),
  });

  const remove = useMutation({
    mutationFn: (id: string) => ok(client.DELETE('/departments/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      message.success(t('common.deleted'));
      await queryClient.invalidateQueries({ queryKey: departmentKeys.all });
      onDeleted();
    },
    onError: (error) => onError(error),
  });

  return (
    <Form form={form} layout="vertical" disabled={!canEdit} onFinish={(values) => save.mutate(values)}>
      <Form.Item
        name="name"
        label={t('departments.name')}
        rules={[{ required: true, whitespace: true, message: t('departments.nameRequired') }]}
      >
        <Input data-testid="department-name" {...inputLimit(200)} />
      </Form.Item>
      <Form.Item name="code" label={t('departments.code')}>
        <Input data-testid="department-code" {...inputLimit(50)} />
      </Form.Item>
      <Form.Item name="kind" label={t('departments.kind')} rules={[{ required: true }]}>
        <Select
          data-testid="department-kind"
          options={DEPARTMENT_KINDS.map((kind) => ({ value: kind, label: t(`departments.kinds.${kind}`) }))}
        />
      </Form.Item>
      <Form.Item name="parentId" label={t('departments.parent')}>
        <TreeSelect
          data-testid="department-parent"
          allowClear
          treeDefaultExpandAll
          placeholder={t('departments.noParent')}
          treeData={parentTree}
        />
      </Form.Item>
      <Form.Item name="managerId" label={t('departments.manager')}>
        <EmployeeSelect data-testid="department-manager" initialLabel={department?.managerName} />
      </Form.Item>
      {canEdit ? (
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="department-save">
            {department ? t('common.save') : t('common.create')}
          </Button>
          {department ? (
            <Popconfirm
              title={t('departments.deleteConfirm', { name: department.name })}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              onConfirm={() => remove.mutate(department.id)}
            >
              <Button danger loading={remove.isPending} data-testid="department-delete">
                {t('common.delete')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      ) : null}
    </Form>
  );
}
