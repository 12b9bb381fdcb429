import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Divider, Drawer, Form, Input, Select, Space, TreeSelect } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { client, ok } from '../../api/client';
import type { ProblemFieldError } from '../../app/api';
import { fieldErrorText } from '../../app/problemText';
import { useApiError } from '../../app/useApiError';
import { inputLimit } from '../../components/inputLimit';
import { buildDepartmentTree, useDepartments } from '../departments/departmentsApi';
import { employeeKeys } from '../employees/employeesApi';
import { useServiceTypes } from '../templates/templatesApi';
import { CustomFieldInputs, customToApi } from './CustomFieldInputs';
import { PRIORITIES, type Priority, useWorkflow, workOrderKeys } from './workOrdersApi';

interface Values {
  subject: string;
  serviceTypeId: string;
  recordType?: string;
  customerName?: string;
  customerPhone?: string;
  customerEmail?: string;
  customerWechatOpenId?: string;
  customerLocale?: 'zh-CN' | 'en';
  engineerIds?: string[];
  departmentId?: string;
  store?: string;
  touchpoint?: string;
  priority: Priority;
  custom?: Record<string, unknown>;
}

/** Several engineers, searched on the server as the user types. */
function EngineersSelect({ value, onChange }: { value?: string[]; onChange?: (value: string[]) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  const [labels, setLabels] = useState<Record<string, string>>({});
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(search), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const query = useQuery({
    queryKey: employeeKeys.picker(debounced),
    queryFn: () => ok(client.GET('/employees', { params: { query: { q: debounced, limit: 20 } } })),
  });
  const options = (query.data?.items ?? []).map((e) => ({ value: e.id, label: `${e.name} (${e.employeeNo})` }));
  for (const id of value ?? []) {
    if (!options.some((option) => option.value === id)) options.push({ value: id, label: labels[id] ?? id });
  }
  return (
    <Select
      mode="multiple"
      data-testid="wo-engineers"
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value ?? []}
      onChange={(next: string[]) => {
        setLabels((old) => {
          const copy = { ...old };
          for (const option of options) copy[option.value] = option.label;
          return copy;
        });
        onChange?.(next);
      }}
      loading={query.isFetching}
      placeholder={t('common.searchEmployee')}
      notFoundContent={query.isFetching ? t('common.loading') : t('common.noMatches')}
      options={options}
    />
  );
}

