import { Card, Col, Empty, Form, Input, InputNumber, Radio, Row, Select, Space, Switch, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { inputLimit } from '../../components/inputLimit';
import { ChannelsInput } from '../rules/ChannelsInput';
import { NodeBasics, RemoveNodeButton } from './NodeBasics';
import type { TemplateOptions } from './useTemplateOptions';
import type { WorkflowFormValues } from './workflowForm';

/**
 * A rating node of the workflow editor: key and stage, then its settings (QR or rule mode, template, timeout, …).
 * `name` is its position in the form's `nodes` list (rendered inside that Form.List), `number` its place in the flow.
 */
export function RatingNodeCard({
  name,
  number,
  templates,
  onRemove,
}: {
  name: number;
  number: number;
  templates: TemplateOptions;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<WorkflowFormValues>();
  const mode = Form.useWatch(['nodes', name, 'mode'], form);
  return (
    <Card
      size="small"
      title={
        <Space>
          <Tag color="blue">{number}</Tag>
          {t('workflows.rating.title')}
        </Space>
      }
      extra={<RemoveNodeButton onRemove={onRemove} />}
      data-testid="rating-node"
    >
      <NodeBasics name={name} />
      <Form.Item name={[name, 'mode']} label={t('workflows.rating.mode')}>
        <Radio.Group
          aria-label={t('workflows.rating.mode')}
          data-testid="rating-mode"
          onChange={(event) => {
            // QR mode needs a fixed template: start from the default one.
            const fallback = templates.defaultId;
            if (event.target.value === 'qr' && !form.getFieldValue(['nodes', name, 'templateId']) && fallback)
              form.setFieldValue(['nodes', name, 'templateId'], fallback);
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
          <Col xs={24} sm={16}>
            <Form.Item
              name={[name, 'templateId']}
              label={t('workflows.rating.template')}
              rules={[{ required: true, message: t('workflows.rating.templateRequired') }]}
            >
              <Select
                aria-label={t('workflows.rating.template')}
                data-testid="rating-template"
                loading={templates.loading}
                showSearch={{ optionFilterProp: 'label' }}
                options={templates.options}
                notFoundContent={<Empty description={t('workflows.rating.noTemplates')} />}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item
              name={[name, 'submissionLimit']}
              label={t('workflows.rating.submissionLimit')}
              tooltip={t('workflows.rating.submissionLimitHelp')}
              rules={[{ required: true, message: t('workflows.required') }]}
            >
              <InputNumber
                aria-label={t('workflows.rating.submissionLimit')}
                min={1}
                max={1000}
                precision={0}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
        </Row>
      ) : null}
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item
            name={[name, 'mandatory']}
            label={t('workflows.rating.mandatory')}
            valuePropName="checked"
            tooltip={t('workflows.rating.mandatoryHelp')}
          >
            <Switch aria-label={t('workflows.rating.mandatory')} data-testid="rating-mandatory" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name={[name, 'timeoutHours']}
            label={t('workflows.rating.timeoutHours')}
            tooltip={t('workflows.rating.timeoutHelp')}
          >
            <InputNumber
              aria-label={t('workflows.rating.timeoutHours')}
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
        <Col xs={24} sm={12}>
          <Form.Item
            name={[name, 'mainButtonLabel', 'zh-CN']}
            label={t('workflows.rating.mainButtonZh')}
            rules={[{ required: true, whitespace: true, message: t('workflows.required') }]}
          >
            <Input aria-label={t('workflows.rating.mainButtonZh')} {...inputLimit(40)} data-testid="rating-label-zh" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name={[name, 'mainButtonLabel', 'en']}
            label={t('workflows.rating.mainButtonEn')}
            rules={[{ required: true, whitespace: true, message: t('workflows.required') }]}
          >
            <Input aria-label={t('workflows.rating.mainButtonEn')} {...inputLimit(40)} data-testid="rating-label-en" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name={[name, 'staffMaySkip']} label={t('workflows.rating.staffMaySkip')} valuePropName="checked">
            <Switch aria-label={t('workflows.rating.staffMaySkip')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name={[name, 'showSkipButton']}
            label={t('workflows.rating.showSkipButton')}
            valuePropName="checked"
          >
            <Switch aria-label={t('workflows.rating.showSkipButton')} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name={[name, 'linkExpiryDays']}
        label={t('workflows.rating.linkExpiryDays')}
        rules={[{ required: true, message: t('workflows.required') }]}
      >
        <InputNumber
          aria-label={t('workflows.rating.linkExpiryDays')}
          min={1}
          max={365}
          precision={0}
          suffix={t('workflows.rating.days')}
        />
      </Form.Item>
      <Form.Item
        name={[name, 'channels']}
        label={t('workflows.rating.channels')}
        extra={mode === 'qr' ? t('workflows.rating.channelsQrHelp') : t('workflows.rating.channelsRuleHelp')}
      >
        <ChannelsInput />
      </Form.Item>
    </Card>
  );
}
