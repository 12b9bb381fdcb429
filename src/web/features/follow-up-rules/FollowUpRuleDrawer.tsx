import { Form, Radio, type TreeSelectProps } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { customFieldsOf } from '../rules/conditionText';
import { RuleDrawerFrame } from '../rules/RuleDrawerFrame';
import { RuleTemplateField, useRuleTemplateOptions } from '../rules/RuleTemplateField';
import type { RuleDrawerProps } from '../rules/ruleDrawerProps';
import type { ConditionGroup } from '../rules/rulesApi';
import { useRuleDrawer } from '../rules/useRuleDrawer';
import { FollowUpAgentSelect } from './FollowUpAgentSelect';
import { GroupStrategyRadio, GroupTreeSelect } from './FollowUpTargetFields';
import { FollowUpTimingFields } from './FollowUpTimingFields';
import { type FollowUpRule, followUpRuleKeys, type GroupStrategy, toFollowUpRuleBody } from './followUpRulesApi';

/** The drawer's form: who follows up is a named agent or a group (a department) with its strategy. */
interface Values {
  name: string;
  enabled: boolean;
  templateId?: string;
  target: 'agent' | 'group';
  agentId: string | null;
  groupId: string | null;
  strategy: GroupStrategy;
  onlyIfUnratedHours: number | null;
  dueHours: number | null;
}

function valuesOf(rule: FollowUpRule | null): Values {
  if (!rule) {
    return {
      name: '',
      enabled: true,
      target: 'agent',
      agentId: null,
      groupId: null,
      strategy: 'round_robin',
      onlyIfUnratedHours: null,
      dueHours: null,
    };
  }
  return {
    name: rule.name,
    enabled: rule.enabled,
    templateId: rule.templateId,
    target: rule.assignment === 'agent' ? 'agent' : 'group',
    agentId: rule.agentId,
    groupId: rule.groupId,
    strategy: rule.assignment === 'agent' ? 'round_robin' : rule.assignment,
    onlyIfUnratedHours: rule.onlyIfUnratedHours,
    dueHours: rule.dueHours,
  };
}

/** Create, edit or (read-only) view a follow-up rule: name, conditions, survey template, who calls, and when. */
export function FollowUpRuleDrawer({ meta, serviceTypes, departmentTree, ...state }: RuleDrawerProps<FollowUpRule>) {
  const { open, rule, readOnly } = state;
  const { t } = useTranslation();
  const templates = useRuleTemplateOptions(rule, open && !readOnly);
  const { form, editor, frame } = useRuleDrawer<Values, FollowUpRule>({
    ...state,
    queryKey: followUpRuleKeys.all,
    conditionsPath: /^(body[./])?conditions/,
    send: (values, conditions) => {
      const body = toFollowUpRuleBody({
        name: values.name.trim(),
        enabled: values.enabled,
        conditions,
        templateId: values.templateId,
        assignment: values.target === 'agent' ? 'agent' : values.strategy,
        agentId: values.target === 'agent' ? values.agentId : null,
        groupId: values.target === 'group' ? values.groupId : null,
        onlyIfUnratedHours: values.onlyIfUnratedHours ?? null,
        dueHours: values.dueHours ?? null,
      });
      return rule
        ? ok(client.PATCH('/follow-up-rules/{id}', { params: { path: { id: rule.id } }, body }))
        : ok(client.POST('/follow-up-rules', { body }));
    },
  });
  const { start } = editor;
  const target = Form.useWatch('target', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    const conditions = rule?.conditions as ConditionGroup | undefined;
    start(conditions, customFieldsOf(conditions, meta?.customField.prefix));
    form.setFieldsValue(valuesOf(rule));
  }, [open, rule, form, meta, start]);

  // Readers without the departments list still see the rule's group by name.
  const groupTree = useMemo(
    (): TreeSelectProps['treeData'] =>
      departmentTree.length === 0 && rule?.groupId
        ? [{ key: rule.groupId, value: rule.groupId, title: rule.groupName ?? rule.groupId, children: [] }]
        : departmentTree,
    [departmentTree, rule],
  );

  return (
    <RuleDrawerFrame<Values>
      ns="followUpRules"
      testId="follow-up-rule"
      {...frame}
      nameWidth="min(420px, calc(100vw - 64px))"
      conditionsLabel={t('rules.conditions.title')}
      conditionsHelp={t('followUpRules.conditionsHelp')}
      workOrderFields={{ meta, serviceTypes, departmentTree }}
      conditionsErrorTestId="follow-up-conditions-error"
    >
      <RuleTemplateField
        label={t('followUpRules.template')}
        help={t('followUpRules.templateHelp')}
        testId="follow-up-rule-template"
        ariaLabel={t('followUpRules.template')}
        templates={templates}
      />
      <Form.Item name="target" label={t('followUpRules.assignment')}>
        <Radio.Group aria-label={t('followUpRules.assignment')} data-testid="follow-up-rule-target">
          <Radio value="agent">{t('followUpRules.targets.agent')}</Radio>
          <Radio value="group">{t('followUpRules.targets.group')}</Radio>
        </Radio.Group>
      </Form.Item>
      {target === 'group' ? (
        <>
          <Form.Item
            name="groupId"
            label={t('followUpRules.group')}
            extra={t('followUpRules.groupHelp')}
            rules={[{ required: true, message: t('followUpRules.groupRequired') }]}
          >
            <GroupTreeSelect
              aria-label={t('followUpRules.group')}
              data-testid="follow-up-rule-group"
              treeData={groupTree}
            />
          </Form.Item>
          <Form.Item name="strategy" label={t('followUpRules.strategy')}>
            <GroupStrategyRadio aria-label={t('followUpRules.strategy')} data-testid="follow-up-rule-strategy" />
          </Form.Item>
        </>
      ) : (
        <Form.Item
          name="agentId"
          label={t('followUpRules.agent')}
          rules={[{ required: true, message: t('followUpRules.agentRequired') }]}
        >
          <FollowUpAgentSelect
            aria-label={t('followUpRules.agent')}
            initialLabel={rule?.agentName}
            disabled={readOnly}
            data-testid="follow-up-rule-agent"
          />
        </Form.Item>
      )}
      <FollowUpTimingFields
        ns="followUpRules"
        hours={t('rules.hours')}
        testIds={{ onlyIfUnratedHours: 'follow-up-rule-unrated', dueHours: 'follow-up-rule-due' }}
      />
    </RuleDrawerFrame>
  );
}