export function WorkOrderFormDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const onError = useApiError();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const serviceTypes = useServiceTypes();
  const departments = useDepartments();
  const tree = useMemo(() => buildDepartmentTree(departments.data ?? []), [departments.data]);
  const serviceTypeId = Form.useWatch('serviceTypeId', form);
  const workflow = useWorkflow(serviceTypeId);
  const definitions = workflow.data?.fieldDefinitions ?? [];

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ priority: 'normal', engineerIds: [] });
  }, [open, form]);

  const save = useMutation({
    mutationFn: (values: Values) => {
      const trim = (value: string | undefined) => value?.trim() || null;
      return ok(
        client.POST('/work-orders', {
          body: {
            subject: values.subject.trim(),
            serviceTypeId: values.serviceTypeId,
            recordType: trim(values.recordType),
            customer: {
              name: trim(values.customerName),
              phone: trim(values.customerPhone),
              email: trim(values.customerEmail),
              wechatOpenId: trim(values.customerWechatOpenId),
              locale: values.customerLocale ?? null,
            },
            engineerIds: values.engineerIds ?? [],
            departmentId: values.departmentId ?? null,
            store: trim(values.store),
            touchpoint: trim(values.touchpoint),
            priority: values.priority,
            custom: customToApi(definitions, values.custom),
          },
        }),
      );
    },
    onSuccess: async (created) => {
      message.success(t('workOrders.form.created', { number: created.number }));
      await queryClient.invalidateQueries({ queryKey: workOrderKeys.all });
      onClose();
      navigate(`/work-orders/${created.id}`);
    },
    onError: (error) => {
      onError(error);
      // The server names customer fields `customer.phone`; the form keeps them flat.
      const fieldMap: Record<string, keyof Values> = {
        'customer.name': 'customerName',
        'customer.phone': 'customerPhone',
        'customer.email': 'customerEmail',
        'customer.wechatOpenId': 'customerWechatOpenId',
        'customer.locale': 'customerLocale',
      };
      const problem = (error as { problem?: { errors?: ProblemFieldError[] } }).problem;
      const fields = (problem?.errors ?? []).map((item) => {
        const path = item.path
          .replace(/^\/+/, '')
          .replace(/^body[./]/, '')
          .replace(/\//g, '.');
        const mapped = fieldMap[path];
        const name: (string | number)[] = mapped ? [mapped] : path.split('.');
        return { name, errors: [fieldErrorText(item)] };
      });
      if (fields.length) form.setFields(fields as Parameters<typeof form.setFields>[0]);
    },
  });

  return (
    <Drawer
      open={open}
      size={560}
      title={t('workOrders.form.title')}
      onClose={onClose}
      destroyOnHidden
      data-testid="work-order-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="work-order-save">
            {t('common.create')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item
          name="subject"
          label={t('workOrders.subject')}
          rules={[{ required: true, whitespace: true, message: t('workOrders.form.subjectRequired') }]}
        >
          <Input {...inputLimit(500)} data-testid="wo-subject" placeholder={t('workOrders.form.subjectPlaceholder')} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item
            name="serviceTypeId"
            label={t('workOrders.serviceType')}
            style={{ flex: 1, marginRight: 12 }}
            rules={[{ required: true, message: t('workOrders.form.serviceTypeRequired') }]}
          >
            <Select
              data-testid="wo-service-type"
              showSearch={{ optionFilterProp: 'label' }}
              loading={serviceTypes.isPending}
              options={(serviceTypes.data ?? [])
                .filter((type) => type.active)
                .map((type) => ({ value: type.id, label: type.name }))}
            />
          </Form.Item>
          <Form.Item name="priority" label={t('workOrders.priorityLabel')} style={{ width: 140 }}>
            <Select
              data-testid="wo-priority"
              options={PRIORITIES.map((p) => ({ value: p, label: t(`workOrders.priority.${p}`) }))}
            />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="recordType" label={t('workOrders.recordType')}>
          <Input {...inputLimit(100)} data-testid="wo-record-type" placeholder={t('workOrders.form.recordTypeHint')} />
        </Form.Item>
        <Divider titlePlacement="start" plain>
          {t('workOrders.customer')}
        </Divider>
        <Form.Item name="customerName" label={t('workOrders.customerName')}>
          <Input {...inputLimit(200)} data-testid="wo-customer-name" />
        </Form.Item>
        <Form.Item name="customerPhone" label={t('workOrders.customerPhone')}>
          <Input {...inputLimit(50)} data-testid="wo-customer-phone" />
        </Form.Item>
        <Form.Item
          name="customerEmail"
          label={t('workOrders.customerEmail')}
          rules={[{ type: 'email', message: t('employees.emailInvalid') }]}
        >
          <Input {...inputLimit(254)} data-testid="wo-customer-email" />
        </Form.Item>
        <Form.Item name="customerWechatOpenId" label={t('workOrders.customerWechat')}>
          <Input {...inputLimit(128)} data-testid="wo-customer-wechat" />
        </Form.Item>
        <Form.Item name="customerLocale" label={t('workOrders.customerLocale')}>
          <Select
            allowClear
            data-testid="wo-customer-locale"
            options={[
              { value: 'zh-CN', label: '简体中文' },
              { value: 'en', label: 'English' },
            ]}
          />
        </Form.Item>
        <Divider titlePlacement="start" plain>
          {t('workOrders.form.service')}
        </Divider>
        <Form.Item name="engineerIds" label={t('workOrders.engineers')}>
          <EngineersSelect />
        </Form.Item>
        <Form.Item name="departmentId" label={t('workOrders.department')}>
          <TreeSelect
            data-testid="wo-department"
            allowClear
            treeDefaultExpandAll
            showSearch={{ treeNodeFilterProp: 'title' }}
            treeData={tree}
          />
        </Form.Item>
        <Form.Item name="store" label={t('workOrders.store')}>
          <Input {...inputLimit(200)} data-testid="wo-store" />
        </Form.Item>
        <Form.Item name="touchpoint" label={t('workOrders.touchpoint')}>
          <Input {...inputLimit(100)} data-testid="wo-touchpoint" placeholder={t('workOrders.form.touchpointHint')} />
        </Form.Item>
        {definitions.length > 0 ? (
          <>
            <Divider titlePlacement="start" plain>
              {t('workOrders.customFields')}
            </Divider>
            <CustomFieldInputs definitions={definitions} />
          </>
        ) : null}
      </Form>
    </Drawer>
  );
}
