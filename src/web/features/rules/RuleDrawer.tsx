import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Divider, Drawer, Form, Input, InputNumber, Radio, Select, Space, Switch } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import type { ProblemFieldError } from '../../app/api';
import { fieldErrorText } from '../../app/problemText';
import type { ServiceType } from '../../app/types';
import { useApiError } from '../../app/useApiError';
import { inputLimit } from '../../components/inputLimit';
import type { DepartmentNode } from '../departments/departmentsApi';
import { useUsableTemplates } from '../templates/templatesApi';
import { ChannelsInput } from './ChannelsInput';
import { ConditionBuilder } from './ConditionBuilder';
import { customFieldsOf } from './conditionText';
import {
  type ConditionGroup,
  DELIVERY_POLICIES,
  type RatingChannel,
  type RatingRule,
  type RuleFields,
  ruleKeys,
  toRuleBody,
} from './rulesApi';

interface Values {
  name: string;
  enabled: boolean;
  templateId?: string;
  channels: RatingChannel[];
  deliveryPolicy: RatingRule['deliveryPolicy'];
  mandatory: boolean;
  timeoutHours?: number | null;
  submissionLimit: number;
  linkExpiryDays: number;
}

const EMPTY_GROUP: ConditionGroup = { combinator: 'and', rules: [] };

interface Props {
  open: boolean;
  /** null = create */
  rule: RatingRule | null;
  meta: RuleFields | undefined;
  serviceTypes: ServiceType[];
  departmentTree: DepartmentNode[];
  readOnly: boolean;
  onClose: () => void;
}

