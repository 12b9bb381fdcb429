import { useMutation } from '@tanstack/react-query';
import { Button, Card, Form, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServiceType } from '../../app/types';
import { useApiError } from '../../app/useApiError';
import type { DepartmentNode } from '../departments/departmentsApi';
import type { Lookups } from './conditionText';
import { type EvaluatedRule, EvaluatedRules, FactsFields, type FactsValues, toFacts } from './DryRunParts';
import type { ConditionGroup, Facts, RuleFields } from './rulesApi';

interface Props<R> {
  /** The data-testid stem: the card, `<stem>-submit`, `<stem>-result`. */
  testId: string;
  intro: string;
  /** The dry-run request of the typed facts. */
  send: (facts: Facts) => Promise<R>;
  /** What the answer decides: the matched rule's outcome, or that none matched. */
  outcome: (result: R) => ReactNode;
  /** The rules as listed, for their conditions. */
  rules: { id: string; conditions: ConditionGroup }[];
  meta: RuleFields | undefined;
  serviceTypes: ServiceType[];
  departmentTree: DepartmentNode[];
  lookups: Lookups;
}

/**
 * A rules screen's dry run: type a work order's facts, run them through the rules, see what they decide (the
 * screen's `outcome`) and each rule checked from the top with why it did not match. Rating and follow-up rules.
 */
export function DryRunCard<R extends { evaluated: EvaluatedRule[] }>(props: Props<R>) {
  const { testId, send } = props;
  const { t } = useTranslation();
  const [form] = Form.useForm<FactsValues>();
  const onError = useApiError();
  const run = useMutation({
    mutationFn: (values: FactsValues) => send(toFacts(values)),
    onError: (error) => onError(error, form),
  });
  const result = run.data;

  return (
    <Card title={t('rules.dryRun.title')} data-testid={testId}>
      <Typography.Paragraph type="secondary">{props.intro}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(values) => run.mutate(values)}>
        <FactsFields serviceTypes={props.serviceTypes} departmentTree={props.departmentTree} />
        <Space>
          <Button type="primary" htmlType="submit" loading={run.isPending} data-testid={`${testId}-submit`}>
            {t('rules.dryRun.run')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              run.reset();
            }}
          >
            {t('rules.dryRun.reset')}
          </Button>
        </Space>
      </Form>
      {result ? (
        <div data-testid={`${testId}-result`} style={{ marginTop: 20 }}>
          {props.outcome(result)}
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('rules.dryRun.evaluated')}
          </Typography.Title>
          <EvaluatedRules evaluated={result.evaluated} rules={props.rules} meta={props.meta} lookups={props.lookups} />
        </div>
      ) : null}
    </Card>
  );
}
