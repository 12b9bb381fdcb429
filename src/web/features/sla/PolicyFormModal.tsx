import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Checkbox, Form, Input, Modal, Radio, Select, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { useApiError } from '../../app/useApiError';
import { inputLimit } from '../../components/inputLimit';
import { testId } from '../../components/testId';
import { DurationInput } from './DurationInput';
import { BREACH_ACTIONS, HOURS, PAUSABLE, type PolicyBody, type SlaPolicy, slaKeys, useCalendars } from './slaApi';

interface Values {
  name: string;
  firstContactMinutes?: number;
  resolutionMinutes?: number;
  warnBeforeMinutes?: number;
  hours: SlaPolicy['hours'];
  calendarId?: string | null;
  pausedStatuses: SlaPolicy['pausedStatuses'];
  breachActions: SlaPolicy['breachActions'][number]['kind'][];
  isDefault: boolean;
}

const MAX_TARGET = 60 * 24 * 90;

/** Creates or changes an SLA policy; the server's field errors land on the fields. */
export function PolicyFormModal({
  open,
  policy,
  onClose,
}: {
  open: boolean;
  policy: SlaPolicy | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const calendars = useCalendars();
  const hours = Form.useWatch('hours', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (policy) {
      form.setFieldsValue({
        name: policy.name,
        firstContactMinutes: policy.firstContactMinutes,
        resolutionMinutes: policy.resolutionMinutes,
        warnBeforeMinutes: policy.warnBeforeMinutes,
        hours: policy.hours,
        calendarId: policy.calendarId,
        pausedStatuses: policy.pausedStatuses,
        breachActions: policy.breachActions.map((action) => action.kind),
        isDefault: policy.isDefault,
      });
    }
  }, [open, policy, form]);

  const save = useMutation({
    mutationFn: async (values: Values) => {
      const body: PolicyBody = {
        name: values.name.trim(),
        firstContactMinutes: values.firstContactMinutes ?? 0,
        resolutionMinutes: values.resolutionMinutes ?? 0,
        warnBeforeMinutes: values.warnBeforeMinutes ?? 0,
        hours: values.hours,
        calendarId: values.hours === 'business' ? (values.calendarId ?? null) : null,
        pausedStatuses: values.pausedStatuses,
        breachActions: values.breachActions.map((kind) => ({ kind })),
        ...(values.isDefault && !policy?.isDefault ? { isDefault: true as const } : {}),
      };
      if (policy) {
        await ok(client.PATCH('/sla-policies/{id}', { params: { path: { id: policy.id } }, body }));
      } else {
        await ok(client.POST('/sla-policies', { body }));
      }
    },
    onSuccess: async () => {
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: slaKeys.all });
      onClose();
    },
    onError: (error) => onError(error, form),
  });

  const positive = (required: string) => ({
    validator: (_: unknown, value: number | undefined) =>
      value === undefined || value < 1
        ? Promise.reject(new Error(required))
        : value > MAX_TARGET
          ? Promise.reject(new Error(t('sla.policies.tooLong')))
          : Promise.resolve(),
  });

  return (
    <Modal
      open={open}
      title={policy ? t('sla.policies.editTitle') : t('sla.policies.newTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={policy ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: save.isPending, ...testId('policy-save') }}
      forceRender
      width={620}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          firstContactMinutes: 120,
          resolutionMinutes: 48 * 60,
          warnBeforeMinutes: 30,
          hours: 'business',
          calendarId: null,
          pausedStatuses: ['waiting_customer'],
          breachActions: ['escalate', 'notify'],
          isDefault: false,
        }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          name="name"
          label={t('sla.policies.name')}
          rules={[{ required: true, whitespace: true, message: t('sla.policies.nameRequired') }]}
        >
          <Input data-testid="policy-name" {...inputLimit(100)} />
        </Form.Item>
        <Form.Item
          name="firstContactMinutes"
          label={t('sla.policies.firstContact')}
          rules={[positive(t('sla.policies.targetRequired'))]}
        >
          <DurationInput testId="policy-first-contact" />
        </Form.Item>
        <Form.Item
          name="resolutionMinutes"
          label={t('sla.policies.resolution')}
          dependencies={['firstContactMinutes']}
          rules={[
            positive(t('sla.policies.targetRequired')),
            ({ getFieldValue }) => ({
              validator: (_, value: number | undefined) =>
                value !== undefined && value < (getFieldValue('firstContactMinutes') ?? 0)
                  ? Promise.reject(new Error(t('fieldErrors.target_order')))
                  : Promise.resolve(),
            }),
          ]}
        >
          <DurationInput testId="policy-resolution" />
        </Form.Item>
        <Form.Item name="warnBeforeMinutes" label={t('sla.policies.warnBefore')} extra={t('sla.policies.warnHelp')}>
          <DurationInput maxHours={168} testId="policy-warn" />
        </Form.Item>
        <Form.Item name="hours" label={t('sla.policies.hours')}>
          <Radio.Group
            data-testid="policy-hours"
            options={HOURS.map((value) => ({ value, label: t(`sla.policies.hoursKinds.${value}`) }))}
          />
        </Form.Item>
        {hours === 'business' ? (
          <Form.Item name="calendarId" label={t('sla.policies.calendar')} extra={t('sla.policies.calendarHelp')}>
            <Select
              allowClear
              data-testid="policy-calendar"
              placeholder={t('sla.policies.departmentCalendar')}
              loading={calendars.isPending}
              options={(calendars.data?.items ?? []).map((calendar) => ({
                value: calendar.id,
                label: calendar.name,
              }))}
            />
          </Form.Item>
        ) : null}
        <Form.Item name="pausedStatuses" label={t('sla.policies.pausedStatuses')} extra={t('sla.policies.pausedHelp')}>
          <Checkbox.Group
            data-testid="policy-paused"
            options={PAUSABLE.map((status) => ({ value: status, label: t(`cases.status.${status}`) }))}
          />
        </Form.Item>
        <Form.Item name="breachActions" label={t('sla.policies.breachActions')}>
          <Checkbox.Group
            data-testid="policy-actions"
            options={BREACH_ACTIONS.map((kind) => ({ value: kind, label: t(`sla.policies.actions.${kind}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="isDefault"
          label={t('sla.policies.default')}
          valuePropName="checked"
          extra={policy?.isDefault ? t('sla.policies.isDefaultHelp') : t('sla.policies.makeDefaultHelp')}
        >
          <Switch data-testid="policy-default" disabled={policy?.isDefault} aria-label={t('sla.policies.default')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
