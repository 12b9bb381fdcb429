import { Alert, Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import type { ServiceType } from '../../app/types';
import type { DepartmentNode } from '../departments/departmentsApi';
import type { Lookups } from './conditionText';
import { DryRunCard } from './DryRunCard';
import type { RatingRule, RuleFields } from './rulesApi';

interface Props {
  meta: RuleFields | undefined;
  rules: RatingRule[];
  serviceTypes: ServiceType[];
  departmentTree: DepartmentNode[];
  lookups: Lookups;
}

/** Type a work order's facts and see which rule (or default) it would get, and why the rules above did not match. */
export function DryRunPanel({ meta, rules, serviceTypes, departmentTree, lookups }: Props) {
  const { t } = useTranslation();
  return (
    <DryRunCard
      testId="dry-run"
      intro={t('rules.dryRun.intro')}
      send={(facts) => ok(client.POST('/rating-rules/dry-run', { body: { facts } }))}
      rules={rules}
      meta={meta}
      serviceTypes={serviceTypes}
      departmentTree={departmentTree}
      lookups={lookups}
      outcome={(result) => (
        <>
          {result.matched ? (
            <Alert
              type={result.matched.source === 'rule' ? 'success' : 'info'}
              showIcon
              data-testid="dry-run-matched"
              title={
                result.matched.source === 'rule'
                  ? t('rules.dryRun.matchedRule', { name: result.matched.name ?? '' })
                  : t(`rules.dryRun.fallback.${result.matched.source}`)
              }
              description={
                <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
                  <Descriptions.Item label={t('rules.template')}>{result.matched.templateName}</Descriptions.Item>
                  {result.matched.source === 'rule' ? (
                    <>
                      <Descriptions.Item label={t('rules.channelsLabel')}>
                        {result.matched.channels.length
                          ? result.matched.channels.map((c) => <Tag key={c}>{t(`rules.channels.${c}`)}</Tag>)
                          : '—'}
                      </Descriptions.Item>
                      <Descriptions.Item label={t('rules.policy')}>
                        {t(`rules.policies.${result.matched.deliveryPolicy}`)}
                      </Descriptions.Item>
                    </>
                  ) : (
                    <Descriptions.Item label={t('rules.channelsLabel')}>
                      {t('rules.dryRun.fallbackChannels')}
                    </Descriptions.Item>
                  )}
                </Descriptions>
              }
            />
          ) : (
            <Alert type="error" showIcon data-testid="dry-run-none" title={t('rules.dryRun.noMatch')} />
          )}
        </>
      )}
    />
  );
}
