import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Divider,
  Empty,
  Flex,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Skeleton,
  Space,
  Switch,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { client, ok } from '../../api/client';
import { ApiError, problemFieldPath } from '../../app/api';
import { useFormatDate } from '../../app/format';
import { fieldErrorText } from '../../app/problemText';
import { useApiError } from '../../app/useApiError';
import { EmployeeSelect } from '../../components/EmployeeSelect';
import { ErrorState } from '../../components/ErrorState';
import { buildDepartmentTree, useDepartments } from '../departments/departmentsApi';
import { ChannelsInput } from '../rules/ChannelsInput';
import type { RatingChannel } from '../rules/rulesApi';
import { useUsableTemplates } from '../templates/templatesApi';
import {
  type Bilingual,
  DEFAULT_RATING_NODE,
  FIELD_TYPES,
  type FieldDefinition,
  type FieldType,
  type FollowUpNodeConfig,
  type RatingNodeConfig,
  type WorkflowConfig,
  type WorkflowView,
} from './workflowsApi';

interface FieldValues {
  key: string;
  label: Bilingual;
  type: FieldType;
  required: boolean;
  options?: { key: string; label: Bilingual }[];
}

interface Values {
  rating: Omit<RatingNodeConfig, 'type' | 'channels'> & { enabled: boolean; channels: RatingChannel[] };
  followUp: {
    enabled: boolean;
    mode: 'standard' | 'rule';
    agentId: string | null;
    departmentId: string | null;
    templateId: string | null;
  };
  fieldDefinitions: FieldValues[];
}

function toValues(view: WorkflowView): Values {
  const rating = view.nodes.find((n): n is RatingNodeConfig => n.type === 'rating');
  const followUp = view.nodes.find((n): n is FollowUpNodeConfig => n.type === 'follow_up');
  const { type: _type, channels, ...ratingRest } = rating ?? DEFAULT_RATING_NODE;
  return {
    rating: { ...DEFAULT_RATING_NODE, ...ratingRest, enabled: Boolean(rating), channels: channels ?? [] },
    followUp: {
      enabled: Boolean(followUp),
      mode: followUp?.mode ?? 'standard',
      agentId: followUp?.standard?.agentId ?? null,
      departmentId: followUp?.standard?.groupRoundRobin?.departmentId ?? null,
      templateId: followUp?.standard?.templateId ?? null,
    },
    fieldDefinitions: view.fieldDefinitions.map((d) => ({ ...d, options: d.options ?? [] })),
  };
}

function toBody(values: Values): WorkflowConfig {
  const nodes: WorkflowConfig['nodes'] = [];
  if (values.rating.enabled) {
    const { enabled: _enabled, channels, ...rating } = values.rating;
    nodes.push({
      ...rating,
      type: 'rating',
      templateId: rating.mode === 'qr' ? (rating.templateId ?? null) : null,
      timeoutHours: rating.timeoutHours ?? null,
      channels: channels?.length ? channels : null,
    });
  }
  if (values.followUp.enabled) {
    const f = values.followUp;
    nodes.push({
      type: 'follow_up',
      mode: f.mode,
      standard:
        f.mode === 'standard'
          ? {
              agentId: f.agentId ?? null,
              groupRoundRobin: f.departmentId ? { departmentId: f.departmentId } : null,
              templateId: f.templateId ?? null,
            }
          : null,
    });
  }
  const fieldDefinitions: FieldDefinition[] = (values.fieldDefinitions ?? []).map((d) => ({
    key: d.key.trim(),
    label: { 'zh-CN': d.label['zh-CN'].trim(), en: d.label.en.trim() },
    type: d.type,
    required: Boolean(d.required),
    ...(d.type === 'select' ? { options: (d.options ?? []).map((o) => ({ ...o, key: o.key.trim() })) } : {}),
  }));
  return { nodes, fieldDefinitions };
}

