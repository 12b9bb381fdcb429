import { CopyOutlined, DeleteOutlined, HolderOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { DIMENSION_TYPES, type DimensionType } from '../../../common/scoring';
import { inputLimit } from '../../components/inputLimit';
import { type DragHandleProps, handleProps } from '../../components/Sortable';
import { type DimensionValues, isChoice, isScoredType, newOption } from './draft';

const KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
const OPTION_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;
const LANGS = ['zh-CN', 'en'] as const;

interface Props {
  /** Position in the Form.List. */
  name: number;
  index: number;
  readOnly: boolean;
  handle?: DragHandleProps;
  dragging?: boolean;
  onRemove: () => void;
  onDuplicate: () => void;
}

/** The editor of one dimension (question) of the draft, inside the `dimensions` Form.List. */
export function DimensionCard({ name, index, readOnly, handle, dragging, onRemove, onDuplicate }: Props) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const type = Form.useWatch(['dimensions', name, 'type'], form) as DimensionType | undefined;
  const label = Form.useWatch(['dimensions', name, 'label'], form) as DimensionValues['label'] | undefined;
  const choice = isChoice(type);

  return (
    <Card
      size="small"
      data-testid={`dimension-${index}`}
      style={{ marginBottom: 12, boxShadow: dragging ? '0 8px 24px rgba(0,0,0,0.15)' : undefined }}
      styles={{ header: { paddingInline: 8 } }}
      title={
        <Flex align="center" gap={8} style={{ minWidth: 0 }}>
          {readOnly ? null : (
            <Button
              type="text"
              size="small"
              icon={<HolderOutlined />}
              aria-label={t('templates.editor.dragDimension')}
              data-testid={`dimension-${index}-drag`}
              style={{ cursor: 'grab', touchAction: 'none' }}
              {...handleProps(handle)}
            />
          )}
          <Tag style={{ marginInlineEnd: 0 }}>{index + 1}</Tag>
          <Typography.Text ellipsis style={{ fontWeight: 500 }}>
            {label?.['zh-CN'] || label?.en || t('templates.editor.untitled')}
          </Typography.Text>
          {type ? <Tag color="blue">{t(`templates.types.${type}`)}</Tag> : null}
        </Flex>
      }
      extra={
        readOnly ? null : (
          <Space size={0}>
            <Tooltip title={t('templates.editor.duplicate')}>
              <Button
                type="text"
                size="small"
                icon={<CopyOutlined />}
                onClick={onDuplicate}
                aria-label={t('templates.editor.duplicate')}
                data-testid={`dimension-${index}-duplicate`}
              />
            </Tooltip>
            <Popconfirm
              title={t('templates.editor.removeConfirm')}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              onConfirm={onRemove}
            >
              <Button
                type="text"
                size="small"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('common.delete')}
                data-testid={`dimension-${index}-remove`}
              />
            </Popconfirm>
          </Space>
        )
      }
    >
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item
            name={[name, 'type']}
            label={t('templates.editor.type')}
            style={{ marginBottom: 12 }}
            rules={[{ required: true }]}
          >
            <Select
              data-testid={`dimension-${index}-type`}
              options={DIMENSION_TYPES.map((value) => ({ value, label: t(`templates.types.${value}`) }))}
              onChange={(next: DimensionType) => {
                // A choice question needs options; start it with one.
                const options = form.getFieldValue(['dimensions', name, 'options']) as unknown[] | undefined;
                if (isChoice(next) && !options?.length)
                  form.setFieldValue(['dimensions', name, 'options'], [newOption([])]);
              }}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name={[name, 'key']}
            label={t('templates.editor.key')}
            tooltip={t('templates.editor.keyHelp')}
            style={{ marginBottom: 12 }}
            rules={[{ pattern: KEY_PATTERN, message: t('templates.editor.keyInvalid'), warningOnly: true }]}
          >
            <Input data-testid={`dimension-${index}-key`} {...inputLimit(40)} spellCheck={false} />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item
            name={[name, 'required']}
            label={t('templates.editor.required')}
            valuePropName="checked"
            style={{ marginBottom: 12 }}
          >
            <Switch data-testid={`dimension-${index}-required`} />
          </Form.Item>
        </Col>
        {type && isScoredType(type) ? (
          <Col xs={12} md={4}>
            <Form.Item
              name={[name, 'outcome']}
              label={t('templates.editor.outcome')}
              tooltip={t('templates.editor.outcomeHelp')}
              valuePropName="checked"
              style={{ marginBottom: 12 }}
            >
              <Switch data-testid={`dimension-${index}-outcome`} />
            </Form.Item>
          </Col>
        ) : null}
      </Row>
      <Row gutter={12}>
        {LANGS.map((lang) => (
          <Col xs={24} md={12} key={lang}>
            <Form.Item
              name={[name, 'label', lang]}
              label={t('templates.editor.labelIn', { lang: t(`templates.langs.${lang}`) })}
              style={{ marginBottom: 12 }}
            >
              <Input data-testid={`dimension-${index}-label-${lang}`} {...inputLimit(200)} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Row gutter={12}>
        {LANGS.map((lang) => (
          <Col xs={24} md={12} key={lang}>
            <Form.Item
              name={[name, 'help', lang]}
              label={t('templates.editor.helpIn', { lang: t(`templates.langs.${lang}`) })}
              style={{ marginBottom: 12 }}
            >
              <Input.TextArea
                data-testid={`dimension-${index}-help-${lang}`}
                autoSize={{ minRows: 1, maxRows: 4 }}
                {...inputLimit(1000)}
                placeholder={t('templates.editor.helpPlaceholder')}
              />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Flex wrap gap={24} align="flex-start">
        {type === 'yes_no' ? (
          <Form.Item
            name={[name, 'inverted']}
            label={t('templates.editor.inverted')}
            tooltip={t('templates.editor.invertedHelp')}
            valuePropName="checked"
            style={{ marginBottom: 12 }}
          >
            <Switch data-testid={`dimension-${index}-inverted`} />
          </Form.Item>
        ) : null}
        {type === 'text' ? (
          <Form.Item
            name={[name, 'maxLength']}
            label={t('templates.editor.maxLength')}
            tooltip={t('templates.editor.maxLengthHelp')}
            style={{ marginBottom: 12 }}
          >
            <InputNumber
              data-testid={`dimension-${index}-max-length`}
              min={1}
              max={10000}
              precision={0}
              placeholder="2000"
              style={{ width: 140 }}
            />
          </Form.Item>
        ) : null}
      </Flex>
      {choice ? (
        <OptionsEditor dimension={name} index={index} readOnly={readOnly} scored={type === 'single_choice'} />
      ) : null}
    </Card>
  );
}

function OptionsEditor({
  dimension,
  index,
  readOnly,
  scored,
}: {
  dimension: number;
  index: number;
  readOnly: boolean;
  scored: boolean;
}) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  return (
    <Form.List name={[dimension, 'options']}>
      {(fields, { add, remove }, { errors }) => (
        <div data-testid={`dimension-${index}-options`}>
          <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
            {t('templates.editor.options')}
          </Typography.Text>
          <Row gutter={8} style={{ marginBottom: 4 }}>
            <Col span={5}>
              <Typography.Text type="secondary">{t('templates.editor.optionKey')}</Typography.Text>
            </Col>
            <Col span={scored ? 7 : 9}>
              <Typography.Text type="secondary">
                {t('templates.editor.labelIn', { lang: t('templates.langs.zh-CN') })}
              </Typography.Text>
            </Col>
            <Col span={scored ? 7 : 9}>
              <Typography.Text type="secondary">
                {t('templates.editor.labelIn', { lang: t('templates.langs.en') })}
              </Typography.Text>
            </Col>
            {scored ? (
              <Col span={4}>
                <Tooltip title={t('templates.editor.optionScoreHelp')}>
                  <Typography.Text type="secondary">{t('templates.editor.optionScore')}</Typography.Text>
                </Tooltip>
              </Col>
            ) : null}
          </Row>
          {fields.map((field, optionIndex) => (
            <Row gutter={8} key={field.key} align="top">
              <Col span={5}>
                <Form.Item
                  name={[field.name, 'key']}
                  style={{ marginBottom: 8 }}
                  rules={[
                    { pattern: OPTION_KEY_PATTERN, message: t('templates.editor.optionKeyInvalid'), warningOnly: true },
                  ]}
                >
                  <Input
                    data-testid={`dimension-${index}-option-${optionIndex}-key`}
                    aria-label={t('templates.editor.optionField', {
                      field: t('templates.editor.optionKey'),
                      number: optionIndex + 1,
                    })}
                    {...inputLimit(40)}
                    spellCheck={false}
                  />
                </Form.Item>
              </Col>
              {LANGS.map((lang) => (
                <Col span={scored ? 7 : 9} key={lang}>
                  <Form.Item name={[field.name, 'label', lang]} style={{ marginBottom: 8 }}>
                    <Input
                      data-testid={`dimension-${index}-option-${optionIndex}-label-${lang}`}
                      aria-label={t('templates.editor.optionField', {
                        field: t('templates.editor.labelIn', { lang: t(`templates.langs.${lang}`) }),
                        number: optionIndex + 1,
                      })}
                      {...inputLimit(200)}
                    />
                  </Form.Item>
                </Col>
              ))}
              {scored ? (
                <Col span={4}>
                  <Form.Item name={[field.name, 'score']} style={{ marginBottom: 8 }}>
                    <InputNumber
                      data-testid={`dimension-${index}-option-${optionIndex}-score`}
                      aria-label={t('templates.editor.optionField', {
                        field: t('templates.editor.optionScore'),
                        number: optionIndex + 1,
                      })}
                      min={0}
                      max={100}
                      style={{ width: '100%' }}
                      placeholder="—"
                    />
                  </Form.Item>
                </Col>
              ) : null}
              {readOnly ? null : (
                <Col flex="none">
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    disabled={fields.length <= 1}
                    aria-label={t('templates.editor.removeOption')}
                    onClick={() => remove(field.name)}
                  />
                </Col>
              )}
            </Row>
          ))}
          <Form.ErrorList errors={errors} />
          {readOnly ? null : (
            <Button
              type="dashed"
              size="small"
              icon={<PlusOutlined />}
              data-testid={`dimension-${index}-add-option`}
              onClick={() => {
                const options = (form.getFieldValue(['dimensions', dimension, 'options']) ?? []) as { key?: string }[];
                add(newOption(options.map((o) => o.key ?? '')));
              }}
            >
              {t('templates.editor.addOption')}
            </Button>
          )}
        </div>
      )}
    </Form.List>
  );
}
