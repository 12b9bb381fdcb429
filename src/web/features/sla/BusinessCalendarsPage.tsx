import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Skeleton,
  Space,
  Tabs,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { client, ok } from '../../api/client';
import { useApiError } from '../../app/useApiError';
import { ErrorState } from '../../components/ErrorState';
import { inputLimit } from '../../components/inputLimit';
import { testId } from '../../components/testId';
import { useCaseDepartments } from '../cases/casesApi';
import { buildDepartmentTree } from '../departments/departmentsApi';
import { usePermissions } from '../work-orders/workOrdersApi';
import { SpecialDays } from './SpecialDays';
import { type BusinessCalendar, type Period, periodsProblem, STANDARD_WEEK, slaKeys, useCalendars } from './slaApi';
import { WeekEditor } from './WeekEditor';

interface Values {
  name: string;
  timeZone?: string;
  departmentIds: string[];
}

/** One calendar's settings: name, zone, the departments using it, its week; then its special days. */
function CalendarEditor({ calendar, canWrite }: { calendar: BusinessCalendar; canWrite: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const can = usePermissions();
  const departments = useCaseDepartments(can('org.read'));
  const tree = useMemo(() => buildDepartmentTree(departments.data ?? []), [departments.data]);
  const [form] = Form.useForm<Values>();
  const [weekly, setWeekly] = useState<Period[][]>(calendar.weekly);
  // The tab in the URL (`?tab=days`): a reload, or a refetch after a change, stays on it.
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'days' ? 'days' : 'week';
  useEffect(() => {
    form.setFieldsValue({
      name: calendar.name,
      timeZone: calendar.timeZone ?? undefined,
      departmentIds: calendar.departmentIds,
    });
    setWeekly(calendar.weekly);
  }, [calendar, form]);

  const weekProblem = weekly.some((day) => periodsProblem(day) !== null)
    ? 'invalid'
    : weekly.every((day) => day.length === 0)
      ? 'no_working_time'
      : null;
  const save = useMutation({
    mutationFn: (values: Values) =>
      ok(
        client.PATCH('/business-calendars/{id}', {
          params: { path: { id: calendar.id } },
          body: {
            name: values.name.trim(),
            timeZone: values.timeZone?.trim() || null,
            weekly,
            ...(can('org.read') ? { departmentIds: values.departmentIds } : {}),
          },
        }),
      ),
    onSuccess: async () => {
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: slaKeys.all });
    },
    onError: (error) => onError(error, form),
  });
  const makeDefault = useMutation({
    mutationFn: () =>
      ok(
        client.PATCH('/business-calendars/{id}', { params: { path: { id: calendar.id } }, body: { isDefault: true } }),
      ),
    onSuccess: async () => {
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: slaKeys.all });
    },
    onError: (error) => onError(error),
  });

  return (
    <Card
      title={
        <Space wrap>
          <span data-testid="calendar-title">{calendar.name}</span>
          {calendar.isDefault ? <Tag color="blue">{t('sla.calendars.default')}</Tag> : null}
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
            {calendar.effectiveTimeZone}
          </Typography.Text>
        </Space>
      }
      extra={
        canWrite && !calendar.isDefault ? (
          <Button size="small" loading={makeDefault.isPending} onClick={() => makeDefault.mutate()}>
            {t('sla.calendars.makeDefault')}
          </Button>
        ) : null
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => {
          const next = new URLSearchParams(params);
          if (key === 'days') next.set('tab', 'days');
          else next.delete('tab');
          setParams(next, { replace: true });
        }}
        items={[
          {
            key: 'week',
            label: t('sla.calendars.week'),
            children: (
              <Form<Values>
                form={form}
                layout="vertical"
                disabled={!canWrite}
                onFinish={(values) => {
                  if (weekProblem) {
                    message.error(
                      t(weekProblem === 'invalid' ? 'sla.calendars.fixWeek' : 'fieldErrors.no_working_time'),
                    );
                    return;
                  }
                  save.mutate(values);
                }}
              >
                <Flex gap={16} wrap>
                  <Form.Item
                    name="name"
                    label={t('sla.calendars.name')}
                    style={{ flex: '1 1 240px' }}
                    rules={[{ required: true, whitespace: true, message: t('sla.calendars.nameRequired') }]}
                  >
                    <Input data-testid="calendar-name" {...inputLimit(100)} />
                  </Form.Item>
                  <Form.Item
                    name="timeZone"
                    label={t('sla.calendars.timeZone')}
                    extra={t('sla.calendars.timeZoneHelp')}
                    style={{ flex: '1 1 240px' }}
                  >
                    <Input data-testid="calendar-zone" placeholder="Asia/Shanghai" allowClear />
                  </Form.Item>
                </Flex>
                {can('org.read') ? (
                  <Form.Item
                    name="departmentIds"
                    label={t('sla.calendars.departments')}
                    extra={calendar.isDefault ? t('sla.calendars.defaultHelp') : t('sla.calendars.departmentsHelp')}
                  >
                    <TreeSelect
                      multiple
                      allowClear
                      treeData={tree}
                      treeDefaultExpandAll
                      showSearch={{ treeNodeFilterProp: 'title' }}
                      data-testid="calendar-departments"
                      placeholder={t('sla.calendars.departmentsPlaceholder')}
                    />
                  </Form.Item>
                ) : null}
                <Form.Item label={t('sla.calendars.week')} extra={t('sla.calendars.weekHelp')}>
                  <WeekEditor value={weekly} onChange={setWeekly} disabled={!canWrite} />
                </Form.Item>
                {canWrite ? (
                  <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="calendar-save">
                    {t('common.save')}
                  </Button>
                ) : null}
              </Form>
            ),
          },
          {
            key: 'days',
            label: t('sla.calendars.specialDays'),
            children: <SpecialDays calendar={calendar} canWrite={canWrite} />,
          },
        ]}
      />
    </Card>
  );
}