/** Server paths `nodes.<i>.x` point at the node at that position of the body; the form names them by type. */
function mapServerErrors(error: unknown, values: Values, form: FormInstance<Values>) {
  if (!(error instanceof ApiError)) return;
  const order: ('rating' | 'followUp')[] = [];
  if (values.rating.enabled) order.push('rating');
  if (values.followUp.enabled) order.push('followUp');
  const fields = (error.problem.errors ?? []).flatMap((item) => {
    const path = problemFieldPath(item.path);
    if (path[0] === 'nodes' && typeof path[1] === 'number') {
      const node = order[path[1]];
      if (!node) return [];
      const rest = path.slice(2).filter((part) => part !== 'standard' && part !== 'groupRoundRobin');
      return [{ name: [node, ...rest], errors: [fieldErrorText(item)] }];
    }
    if (path[0] === 'fieldDefinitions') return [{ name: path, errors: [fieldErrorText(item)] }];
    return [];
  });
  if (fields.length) form.setFields(fields as Parameters<typeof form.setFields>[0]);
}

const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function WorkflowEditorPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formatDate = useFormatDate();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const templates = useUsableTemplates();
  const departments = useDepartments();
  const tree = useMemo(() => buildDepartmentTree(departments.data ?? []), [departments.data]);
  const serviceType = useQuery({
    queryKey: ['service-types', 'detail', id],
    queryFn: () => ok(client.GET('/service-types/{id}', { params: { path: { id } } })),
  });
  const workflow = useQuery({
    queryKey: ['workflows', id],
    queryFn: () => ok(client.GET('/service-types/{id}/workflow', { params: { path: { id } } })),
  });
  const ratingEnabled = Form.useWatch(['rating', 'enabled'], form);
  const mode = Form.useWatch(['rating', 'mode'], form);
  const followUpEnabled = Form.useWatch(['followUp', 'enabled'], form);
  const followUpMode = Form.useWatch(['followUp', 'mode'], form);

  useEffect(() => {
    if (workflow.data) form.setFieldsValue(toValues(workflow.data));
  }, [workflow.data, form]);

  const save = useMutation({
    mutationFn: (values: Values) =>
      ok(client.PUT('/service-types/{id}/workflow', { params: { path: { id } }, body: toBody(values) })),
    onSuccess: (view) => {
      queryClient.setQueryData(['workflows', id], view);
      message.success(t('common.saved'));
    },
    onError: (error, values) => {
      onError(error);
      mapServerErrors(error, values, form);
    },
  });

  if (workflow.isPending) return <Skeleton active paragraph={{ rows: 14 }} />;
  if (workflow.isError) return <ErrorState error={workflow.error} onRetry={() => void workflow.refetch()} />;

  const templateOptions = (templates.data ?? []).map((tpl) => ({
    value: tpl.id,
    label: tpl.isDefault ? `${tpl.name} (${t('workflows.defaultTemplate')})` : tpl.name,
  }));

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Link to="/org/service-types">
        <ArrowLeftOutlined /> {t('workflows.back')}
      </Link>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Space orientation="vertical" size={0}>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="workflow-title">
            {t('workflows.title', { name: serviceType.data?.name ?? '…' })}
          </Typography.Title>
          <Typography.Text type="secondary">
            {workflow.data.isDefault
              ? t('workflows.isDefault')
              : t('workflows.updatedAt', { at: formatDate(workflow.data.updatedAt) })}
          </Typography.Text>
        </Space>
        <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="workflow-save">
          {t('common.save')}
        </Button>
      </Flex>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(values) => save.mutate(values)}
        onFinishFailed={() => message.error(t('workflows.fixErrors'))}
        initialValues={toValues(workflow.data)}
      >
        <Row gutter={[24, 24]}>
          <Col xs={24} xl={12}>
            <Card
              title={
                <Space>
                  <Tag color="blue">1</Tag>
                  {t('workflows.rating.title')}
                </Space>
              }
              extra={
                <Form.Item name={['rating', 'enabled']} valuePropName="checked" noStyle>
                  <Switch data-testid="rating-enabled" />
                </Form.Item>
              }
              data-testid="rating-node"
            >
              {ratingEnabled ? (
                <>
                  <Form.Item name={['rating', 'mode']} label={t('workflows.rating.mode')}>
                    <Radio.Group
                      data-testid="rating-mode"
                      onChange={(event) => {
                        // QR mode needs a fixed template: start from the default one.
                        const fallback = templates.data?.find((tpl) => tpl.isDefault)?.id;
                        if (event.target.value === 'qr' && !form.getFieldValue(['rating', 'templateId']) && fallback)
                          form.setFieldValue(['rating', 'templateId'], fallback);
                      }}
                    >
                      <Radio value="qr" data-testid="rating-mode-qr">
                        {t('workflows.rating.modes.qr')}
                      </Radio>
                      <Radio value="rule" data-testid="rating-mode-rule">
                        {t('workflows.rating.modes.rule')}
                      </Radio>
                    </Radio.Group>
                  </Form.Item>
                  <Typography.Paragraph type="secondary" style={{ marginTop: -12 }}>
                    {mode === 'qr' ? t('workflows.rating.qrHint') : t('workflows.rating.ruleHint')}
                  </Typography.Paragraph>
                  {mode === 'qr' ? (
                    <Row gutter={16}>
                      <Col span={16}>
                        <Form.Item
                          name={['rating', 'templateId']}
                          label={t('workflows.rating.template')}
                          rules={[{ required: true, message: t('workflows.rating.templateRequired') }]}
                        >
                          <Select
                            data-testid="rating-template"
                            loading={templates.isPending}
                            showSearch={{ optionFilterProp: 'label' }}
                            options={templateOptions}
                            notFoundContent={<Empty description={t('workflows.rating.noTemplates')} />}
                          />
                        </Form.Item>
                      </Col>
                      <Col span={8}>
                        <Form.Item
                          name={['rating', 'submissionLimit']}
                          label={t('workflows.rating.submissionLimit')}
                          tooltip={t('workflows.rating.submissionLimitHelp')}
                          rules={[{ required: true, message: t('workflows.required') }]}
                        >
                          <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                    </Row>
                  ) : null}
                  <Row gutter={16}>
                    <Col span={12}>
                      <Form.Item
                        name={['rating', 'mandatory']}
                        label={t('workflows.rating.mandatory')}
                        valuePropName="checked"
                        tooltip={t('workflows.rating.mandatoryHelp')}
                      >
                        <Switch data-testid="rating-mandatory" />
                      </Form.Item>
                    </Col>
                    <Col span={12}>
                      <Form.Item
                        name={['rating', 'timeoutHours']}
                        label={t('workflows.rating.timeoutHours')}
                        tooltip={t('workflows.rating.timeoutHelp')}
                      >
                        <InputNumber
                          min={0.01}
                          max={24 * 365}
                          style={{ width: '100%' }}
                          placeholder={t('workflows.rating.noTimeout')}
                          suffix={t('workflows.rating.hours')}
                          data-testid="rating-timeout"
                        />
                      </Form.Item>
                    </Col>
                  </Row>
                  <Row gutter={16}>
                    <Col span={12}>
                      <Form.Item
                        name={['rating', 'mainButtonLabel', 'zh-CN']}
                        label={t('workflows.rating.mainButtonZh')}
                        rules={[{ required: true, whitespace: true, message: t('workflows.required') }]}
                      >
                        <Input maxLength={40} data-testid="rating-label-zh" />
                      </Form.Item>
                    </Col>
                    <Col span={12}>
                      <Form.Item
                        name={['rating', 'mainButtonLabel', 'en']}
                        label={t('workflows.rating.mainButtonEn')}
                        rules={[{ required: true, whitespace: true, message: t('workflows.required') }]}
                      >
                        <Input maxLength={40} data-testid="rating-label-en" />
                      </Form.Item>
                    </Col>
                  </Row>
                  <Row gutter={16}>
                    <Col span={12}>
                      <Form.Item
                        name={['rating', 'staffMaySkip']}
                        label={t('workflows.rating.staffMaySkip')}
                        valuePropName="checked"
                      >
                        <Switch />
                      </Form.Item>
                    </Col>
                    <Col span={12}>
                      <Form.Item
                        name={['rating', 'showSkipButton']}
                        label={t('workflows.rating.showSkipButton')}
                        valuePropName="checked"
                      >
                        <Switch />
                      </Form.Item>
                    </Col>
                  </Row>
                  <Form.Item
                    name={['rating', 'linkExpiryDays']}
                    label={t('workflows.rating.linkExpiryDays')}
                    rules={[{ required: true, message: t('workflows.required') }]}
                  >
                    <InputNumber min={1} max={365} precision={0} suffix={t('workflows.rating.days')} />
                  </Form.Item>
                  <Form.Item
                    name={['rating', 'channels']}
                    label={t('workflows.rating.channels')}
                    extra={
                      mode === 'qr' ? t('workflows.rating.channelsQrHelp') : t('workflows.rating.channelsRuleHelp')
                    }
                  >
                    <ChannelsInput />
                  </Form.Item>
                </>
              ) : (
                <Alert type="info" showIcon title={t('workflows.rating.disabled')} />
              )}
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Space orientation="vertical" size="large" style={{ width: '100%' }}>
              <Card
                title={
                  <Space>
                    <Tag color="blue">2</Tag>
                    {t('workflows.followUp.title')}
                  </Space>
                }
                extra={
                  <Form.Item name={['followUp', 'enabled']} valuePropName="checked" noStyle>
                    <Switch data-testid="follow-up-enabled" />
                  </Form.Item>
                }
                data-testid="follow-up-node"
              >
                {followUpEnabled ? (
                  <>
                    <Form.Item name={['followUp', 'mode']} label={t('workflows.followUp.mode')}>
                      <Radio.Group>
                        <Radio value="standard">{t('workflows.followUp.modes.standard')}</Radio>
                        <Radio value="rule">{t('workflows.followUp.modes.rule')}</Radio>
                      </Radio.Group>
                    </Form.Item>
                    {followUpMode === 'standard' ? (
                      <>
                        <Form.Item name={['followUp', 'agentId']} label={t('workflows.followUp.agent')}>
                          <EmployeeSelect />
                        </Form.Item>
                        <Form.Item
                          name={['followUp', 'departmentId']}
                          label={t('workflows.followUp.roundRobin')}
                          extra={t('workflows.followUp.roundRobinHelp')}
                        >
                          <TreeSelect
                            allowClear
                            treeDefaultExpandAll
                            showSearch={{ treeNodeFilterProp: 'title' }}
                            treeData={tree}
                          />
                        </Form.Item>
                        <Form.Item name={['followUp', 'templateId']} label={t('workflows.followUp.template')}>
                          <Select allowClear options={templateOptions} />
                        </Form.Item>
                      </>
                    ) : (
                      <Typography.Paragraph type="secondary">{t('workflows.followUp.ruleHint')}</Typography.Paragraph>
                    )}
                    <Alert type="info" showIcon title={t('workflows.followUp.placeholder')} />
                  </>
                ) : (
                  <Alert type="info" showIcon title={t('workflows.followUp.disabled')} />
                )}
              </Card>
              <FieldDefinitionsCard />
            </Space>
          </Col>
        </Row>
      </Form>
    </Space>
  );
}

