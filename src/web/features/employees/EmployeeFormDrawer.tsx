import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Divider, Drawer, Form, Input, Select, Space, Switch, TreeSelect } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../common/roles';
import { client, ok } from '../../api/client';

import type { Department, Employee } from '../../app/types';
import { useApiError } from '../../app/useApiError';
import { inputLimit } from '../../components/inputLimit';
import { SecretOnceModal } from '../../components/SecretOnceModal';
import { buildDepartmentTree, departmentKeys } from '../departments/departmentsApi';
import { employeeKeys } from './employeesApi';

interface Values {
  employeeNo: string;
  name: string;
  departmentId?: string | null;
  phone?: string;
  email?: string;
  roles: Role[];
  active: boolean;
  consoleLogin?: boolean;
  username?: string;
}

interface Props {
  open: boolean;
  /** null = create */
  employee: Employee | null;
  departments: Department[];
  onClose: () => void;
}

export function EmployeeFormDrawer({ open, employee, departments, onClose }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const [initialPassword, setInitialPassword] = useState<string | null>(null);
  const consoleLogin = Form.useWatch('consoleLogin', form);
  const tree = useMemo(() => buildDepartmentTree(departments), [departments]);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      employee
        ? {
            employeeNo: employee.employeeNo,
            name: employee.name,
            departmentId: employee.departmentId,
            phone: employee.phone ?? '',
            email: employee.email ?? '',
            roles: employee.roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role)),
            active: employee.active,
          }
        : { roles: [], active: true, consoleLogin: false },
    );
  }, [open, employee, form]);

  const save = useMutation({
    mutationFn: async (values: Values) => {
      const body = {
        employeeNo: values.employeeNo.trim(),
        name: values.name.trim(),
        departmentId: values.departmentId ?? null,
        phone: values.phone?.trim() || null,
        email: values.email?.trim() || null,
        roles: values.roles ?? [],
        active: values.active,
      };
      if (employee) {
        await ok(client.PATCH('/employees/{id}', { params: { path: { id: employee.id } }, body }));
        return null;
      }
      const login = values.consoleLogin && values.username ? { username: values.username.trim() } : undefined;
      const created = await ok(client.POST('/employees', { body: { ...body, login } }));
      return created.initialPassword;
    },
    onSuccess: async (password) => {
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: employeeKeys.all });
      await queryClient.invalidateQueries({ queryKey: departmentKeys.all });
      if (password) setInitialPassword(password);
      onClose();
    },
    onError: (error) => onError(error, form),
  });

  return (
    <>
      <Drawer
        open={open}
        size={480}
        title={employee ? t('employees.editTitle') : t('employees.newTitle')}
        onClose={onClose}
        destroyOnHidden
        data-testid="employee-drawer"
        extra={
          <Space>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="employee-save">
              {employee ? t('common.save') : t('common.create')}
            </Button>
          </Space>
        }
      >
        <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
          <Form.Item
            name="employeeNo"
            label={t('employees.employeeNo')}
            rules={[{ required: true, whitespace: true, message: t('employees.employeeNoRequired') }]}
          >
            <Input data-testid="employee-no" {...inputLimit(50)} />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('employees.name')}
            rules={[{ required: true, whitespace: true, message: t('employees.nameRequired') }]}
          >
            <Input data-testid="employee-name" {...inputLimit(200)} />
          </Form.Item>
          <Form.Item name="departmentId" label={t('employees.department')}>
            <TreeSelect
              data-testid="employee-department"
              allowClear
              treeDefaultExpandAll
              showSearch={{ treeNodeFilterProp: 'title' }}
              treeData={tree}
              placeholder={t('employees.noDepartment')}
            />
          </Form.Item>
          <Form.Item name="phone" label={t('employees.phone')}>
            <Input data-testid="employee-phone" {...inputLimit(50)} />
          </Form.Item>
          <Form.Item
            name="email"
            label={t('employees.email')}
            rules={[{ type: 'email', message: t('employees.emailInvalid') }]}
          >
            <Input data-testid="employee-email" {...inputLimit(200)} />
          </Form.Item>
          <Form.Item name="roles" label={t('employees.roles')}>
            <Select
              mode="multiple"
              data-testid="employee-roles"
              options={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
            />
          </Form.Item>
          <Form.Item name="active" label={t('employees.active')} valuePropName="checked">
            <Switch data-testid="employee-active" />
          </Form.Item>
          {employee ? null : (
            <>
              <Divider />
              <Form.Item
                name="consoleLogin"
                label={t('employees.consoleLogin')}
                valuePropName="checked"
                extra={t('employees.consoleLoginHelp')}
              >
                <Switch data-testid="employee-console-login" />
              </Form.Item>
              {consoleLogin ? (
                <Form.Item
                  name="username"
                  label={t('employees.username')}
                  rules={[
                    { required: true, whitespace: true, message: t('employees.usernameRequired') },
                    { pattern: /^\S+$/, message: t('employees.usernameNoSpaces') },
                  ]}
                >
                  <Input data-testid="employee-username" {...inputLimit(100)} autoComplete="off" />
                </Form.Item>
              ) : null}
            </>
          )}
        </Form>
      </Drawer>
      <SecretOnceModal
        open={initialPassword !== null}
        title={t('employees.initialPasswordTitle')}
        warning={t('employees.initialPasswordWarning')}
        secret={initialPassword ?? ''}
        onClose={() => setInitialPassword(null)}
        testId="initial-password"
      />
    </>
  );
}
