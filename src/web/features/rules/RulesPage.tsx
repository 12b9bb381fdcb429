import { Col, Row, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { isAdmin } from '../../app/access';
import { useAuth } from '../../app/auth';
import { buildDepartmentTree, useDepartments } from '../departments/departmentsApi';
import { useServiceTypes } from '../templates/templatesApi';
import { groupText, type Lang } from './conditionText';
import { DryRunPanel } from './DryRunPanel';
import { OrderedRulesPage } from './OrderedRulesPage';
import { RatingDefaultsCard } from './RatingDefaultsCard';
import { RuleDrawer } from './RuleDrawer';
import { type RatingRule, ruleKeys, useRuleFields, useRules } from './rulesApi';
import { useConditionLookups } from './useConditionLookups';

/** Rating → Rating rules: which template and channels a work order gets, the first enabled match from the top. */
export function RulesPage() {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const { session } = useAuth();
  const canEdit = isAdmin(session?.user.roles);
  const rules = useRules();
  const meta = useRuleFields();
  const serviceTypes = useServiceTypes();
  const departments = useDepartments();
  const departmentTree = useMemo(() => buildDepartmentTree(departments.data ?? []), [departments.data]);
  const lookups = useConditionLookups(serviceTypes.data, departments.data);
  const items = rules.data ?? [];

  const columns: ColumnsType<RatingRule> = [
    { title: t('rules.template'), dataIndex: 'templateName', key: 'template' },
    {
      title: t('rules.channelsLabel'),
      dataIndex: 'channels',
      key: 'channels',
      render: (channels: RatingRule['channels']) =>
        channels.length ? (
          channels.map((channel, index) => (
            <Tag key={channel}>
              {index + 1}. {t(`rules.channels.${channel}`)}
            </Tag>
          ))
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: t('rules.policy'),
      dataIndex: 'deliveryPolicy',
      key: 'policy',
      render: (policy: RatingRule['deliveryPolicy'], rule) => (
        <Space size={4} wrap>
          {t(`rules.policies.${policy}`)}
          {rule.mandatory ? <Tag color="red">{t('rules.mandatory')}</Tag> : null}
        </Space>
      ),
    },
  ];

  return (
    <OrderedRulesPage<RatingRule>
      ns="rules"
      testId="rule"
      title={t('nav.rules')}
      canEdit={canEdit}
      rules={rules}
      requests={{
        queryKey: ruleKeys.all,
        reorder: (ids) => ok(client.POST('/rating-rules/reorder', { body: { ids } })),
        setEnabled: (id, enabled) =>
          ok(client.PATCH('/rating-rules/{id}', { params: { path: { id } }, body: { enabled } })),
        remove: (id) => ok(client.DELETE('/rating-rules/{id}', { params: { path: { id } } })),
        reorderedText: t('rules.reordered'),
      }}
      summary={(rule) => groupText(meta.data, rule.conditions, lang, lookups) ?? t('rules.conditions.matchesAll')}
      enabledLabel={() => t('rules.enabled')}
      columns={columns}
      layout={{ priorityWidth: 70, priorityOnPhone: true, enabledWidth: 90, actionsWidth: [110, 70] }}
      emptyText={t('rules.empty')}
      scroll={{ x: 900 }}
      drawer={(state) => (
        <RuleDrawer
          {...state}
          meta={meta.data}
          serviceTypes={serviceTypes.data ?? []}
          departmentTree={departmentTree}
        />
      )}
    >
      <Row gutter={[24, 24]}>
        <Col xs={24} xl={14}>
          <DryRunPanel
            meta={meta.data}
            rules={items}
            serviceTypes={serviceTypes.data ?? []}
            departmentTree={departmentTree}
            lookups={lookups}
          />
        </Col>
        <Col xs={24} xl={10}>
          <RatingDefaultsCard
            serviceTypes={serviceTypes.data ?? []}
            serviceTypesLoading={serviceTypes.isLoading}
            canEdit={canEdit}
          />
        </Col>
      </Row>
    </OrderedRulesPage>
  );
}