export function RuleDrawer({ open, rule, meta, serviceTypes, departmentTree, readOnly, onClose }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const templates = useUsableTemplates();
  const [conditions, setConditions] = useState<ConditionGroup>(EMPTY_GROUP);
  const [customFields, setCustomFields] = useState<string[]>([]);
  const [conditionsError, setConditionsError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setConditionsError(null);
    setConditions(rule?.conditions ?? EMPTY_GROUP);
    setCustomFields(customFieldsOf(rule?.conditions, meta?.customField.prefix));
    form.setFieldsValue(
      rule
        ? {
            name: rule.name,
            enabled: rule.enabled,
            templateId: rule.templateId,
            channels: rule.channels,
            deliveryPolicy: rule.deliveryPolicy,
            mandatory: rule.mandatory,
            timeoutHours: rule.timeoutHours,
            submissionLimit: rule.submissionLimit,
            linkExpiryDays: rule.linkExpiryDays,
          }
        : {
            enabled: true,
            channels: ['qr'],
            deliveryPolicy: 'priority_chain',
            mandatory: false,
            timeoutHours: null,
            submissionLimit: 1,
            linkExpiryDays: 14,
          },
    );
  }, [open, rule, form, meta]);

  // The rule's current template stays selectable even if it was archived since.
  const templateOptions = useMemo(() => {
    const options = (templates.data ?? []).map((tpl) => ({ value: tpl.id, label: tpl.name }));
    if (rule && !options.some((o) => o.value === rule.templateId)) {
      options.unshift({ value: rule.templateId, label: rule.templateName });
    }
    return options;
  }, [templates.data, rule]);

  const save = useMutation({
    mutationFn: (values: Values) => {
      const body = {
        name: values.name.trim(),
        enabled: values.enabled,
        conditions,
        templateId: values.templateId,
        channels: values.channels,
        deliveryPolicy: values.deliveryPolicy,
        mandatory: values.mandatory,
        timeoutHours: values.timeoutHours ?? null,
        submissionLimit: values.submissionLimit,
        linkExpiryDays: values.linkExpiryDays,
      };
      return rule
        ? ok(client.PATCH('/rating-rules/{id}', { params: { path: { id: rule.id } }, body: toRuleBody(body) }))
        : ok(client.POST('/rating-rules', { body: toRuleBody(body) }));
    },
    onMutate: () => setConditionsError(null),
    onSuccess: async () => {
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: ruleKeys.all });
      onClose();
    },
    onError: (error) => {
      const problem = (error as { problem?: { errors?: ProblemFieldError[] } }).problem;
      const about = problem?.errors?.filter((e) => /^(body[./])?conditions/.test(e.path)) ?? [];
      if (about.length) setConditionsError(about.map((e) => fieldErrorText(e)).join('; '));
      onError(error, form);
    },
  });

  return (
    <Drawer
      open={open}
      size={760}
      title={readOnly ? t('rules.viewTitle') : rule ? t('rules.editTitle') : t('rules.newTitle')}
      onClose={onClose}
      destroyOnHidden
      data-testid="rule-drawer"
      extra={
        readOnly ? null : (
          <Space>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="rule-save">
              {rule ? t('common.save') : t('common.create')}
            </Button>
          </Space>
        )
      }
    >
      <Form form={form} layout="vertical" disabled={readOnly} onFinish={(values) => save.mutate(values)}>
        <Space size="large" align="start" wrap>
          <Form.Item
            name="name"
            label={t('rules.name')}
            rules={[{ required: true, whitespace: true, message: t('rules.nameRequired') }]}
            style={{ width: 420 }}
          >
            <Input data-testid="rule-name" {...inputLimit(200)} />
          </Form.Item>
          <Form.Item name="enabled" label={t('rules.enabled')} valuePropName="checked">
            <Switch data-testid="rule-enabled" />
          </Form.Item>
        </Space>
        <Form.Item label={t('rules.conditions.title')} extra={t('rules.conditions.help')}>
          {meta ? (
            <ConditionBuilder
              value={conditions}
              onChange={setConditions}
              meta={meta}
              serviceTypes={serviceTypes}
              departmentTree={departmentTree}
              customFields={customFields}
              onAddCustomField={(field) => setCustomFields((old) => (old.includes(field) ? old : [...old, field]))}
              disabled={readOnly}
            />
          ) : null}
          {conditionsError ? (
            <Alert
              type="error"
              showIcon
              style={{ marginTop: 8 }}
              title={conditionsError}
              data-testid="conditions-error"
            />
          ) : null}
        </Form.Item>
        <Divider titlePlacement="start">{t('rules.outcome')}</Divider>
        <Form.Item
          name="templateId"
          label={t('rules.template')}
          rules={[{ required: true, message: t('rules.templateRequired') }]}
          extra={t('rules.templateHelp')}
        >
          <Select
            data-testid="rule-template"
            showSearch={{ optionFilterProp: 'label' }}
            loading={templates.isLoading}
            options={templateOptions}
            notFoundContent={t('rules.noTemplates')}
          />
        </Form.Item>
        <Form.Item name="channels" label={t('rules.channelsLabel')} extra={t('rules.channelsHelp')}>
          <ChannelsInput disabled={readOnly} />
        </Form.Item>
        <Form.Item name="deliveryPolicy" label={t('rules.policy')}>
          <Radio.Group data-testid="rule-policy">
            <Space orientation="vertical">
              {DELIVERY_POLICIES.map((policy) => (
                <Radio key={policy} value={policy}>
                  {t(`rules.policies.${policy}`)}
                  <span style={{ color: '#8c8c8c', marginInlineStart: 8 }}>{t(`rules.policyHelp.${policy}`)}</span>
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
        <Space size="large" align="start" wrap>
          <Form.Item
            name="mandatory"
            label={t('rules.mandatory')}
            tooltip={t('rules.mandatoryHelp')}
            valuePropName="checked"
          >
            <Switch data-testid="rule-mandatory" />
          </Form.Item>
          <Form.Item name="timeoutHours" label={t('rules.timeoutHours')} tooltip={t('rules.timeoutHelp')}>
            <InputNumber
              data-testid="rule-timeout"
              min={1}
              max={24 * 365}
              precision={0}
              placeholder={t('rules.never')}
              suffix={t('rules.hours')}
              style={{ width: 150 }}
            />
          </Form.Item>
          <Form.Item
            name="submissionLimit"
            label={t('rules.submissionLimit')}
            tooltip={t('rules.submissionLimitHelp')}
            rules={[{ required: true, message: t('rules.numberRequired') }]}
          >
            <InputNumber data-testid="rule-submission-limit" min={1} max={1000} precision={0} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item
            name="linkExpiryDays"
            label={t('rules.linkExpiryDays')}
            rules={[{ required: true, message: t('rules.numberRequired') }]}
          >
            <InputNumber
              data-testid="rule-link-expiry"
              min={1}
              max={365}
              precision={0}
              suffix={t('rules.days')}
              style={{ width: 130 }}
            />
          </Form.Item>
        </Space>
      </Form>
    </Drawer>
  );
}