/** Settings → Business calendars: pick a calendar (the URL's `?id=`), edit its week and its special days. */
export function BusinessCalendarsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const can = usePermissions();
  const canWrite = can('sla.write');
  const calendars = useCalendars();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const [newForm] = Form.useForm<{ name: string; timeZone?: string }>();
  const items = calendars.data?.items ?? [];
  const selected =
    items.find((item) => item.id === params.get('id')) ?? items.find((item) => item.isDefault) ?? items[0];
  const select = (id: string) => {
    const next = new URLSearchParams(params);
    next.set('id', id);
    setParams(next, { replace: true });
  };

  const create = useMutation({
    mutationFn: (values: { name: string; timeZone?: string }) =>
      ok(
        client.POST('/business-calendars', {
          body: { name: values.name.trim(), timeZone: values.timeZone?.trim() || null, weekly: STANDARD_WEEK },
        }),
      ),
    onSuccess: async (calendar) => {
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: slaKeys.all });
      setCreating(false);
      newForm.resetFields();
      select(calendar.id);
    },
    onError: (error) => onError(error, newForm),
  });
  const remove = useMutation({
    mutationFn: (id: string) => ok(client.DELETE('/business-calendars/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      message.success(t('common.deleted'));
      setParams({}, { replace: true });
      await queryClient.invalidateQueries({ queryKey: slaKeys.all });
    },
    onError: (error) => onError(error),
  });

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="calendars-page">
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('nav.businessCalendars')}
        </Typography.Title>
        {canWrite ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="add-calendar">
            {t('sla.calendars.add')}
          </Button>
        ) : null}
      </Flex>
      {calendars.isPending ? (
        <Skeleton active />
      ) : calendars.isError ? (
        <ErrorState error={calendars.error} onRetry={() => void calendars.refetch()} />
      ) : !selected ? (
        <Empty description={t('sla.calendars.empty')} />
      ) : (
        <>
          <Flex gap={12} wrap align="center">
            <Select
              style={{ width: 320, maxWidth: '100%' }}
              value={selected.id}
              onChange={select}
              data-testid="calendar-select"
              aria-label={t('sla.calendars.choose')}
              options={items.map((item) => ({
                value: item.id,
                label: item.isDefault ? `${item.name} (${t('sla.calendars.default')})` : item.name,
              }))}
            />
            {canWrite && !selected.isDefault ? (
              <Popconfirm
                title={t('sla.calendars.deleteConfirm')}
                okText={t('common.delete')}
                cancelText={t('common.cancel')}
                onConfirm={() => remove.mutate(selected.id)}
              >
                <Button danger loading={remove.isPending}>
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            ) : null}
          </Flex>
          <CalendarEditor key={selected.id} calendar={selected} canWrite={canWrite} />
        </>
      )}
      <Modal
        open={creating}
        title={t('sla.calendars.newTitle')}
        onCancel={() => setCreating(false)}
        onOk={() => newForm.submit()}
        okText={t('common.create')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: create.isPending, ...testId('calendar-create') }}
        forceRender
      >
        <Typography.Paragraph type="secondary">{t('sla.calendars.newHelp')}</Typography.Paragraph>
        <Form form={newForm} layout="vertical" onFinish={(values) => create.mutate(values)}>
          <Form.Item
            name="name"
            label={t('sla.calendars.name')}
            rules={[{ required: true, whitespace: true, message: t('sla.calendars.nameRequired') }]}
          >
            <Input data-testid="new-calendar-name" {...inputLimit(100)} />
          </Form.Item>
          <Form.Item name="timeZone" label={t('sla.calendars.timeZone')} extra={t('sla.calendars.timeZoneHelp')}>
            <Input placeholder="Asia/Shanghai" allowClear />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
