import { Alert, Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import type { ServiceType } from '../../app/types';
import type { DepartmentNode } from '../departments/departmentsApi';
import type { Lookups } from '../rules/conditionText';
import { DryRunCard } from '../rules/DryRunCard';
import type { ConditionGroup, RuleFields } from '../rules/rulesApi';
import type { FollowUpRule } from './followUpRulesApi';
import { useTargetText } from './useTargetText';

interface Props {
  meta: RuleFields | undefined;
  rules: FollowUpRule[];
  serviceTypes: ServiceType[];
  departmentTree: DepartmentNode[];
  lookups: Lookups;
}

/** Type a work order's facts: which follow-up rule it would get (or none: no task), and why the rules above did not. */
export function FollowUpDryRunPanel({ meta, rules, serviceTypes, departmentTree, lookups }: Props) {
  const { t } = useTranslation();
  const targetText = useTargetText();
  return (
    <DryRunCard
      testId="follow-up-dry-run"
      intro={t('followUpRules.dryRun.intro')}
      send={(facts) => ok(client.POST('/follow-up-rules/dry-run', { body: { facts } }))}
      rules={rules.map((rule) => ({ id: rule.id, conditions: rule.conditions as ConditionGroup }))}
      meta={meta}
      serviceTypes={serviceTypes}
      departmentTree={departmentTree}
      lookups={lookups}
      outcome={({ matched }) => (
        <>
          {matched ? (
            <Alert
              type="success"
              showIcon
              data-testid="follow-up-dry-run-matched"
              title={t('rules.dryRun.matchedRule', { name: matched.name })}
              description={
                <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
                  <Descriptions.Item label={t('followUpRules.template')}>{matched.templateName}</Descriptions.Item>
                  <Descriptions.Item label={t('followUpRules.assignment')}>{targetText(matched)}</Descriptions.Item>
                  <Descriptions.Item label={t('followUpRules.onlyIfUnrated')}>
                    {matched.onlyIfUnratedHours
                      ? t('followUpRules.hoursValue', { count: matched.onlyIfUnratedHours })
                      : t('followUpRules.always')}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('followUpRules.dueHours')}>
                    {matched.dueHours
                      ? t('followUpRules.hoursValue', { count: matched.dueHours })
                      : t('followUpRules.defaultDue')}
                  </Descriptions.Item>
                </Descriptions>
              }
            />
          ) : (
            <Alert
              type="warning"
              showIcon
              data-testid="follow-up-dry-run-none"
              title={t('followUpRules.dryRun.noMatch')}
            />
          )}
        </>
      )}
    />
  );
}
