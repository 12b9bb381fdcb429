import {
  CheckCircleTwoTone,
  CloseCircleTwoTone,
  DeleteOutlined,
  MinusCircleOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Row,
  Select,
  Space,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import type { ServiceType } from '../../app/types';
import { useApiError } from '../../app/useApiError';
import { inputLimit } from '../../components/inputLimit';
import type { DepartmentNode } from '../departments/departmentsApi';
import { conditionAt, conditionText, fieldLabel, type Lang, type Lookups, valueText } from './conditionText';
import { type Facts, type RatingRule, type RuleFields, WORK_ORDER_PRIORITIES } from './rulesApi';

interface Values {
  serviceTypeId?: string;
  recordType?: string;
  departmentId?: string;
  store?: string;
  touchpoint?: string;
  priority?: Facts['priority'];
  custom?: { name?: string; value?: string }[];
}

const NUMBER = /^-?\d+(\.\d+)?$/;

export function toFacts(values: Values): Facts {
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

interface Props {
  meta: RuleFields | undefined;
  rules: RatingRule[];
  serviceTypes: ServiceType[];
  departmentTree: DepartmentNode[];
  lookups: Lookups;
}

/** Type a work order's facts and see which rule (or default) it would get, and why the rules above did not match. */
export function DryRunPanel({ meta, rules, serviceTypes, departmentTree, lookups }: Props) {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const [form] = Form.useForm<Values>();
  const onError = useApiError();
  const run = useMutation({
    mutationFn: (values: Values) => ok(client.POST('/rating-rules/dry-run', { body: { facts: toFacts(values) } })),
    onError: (error) => onError(error, form),
  });
  const result = run.data;
  const ruleById = new Map(rules.map((rule) => [rule.id, rule]));

  return (
    <Card title={t('rules.dryRun.title')} data-testid="dry-run">
      <Typography.Paragraph type="secondary">{t('rules.dryRun.intro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(values) => run.mutate(values)}>
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
        <Space>
          <Button type="primary" htmlType="submit" loading={run.isPending} data-testid="dry-run-submit">
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
        <div data-testid="dry-run-result" style={{ marginTop: 20 }}>
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
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('rules.dryRun.evaluated')}
          </Typography.Title>
          {result.evaluated.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('rules.dryRun.noRules')} />
          ) : (
            <ol style={{ paddingInlineStart: 0, listStyle: 'none', margin: 0 }} data-testid="dry-run-evaluated">
              {result.evaluated.map((item) => {
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
          )}
        </div>
      ) : null}
    </Card>
  );
}
