import { Grid, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { hasPermission } from '../../app/access';
import { useAuth } from '../../app/auth';
import { buildDepartmentTree } from '../departments/departmentsApi';
import type { Lang } from '../rules/conditionText';
import { OrderedRulesPage } from '../rules/OrderedRulesPage';
import type { ConditionGroup } from '../rules/rulesApi';
import { useConditionLookups } from '../rules/useConditionLookups';
import { useServiceTypes } from '../templates/templatesApi';
import { AlertRuleDrawer } from './AlertRuleDrawer';
import { type AlertLookups, alertGroupText } from './alertConditionText';
import {
  type AlertRule,
  alertRuleKeys,
  SEVERITY_COLORS,
  useAlertFields,
  useAlertRules,
  useDepartmentsIf,
  usePoliciesIf,
  useRuleFieldsIf,
} from './alertRulesApi';
import { useEnumValues } from './useAlertBuilderFields';

/** Settings → Alert rules: the rules a rating is checked against, in evaluation order (issue 17). */
export function AlertRulesPage() {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const { session } = useAuth();
  // The server's write permission of /alert-rules (sla.write); readers see the rules.
  const canEdit = hasPermission(session?.user.roles, 'sla.write');
  const phone = Grid.useBreakpoint().sm === false;
  const rules = useAlertRules();
  const fields = useAlertFields();
  const roles = session?.user.roles;
  const meta = useRuleFieldsIf(hasPermission(roles, 'rules.read'));
  const policies = usePoliciesIf(hasPermission(roles, 'sla.read'));
  const serviceTypes = useServiceTypes();
  const departments = useDepartmentsIf(hasPermission(roles, 'org.read'));
  const departmentTree = useMemo(() => buildDepartmentTree(departments.data ?? []), [departments.data]);
  const enumValues = useEnumValues();

  const conditionLookups = useConditionLookups(serviceTypes.data, departments.data);
  const lookups: AlertLookups = useMemo(
    () => ({ ...conditionLookups, enumValues, yes: t('alertRules.yes'), no: t('alertRules.no') }),
    [conditionLookups, t, enumValues],
  );
  const policyName = (id: string | null) => {
    if (id === null) return t('alertRules.defaultPolicy');
    if (policies.isLoading) return '…';
    return policies.data?.items.find((p) => p.id === id)?.name ?? t('alertRules.otherPolicy');
  };

  const conditionSummary = (rule: AlertRule) =>
    alertGroupText(fields.data, meta.data, rule.condition as ConditionGroup, lang, lookups) ??
    t('alertRules.matchesAll');

  const notifyText = (notify: AlertRule['notify']) => {
    const parts = [
      ...(notify.responsibleManager ? [t('alertRules.notify.responsibleManagerShort')] : []),
      ...(notify.managementChain ? [t('alertRules.notify.managementChainShort')] : []),
      ...(notify.employeeIds.length
        ? [t('alertRules.notify.employeesCount', { count: notify.employeeIds.length })]
        : []),
    ];
    return parts.length ? parts.join(lang === 'en' ? ', ' : '、') : t('alertRules.notify.nobody');
  };

  const columns: ColumnsType<AlertRule> = [
    {
      title: t('alertRules.severity'),
      dataIndex: 'severity',
      key: 'severity',
      width: 90,
      render: (severity: AlertRule['severity']) => (
        <Tag color={SEVERITY_COLORS[severity]} data-testid="alert-rule-row-severity">
          {t(`cases.severity.${severity}`)}
        </Tag>
      ),
    },
    {
      title: t('alertRules.openCase'),
      key: 'case',
      width: 170,
      render: (_, rule) =>
        rule.openCase ? (
          <Space orientation="vertical" size={0}>
            <Typography.Text data-testid="alert-rule-row-case">{t('alertRules.opensCase')}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('alertRules.slaPolicyShort', { name: policyName(rule.slaPolicyId) })}
            </Typography.Text>
          </Space>
        ) : (
          <Typography.Text type="secondary" data-testid="alert-rule-row-case">
            {t('alertRules.alertOnly')}
          </Typography.Text>
        ),
    },
    {
      title: t('alertRules.notify.title'),
      key: 'notify',
      render: (_, rule) => (
        <Space size={4} wrap>
          {notifyText(rule.notify)}
          {rule.stopAfterMatch ? <Tag>{t('alertRules.stops')}</Tag> : null}
        </Space>
      ),
    },
  ];

  return (
    <OrderedRulesPage<AlertRule>
      ns="alertRules"
      testId="alert-rule"
      title={t('nav.alertRules')}
      canEdit={canEdit}
      rules={rules}
      requests={{
        queryKey: alertRuleKeys.all,
        reorder: (ids) => ok(client.POST('/alert-rules/reorder', { body: { ids } })),
        setEnabled: (id, enabled) =>
          ok(client.PATCH('/alert-rules/{id}', { params: { path: { id } }, body: { enabled } })),
        remove: (id) => ok(client.DELETE('/alert-rules/{id}', { params: { path: { id } } })),
        reorderedText: t('alertRules.reordered'),
      }}
      summary={conditionSummary}
      deleteHelp={t('alertRules.deleteHelp')}
      columns={columns}
      layout={{ nameWidth: phone ? 170 : 320 }}
      emptyText={canEdit ? t('alertRules.empty') : t('alertRules.emptyReadOnly')}
      scroll={{ x: 1000 }}
      drawer={(state) => (
        <AlertRuleDrawer
          {...state}
          summary={state.rule ? conditionSummary(state.rule) : null}
          fields={fields.data}
          meta={meta.data}
          policies={policies.data?.items ?? []}
          policiesLoading={policies.isLoading}
          serviceTypes={serviceTypes.data ?? []}
          departmentTree={departmentTree}
        />
      )}
    />
  );
}