function FieldDefinitionsCard() {
  const { t } = useTranslation();
  return (
    <Card title={t('workflows.fields.title')} data-testid="field-definitions">
      <Typography.Paragraph type="secondary">{t('workflows.fields.hint')}</Typography.Paragraph>
      <Form.List name="fieldDefinitions">
        {(fields, { add, remove }) => (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {fields.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workflows.fields.empty')} />
            ) : null}
            {fields.map((field) => (
              <div
                key={field.key}
                style={{ border: '1px solid #f0f0f0', borderRadius: 8, padding: '12px 12px 0' }}
                data-testid={`field-${field.name}`}
              >
                <Row gutter={12}>
                  <Col span={8}>
                    <Form.Item
                      name={[field.name, 'key']}
                      label={t('workflows.fields.key')}
                      rules={[
                        { required: true, whitespace: true, message: t('workflows.required') },
                        { pattern: KEY_PATTERN, message: t('workflows.fields.keyPattern') },
                        ({ getFieldValue }) => ({
                          validator: async (_, key?: string) => {
                            const all = (getFieldValue('fieldDefinitions') as FieldValues[] | undefined) ?? [];
                            const same = all.filter((d) => d?.key?.trim() && d.key.trim() === key?.trim());
                            if (same.length > 1) throw new Error(t('workflows.fields.keyTaken'));
                          },
                        }),
                      ]}
                    >
                      <Input maxLength={64} placeholder="product_model" />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name={[field.name, 'type']} label={t('workflows.fields.type')}>
                      <Select
                        options={FIELD_TYPES.map((type) => ({
                          value: type,
                          label: t(`workflows.fields.types.${type}`),
                        }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={5}>
                    <Form.Item
                      name={[field.name, 'required']}
                      label={t('workflows.fields.required')}
                      valuePropName="checked"
                    >
                      <Switch size="small" />
                    </Form.Item>
                  </Col>
                  <Col span={3} style={{ textAlign: 'right', paddingTop: 30 }}>
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('common.delete')}
                      onClick={() => remove(field.name)}
                    />
                  </Col>
                </Row>
                <Row gutter={12}>
                  <Col span={12}>
                    <Form.Item
                      name={[field.name, 'label', 'zh-CN']}
                      label={t('workflows.fields.labelZh')}
                      rules={[{ required: true, whitespace: true, message: t('workflows.required') }]}
                    >
                      <Input maxLength={100} />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item
                      name={[field.name, 'label', 'en']}
                      label={t('workflows.fields.labelEn')}
                      rules={[{ required: true, whitespace: true, message: t('workflows.required') }]}
                    >
                      <Input maxLength={100} />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item noStyle dependencies={[['fieldDefinitions', field.name, 'type']]}>
                  {({ getFieldValue }) =>
                    getFieldValue(['fieldDefinitions', field.name, 'type']) === 'select' ? (
                      <OptionsList fieldName={field.name} />
                    ) : null
                  }
                </Form.Item>
              </div>
            ))}
            <Button
              type="dashed"
              block
              icon={<PlusOutlined />}
              onClick={() =>
                add({ key: '', label: { 'zh-CN': '', en: '' }, type: 'text', required: false, options: [] })
              }
              data-testid="add-field"
            >
              {t('workflows.fields.add')}
            </Button>
          </Space>
        )}
      </Form.List>
    </Card>
  );
}

function OptionsList({ fieldName }: { fieldName: number }) {
  const { t } = useTranslation();
  return (
    <>
      <Divider titlePlacement="start" plain style={{ margin: '0 0 12px' }}>
        {t('workflows.fields.options')}
      </Divider>
      <Form.List
        name={[fieldName, 'options']}
        rules={[
          {
            validator: async (_, options?: unknown[]) => {
              if (!options || options.length === 0) throw new Error(t('workflows.fields.optionsRequired'));
            },
          },
        ]}
      >
        {(options, { add, remove }, { errors }) => (
          <>
            {options.map((option) => (
              <Row gutter={8} key={option.key}>
                <Col span={7}>
                  <Form.Item
                    name={[option.name, 'key']}
                    rules={[{ required: true, whitespace: true, message: t('workflows.required') }]}
                  >
                    <Input placeholder={t('workflows.fields.optionKey')} maxLength={100} />
                  </Form.Item>
                </Col>
                <Col span={7}>
                  <Form.Item
                    name={[option.name, 'label', 'zh-CN']}
                    rules={[{ required: true, whitespace: true, message: t('workflows.required') }]}
                  >
                    <Input placeholder={t('workflows.fields.labelZh')} maxLength={100} />
                  </Form.Item>
                </Col>
                <Col span={7}>
                  <Form.Item
                    name={[option.name, 'label', 'en']}
                    rules={[{ required: true, whitespace: true, message: t('workflows.required') }]}
                  >
                    <Input placeholder={t('workflows.fields.labelEn')} maxLength={100} />
                  </Form.Item>
                </Col>
                <Col span={3}>
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t('common.delete')}
                    onClick={() => remove(option.name)}
                  />
                </Col>
              </Row>
            ))}
            <Form.ErrorList errors={errors} />
            <Button
              size="small"
              icon={<PlusOutlined />}
              style={{ marginBottom: 12 }}
              onClick={() => add({ key: '', label: { 'zh-CN': '', en: '' } })}
            >
              {t('workflows.fields.addOption')}
            </Button>
          </>
        )}
      </Form.List>
    </>
  );
}
