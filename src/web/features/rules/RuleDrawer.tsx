import { Form, InputNumber, Radio, Space, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { ChannelsInput } from './ChannelsInput';
import { customFieldsOf } from './conditionText';
import { RuleDrawerFrame } from './RuleDrawerFrame';
import { RuleTemplateField, useRuleTemplateOptions } from './RuleTemplateField';
import type { RuleDrawerProps } from './ruleDrawerProps';
import { DELIVERY_POLICIES, type RatingChannel, type RatingRule, ruleKeys, toRuleBody } from './rulesApi';
import { useRuleDrawer } from './useRuleDrawer';

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

/** Create, edit or (read-only) view a rating rule: name, conditions, template, channels and how they are tried. */
export function RuleDrawer({ meta, serviceTypes, departmentTree, ...state }: RuleDrawerProps<RatingRule>) {
  const { open, rule, readOnly } = state;
  const { t } = useTranslation();
  const templates = useRuleTemplateOptions(rule);
  const { form, editor, frame } = useRuleDrawer<Values, RatingRule>({
    ...state,
    queryKey: ruleKeys.all,
    conditionsPath: /^(body[./])?conditions/,
    send: (values, conditions) => {
      const body = toRuleBody({
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
      });
      return rule
        ? ok(client.PATCH('/rating-rules/{id}', { params: { path: { id: rule.id } }, body }))
        : ok(client.POST('/rating-rules', { body }));
    },
  });
  const { start } = editor;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    start(rule?.conditions, customFieldsOf(rule?.conditions, meta?.customField.prefix));
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
  }, [open, rule, form, meta, start]);

  return (
    <RuleDrawerFrame<Values>
      ns="rules"
      testId="rule"
      {...frame}
      conditionsLabel={t('rules.conditions.title')}
      conditionsHelp={t('rules.conditions.help')}
      workOrderFields={{ meta, serviceTypes, departmentTree }}
      conditionsErrorTestId="conditions-error"
    >
      <RuleTemplateField
        label={t('rules.template')}
        help={t('rules.templateHelp')}
        testId="rule-template"
        templates={templates}
      />
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
    </RuleDrawerFrame>
  );
}
