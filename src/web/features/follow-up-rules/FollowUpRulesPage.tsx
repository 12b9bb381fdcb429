import { Grid, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { hasPermission } from '../../app/access';
import { useAuth } from '../../app/auth';
import { useDepartmentsIf } from '../alert-rules/alertRulesApi';
import { buildDepartmentTree } from '../departments/departmentsApi';
import { groupText, type Lang } from '../rules/conditionText';
import { OrderedRulesPage } from '../rules/OrderedRulesPage';
import { type ConditionGroup, useRuleFields } from '../rules/rulesApi';
import { useConditionLookups } from '../rules/useConditionLookups';
import { useServiceTypes } from '../templates/templatesApi';
import { FollowUpDryRunPanel } from './FollowUpDryRunPanel';
import { FollowUpRuleDrawer } from './FollowUpRuleDrawer';
import { type FollowUpRule, followUpRuleKeys, useFollowUpRules } from './followUpRulesApi';
import { useTargetText } from './useTargetText';

/**
 * Rating → Follow-up rules (issue 19): which agent (or group) calls back which work orders with which survey, for
 * follow-up nodes in rule mode. Evaluated from the top like the rating rules; the first enabled match wins.
 */
export function FollowUpRulesPage() {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const { session } = useAuth();
  const roles = session?.user.roles;
  // The routes' write permission (rules.write); readers (rules.read) see the rules and may dry-run them.
  const canEdit = hasPermission(roles, 'rules.write');
  const phone = Grid.useBreakpoint().sm === false;
  const rules = useFollowUpRules();
  const meta = useRuleFields();
  const serviceTypes = useServiceTypes();
  const departments = useDepartmentsIf(hasPermission(roles, 'org.read'));
  const departmentTree = useMemo(() => buildDepartmentTree(departments.data ?? []), [departments.data]);
  const targetText = useTargetText();

  const lookups = useConditionLookups(serviceTypes.data, departments.data);

  const items = rules.data ?? [];
  const conditionSummary = (rule: FollowUpRule) =>
    groupText(meta.data, rule.conditions as ConditionGroup, lang, lookups) ?? t('rules.conditions.matchesAll');
  const whenText = (rule: FollowUpRule) => [
    rule.onlyIfUnratedHours ? t('followUpRules.onlyIfUnratedShort', { count: rule.onlyIfUnratedHours }) : null,
    rule.dueHours ? t('followUpRules.dueShort', { count: rule.dueHours }) : null,
  ];

  const columns: ColumnsType<FollowUpRule> = [
    {
      title: t('followUpRules.assignment'),
      key: 'target',
      width: 200,
      // On a phone the name column says who calls.
      responsive: ['sm'],
      render: (_, rule) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text data-testid="follow-up-rule-row-target">{targetText(rule)}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {rule.templateName}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('followUpRules.when'),
      key: 'when',
      width: 170,
      responsive: ['sm'],
      render: (_, rule) => {
        const parts = whenText(rule).filter((part): part is string => part !== null);
        return parts.length ? (
          <Space size={4} wrap>
            {parts.map((part) => (
              <Tag key={part}>{part}</Tag>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('followUpRules.whenDefault')}</Typography.Text>
        );
      },
    },
  ];

  return (
    <OrderedRulesPage<FollowUpRule>
      ns="followUpRules"
      testId="follow-up-rule"
      title={t('nav.followUpRules')}
      canEdit={canEdit}
      rules={rules}
      requests={{
        queryKey: followUpRuleKeys.all,
        reorder: (ids) => ok(client.PUT('/follow-up-rules/order', { body: { ids } })),
        setEnabled: (id, enabled) =>
          ok(client.PATCH('/follow-up-rules/{id}', { params: { path: { id } }, body: { enabled } })),
        remove: (id) => ok(client.DELETE('/follow-up-rules/{id}', { params: { path: { id } } })),
        reorderedText: t('followUpRules.reordered'),
      }}
      summary={conditionSummary}
      nameExtra={(rule) =>
        phone ? <Typography.Text style={{ fontSize: 12 }}>→ {targetText(rule)}</Typography.Text> : null
      }
      columns={columns}
      emptyText={canEdit ? t('followUpRules.empty') : t('followUpRules.emptyReadOnly')}
      scroll={phone ? undefined : { x: 860 }}
      drawer={(state) => (
        <FollowUpRuleDrawer
          {...state}
          meta={meta.data}
          serviceTypes={serviceTypes.data ?? []}
          departmentTree={departmentTree}
        />
      )}
    >
      <div style={{ maxWidth: 900 }}>
        <FollowUpDryRunPanel
          meta={meta.data}
          rules={items}
          serviceTypes={serviceTypes.data ?? []}
          departmentTree={departmentTree}
          lookups={lookups}
        />
      </div>
    </OrderedRulesPage>
  );
}
