import {
  CheckCircleTwoTone,
  CloseCircleTwoTone,
  DeleteOutlined,
  MinusCircleOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { Button, Col, Empty, Flex, Form, Input, Row, Select, Tag, TreeSelect, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ServiceType } from '../../app/types';
import { inputLimit } from '../../components/inputLimit';
import type { DepartmentNode } from '../departments/departmentsApi';
import { conditionAt, conditionText, fieldLabel, type Lang, type Lookups, valueText } from './conditionText';
import {
  type ConditionGroup,
  type Facts,
  type FailedCondition,
  type RuleFields,
  WORK_ORDER_PRIORITIES,
} from './rulesApi';

/**
 * The parts of a rules dry run that do not depend on what the rules decide: the work order's facts typed in (inside
 * the caller's `<Form>`), and the rules checked with why each did not match. The rating rules' `DryRunPanel` and the
 * follow-up rules' dry run both use them.
 */

export interface FactsValues {
  serviceTypeId?: string;
  recordType?: string;
  departmentId?: string;
  store?: string;
  touchpoint?: string;
  priority?: Facts['priority'];
  custom?: { name?: string; value?: string }[];
}

const NUMBER = /^-?\d+(\.\d+)?$/;

export function toFacts(values: FactsValues): Facts {
  const text = (value: string | undefined) => value?.trim() || undefined;
  const facts: Facts = {
    serviceTypeId: values.serviceTypeId || undefined,
    recordType: text(values.recordType),
    departmentId: values.departmentId || undefined,
    store: text(values.store),
    touchpoint: text(values.touchpoint),
    priority: values.priority || undefined,
  };
  const custom: Record<string, unknown> = {};
  for (const row of values.custom ?? []) {
    const name = row?.name?.trim();
    if (!name) continue;
    const value = row.value?.trim() ?? '';
    // Numbers are compared numerically by the server, text as text.
    custom[name] = NUMBER.test(value) ? Number(value) : value;
  }
  if (Object.keys(custom).length) facts.custom = custom;
  for (const key of Object.keys(facts) as (keyof Facts)[]) if (facts[key] === undefined) delete facts[key];
  return facts;
}

/** The facts' fields: service type, record type, department, priority, store, touchpoint and custom fields. */
export function FactsFields({
  serviceTypes,
  departmentTree,
}: {
  serviceTypes: ServiceType[];
  departmentTree: DepartmentNode[];
}) {
  const { t } = useTranslation();
  return (
    <>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item name="serviceTypeId" label={t('rules.dryRun.serviceType')}>
            <Select
              allowClear
              data-testid="dry-run-service-type"
              showSearch={{ optionFilterProp: 'label' }}
              options={serviceTypes.map((st) => ({ value: st.id, label: st.name }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="recordType" label={t('rules.dryRun.recordType')}>
            <Input data-testid="dry-run-record-type" {...inputLimit(200)} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="departmentId" label={t('rules.dryRun.department')}>
            <TreeSelect
              allowClear
              data-testid="dry-run-department"
              treeDefaultExpandAll
              showSearch={{ treeNodeFilterProp: 'title' }}
              treeData={departmentTree}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="priority" label={t('rules.dryRun.priority')}>
            <Select
              allowClear
              data-testid="dry-run-priority"
              options={WORK_ORDER_PRIORITIES.map((p) => ({ value: p, label: t(`rules.priorities.${p}`) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="store" label={t('rules.dryRun.store')}>
            <Input data-testid="dry-run-store" {...inputLimit(500)} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="touchpoint" label={t('rules.dryRun.touchpoint')}>
            <Input data-testid="dry-run-touchpoint" {...inputLimit(200)} />
          </Form.Item>
        </Col>
      </Row>
      <Form.List name="custom">
        {(fields, { add, remove }) => (
          <Form.Item label={t('rules.dryRun.customFields')}>
            {fields.map((field) => (
              <Flex key={field.key} gap={8} style={{ marginBottom: 8 }}>
                <Form.Item
                  name={[field.name, 'name']}
                  noStyle
                  rules={[{ pattern: /^[A-Za-z_][A-Za-z0-9_]{0,63}$/, message: t('rules.dryRun.customNameInvalid') }]}
                >
                  <Input placeholder={t('rules.dryRun.customName')} style={{ width: '40%' }} />
                </Form.Item>
                <Form.Item name={[field.name, 'value']} noStyle>
                  <Input placeholder={t('rules.dryRun.customValue')} style={{ flex: 1 }} />
                </Form.Item>
                <Button
                  type="text"
                  icon={<DeleteOutlined />}
                  aria-label={t('common.delete')}
                  onClick={() => remove(field.name)}
                />
              </Flex>
            ))}
            <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({ name: '', value: '' })}>
              {t('rules.dryRun.addCustom')}
            </Button>
          </Form.Item>
        )}
      </Form.List>
    </>
  );
}

/** One evaluated rule of a dry run's answer. */
export interface EvaluatedRule {
  ruleId: string;
  name: string;
  priority: number;
  matched: boolean;
  skippedBecauseDisabled: boolean;
  failedConditions: FailedCondition[];
}

/** The rules checked, in order: matched, skipped (disabled), or not matched with the conditions that failed. */
export function EvaluatedRules({
  evaluated,
  rules,
  meta,
  lookups,
}: {
  evaluated: EvaluatedRule[];
  /** The rules as listed, for their conditions (shown as written rather than as the server echoed them). */
  rules: { id: string; conditions: ConditionGroup }[];
  meta: RuleFields | undefined;
  lookups: Lookups;
}) {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const ruleById = new Map(rules.map((rule) => [rule.id, rule]));
  return evaluated.length === 0 ? (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('rules.dryRun.noRules')} />
  ) : (
    <ol style={{ paddingInlineStart: 0, listStyle: 'none', margin: 0 }} data-testid="dry-run-evaluated">
      {evaluated.map((item) => {
        const rule = ruleById.get(item.ruleId);
        return (
          <li
            key={item.ruleId}
            data-testid="dry-run-rule"
            style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}
          >
            <Flex align="center" gap={8} wrap>
              {item.skippedBecauseDisabled ? (
                <MinusCircleOutlined style={{ color: '#bfbfbf' }} />
              ) : item.matched ? (
                <CheckCircleTwoTone twoToneColor="#52c41a" />
              ) : (
                <CloseCircleTwoTone twoToneColor="#ff4d4f" />
              )}
              <Tag>#{item.priority}</Tag>
              <Typography.Text strong>{item.name}</Typography.Text>
              {item.skippedBecauseDisabled ? (
                <Tag>{t('rules.dryRun.skippedDisabled')}</Tag>
              ) : item.matched ? (
                <Tag color="green">{t('rules.dryRun.matched')}</Tag>
              ) : (
                <Tag color="red">{t('rules.dryRun.notMatched')}</Tag>
              )}
            </Flex>
            {item.failedConditions.length ? (
              <ul style={{ margin: '6px 0 0 28px', paddingInlineStart: 16 }}>
                {item.failedConditions.map((failure) => {
                  const node = rule ? conditionAt(rule.conditions, failure.path) : undefined;
                  const text =
                    node && 'field' in node
                      ? conditionText(meta, node, lang, lookups)
                      : conditionText(
                          meta,
                          { field: failure.field, operator: failure.operator, value: failure.value },
                          lang,
                          lookups,
                        );
                  return (
                    <li key={failure.path} data-testid="dry-run-failure">
                      <Typography.Text>{text}</Typography.Text>
                      <Typography.Text type="secondary">
                        {' — '}
                        {failure.negated
                          ? t('rules.dryRun.negated')
                          : t('rules.dryRun.actual', {
                              field: fieldLabel(meta, failure.field, lang),
                              value: valueText(meta, failure.field, failure.actual, lookups),
                            })}
                      </Typography.Text>
                    </li>
                  );
                })}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
