import { Checkbox, Form, Grid, Select, Space, Switch, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { fieldErrorText } from '../../app/problemText';
import type { ServiceType } from '../../app/types';
import type { DepartmentNode } from '../departments/departmentsApi';
import type { Lang } from '../rules/conditionText';
import { customFieldsOf } from '../rules/conditionText';
import { PlainConditionBuilder } from '../rules/PlainConditionBuilder';
import { RuleDrawerFrame } from '../rules/RuleDrawerFrame';
import type { RuleDrawerState } from '../rules/ruleDrawerProps';
import type { ConditionGroup, RuleFields } from '../rules/rulesApi';
import { useRuleDrawer } from '../rules/useRuleDrawer';
import type { SlaPolicy } from '../sla/slaApi';
import { forEditing, prefixedFieldsOf } from './alertConditionText';
import {
  type AlertFields,
  type AlertRule,
  alertRuleKeys,
  type Notify,
  SEVERITIES,
  SEVERITY_COLORS,
  type Severity,
  toAlertRuleBody,
} from './alertRulesApi';
import { NotifyEmployeesInput } from './NotifyEmployeesInput';
import { questionText, useAlertBuilderFields } from './useAlertBuilderFields';

/** The server's MAX_NOTIFY_EMPLOYEES (alert-rules.schemas.ts). */
const MAX_NOTIFY_EMPLOYEES = 50;
/** A new rule starts as the default one: the rating is negative. */
const NEW_CONDITION: ConditionGroup = {
  combinator: 'and',
  rules: [{ field: 'rating.class', operator: '=', value: 'negative' }],
};

interface Values {
  name: string;
  enabled: boolean;
  severity: Severity;
  openCase: boolean;
  slaPolicyId: string | null;
  stopAfterMatch: boolean;
  notify: Notify;
}

interface Props extends RuleDrawerState<AlertRule> {
  /** The rule's condition in words: shown instead of the builder to a reader without the rating rules' fields. */
  summary: string | null;
  fields: AlertFields | undefined;
  meta: RuleFields | undefined;
  policies: SlaPolicy[];
  policiesLoading: boolean;
  serviceTypes: ServiceType[];
  departmentTree: DepartmentNode[];
}

/** Create, edit or (read-only) view an alert rule: name, condition, severity, the case it opens and who is told. */
export function AlertRuleDrawer({
  summary,
  fields,
  meta,
  policies,
  policiesLoading,
  serviceTypes,
  departmentTree,
  ...state
}: Props) {
  const { open, rule, readOnly } = state;
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const screens = Grid.useBreakpoint();
  const { form, editor, frame } = useRuleDrawer<Values, AlertRule>({
    ...state,
    queryKey: alertRuleKeys.all,
    conditionsPath: /^(body[./])?condition/,
    // `notify.employeeIds.<i>` is about one employee of the list: shown on the list's field.
    onFieldErrors: (errors) => {
      const employees = errors.filter((e) => /^(body[./])?notify\.employeeIds/.test(e.path));
      if (employees.length)
        form.setFields([{ name: ['notify', 'employeeIds'], errors: employees.map((e) => fieldErrorText(e)) }]);
    },
    send: (values, condition) => {
      const body = toAlertRuleBody({
        name: values.name.trim(),
        enabled: values.enabled,
        condition,
        severity: values.severity,
        openCase: values.openCase,
        slaPolicyId: values.slaPolicyId ?? null,
        stopAfterMatch: values.stopAfterMatch,
        notify: {
          responsibleManager: values.notify.responsibleManager,
          managementChain: values.notify.managementChain,
          employeeIds: values.notify.employeeIds ?? [],
        },
      });
      return rule
        ? ok(client.PATCH('/alert-rules/{id}', { params: { path: { id: rule.id } }, body }))
        : ok(client.POST('/alert-rules', { body }));
    },
  });
  const { start: startEditing, setCustomFields } = editor;
  const [prefixed, setPrefixed] = useState<string[]>([]);
  const openCase = Form.useWatch('openCase', form);
  const prefixes = useMemo(() => (fields?.prefixFields ?? []).map((f) => f.prefix), [fields]);
  const extraFields = useAlertBuilderFields(fields, prefixed);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    const start = rule ? forEditing(rule.condition as ConditionGroup) : NEW_CONDITION;
    startEditing(start, customFieldsOf(start, meta?.customField.prefix));
    setPrefixed(prefixedFieldsOf(start, prefixes));
    form.setFieldsValue(
      rule
        ? {
            name: rule.name,
            enabled: rule.enabled,
            severity: rule.severity,
            openCase: rule.openCase,
            slaPolicyId: rule.slaPolicyId,
            stopAfterMatch: rule.stopAfterMatch,
            notify: rule.notify,
          }
        : {
            enabled: true,
            severity: 'medium',
            openCase: false,
            slaPolicyId: null,
            stopAfterMatch: false,
            notify: { responsibleManager: true, managementChain: false, employeeIds: [] },
          },
    );
  }, [open, rule, form, meta, prefixes, startEditing]);

  // The rule's policy stays selectable even if it was deleted since (shown by id).
  const policyOptions = useMemo(() => {
    const options = policies.map((p) => ({
      value: p.id,
      label: p.isDefault ? `${p.name} (${t('alertRules.defaultPolicy')})` : p.name,
    }));
    if (rule?.slaPolicyId && !options.some((o) => o.value === rule.slaPolicyId)) {
      options.unshift({ value: rule.slaPolicyId, label: rule.slaPolicyId });
    }
    return options;
  }, [policies, rule, t]);

  return (
    <RuleDrawerFrame<Values>
      ns="alertRules"
      testId="alert-rule"
      {...frame}
      size={screens.md ? 800 : '100%'}
      nameWidth={screens.md ? 420 : 300}
      nameRequired={t('alertRules.nameRequired')}
      conditionsLabel={t('alertRules.condition')}
      conditionsHelp={t('alertRules.conditionHelp')}
      conditions={
        meta && fields ? (
          <PlainConditionBuilder
            editor={editor}
            meta={meta}
            serviceTypes={serviceTypes}
            departmentTree={departmentTree}
            extraFields={extraFields}
            addFieldLabel={t('alertRules.addField')}
            addablePrefixes={[
              ...fields.prefixFields.map((f) => ({
                prefix: f.prefix,
                label: f.label[lang],
                placeholder: t('alertRules.dimensionKey'),
                suggestions: f.questionKeys.map((key) => ({ value: key, label: questionText(fields, key, lang) })),
              })),
              { prefix: meta.customField.prefix, label: meta.customField.label[lang] },
            ]}
            onAddCustomField={(field) => {
              const add = (old: string[]) => (old.includes(field) ? old : [...old, field]);
              if (field.startsWith(meta.customField.prefix)) setCustomFields(add);
              else setPrefixed(add);
            }}
            disabled={readOnly}
          />
        ) : (
          <Typography.Text data-testid="alert-rule-condition-text">{summary}</Typography.Text>
        )
      }
      conditionsErrorTestId="alert-condition-error"
    >
      <Space size="large" align="start" wrap>
        <Form.Item name="severity" label={t('alertRules.severity')} rules={[{ required: true }]}>
          <Select
            data-testid="alert-rule-severity"
            style={{ width: 160 }}
            options={SEVERITIES.map((s) => ({
              value: s,
              label: <Tag color={SEVERITY_COLORS[s]}>{t(`cases.severity.${s}`)}</Tag>,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="openCase"
          label={t('alertRules.openCase')}
          tooltip={t('alertRules.openCaseHelp')}
          valuePropName="checked"
        >
          <Switch data-testid="alert-rule-open-case" />
        </Form.Item>
        <Form.Item
          name="stopAfterMatch"
          label={t('alertRules.stopAfterMatch')}
          tooltip={t('alertRules.stopAfterMatchHelp')}
          valuePropName="checked"
        >
          <Switch data-testid="alert-rule-stop" />
        </Form.Item>
      </Space>
      <Form.Item name="slaPolicyId" label={t('alertRules.slaPolicy')} extra={t('alertRules.slaPolicyHelp')}>
        <Select
          data-testid="alert-rule-policy"
          allowClear
          disabled={readOnly || !openCase}
          loading={policiesLoading}
          placeholder={t('alertRules.defaultPolicy')}
          options={policyOptions}
          style={{ maxWidth: 360 }}
        />
      </Form.Item>
      <Form.Item label={t('alertRules.notify.title')} extra={t('alertRules.notify.help')} required>
        <Space orientation="vertical" size={4}>
          <Form.Item name={['notify', 'responsibleManager']} valuePropName="checked" noStyle>
            <Checkbox data-testid="notify-responsible">{t('alertRules.notify.responsibleManager')}</Checkbox>
          </Form.Item>
          <Form.Item name={['notify', 'managementChain']} valuePropName="checked" noStyle>
            <Checkbox data-testid="notify-chain">{t('alertRules.notify.managementChain')}</Checkbox>
          </Form.Item>
        </Space>
      </Form.Item>
      <Form.Item name={['notify', 'employeeIds']} label={t('alertRules.notify.employees')}>
        <NotifyEmployeesInput disabled={readOnly} max={MAX_NOTIFY_EMPLOYEES} />
      </Form.Item>
    </RuleDrawerFrame>
  );
}
