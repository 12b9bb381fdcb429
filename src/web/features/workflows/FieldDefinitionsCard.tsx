import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Form, Input, Row, Select, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { inputLimit } from '../../components/inputLimit';
import { FieldOptionsList } from './FieldOptionsList';
import type { FieldValues } from './workflowForm';
import { FIELD_TYPES } from './workflowsApi';

const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The service type's custom work-order fields (key, bilingual label, type, required; a select's options). */
export function FieldDefinitionsCard() {
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
                      <Input {...inputLimit(64)} placeholder="product_model" />
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
                      <Input {...inputLimit(100)} />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item
                      name={[field.name, 'label', 'en']}
                      label={t('workflows.fields.labelEn')}
                      rules={[{ required: true, whitespace: true, message: t('workflows.required') }]}
                    >
                      <Input {...inputLimit(100)} />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item noStyle dependencies={[['fieldDefinitions', field.name, 'type']]}>
                  {({ getFieldValue }) =>
                    getFieldValue(['fieldDefinitions', field.name, 'type']) === 'select' ? (
                      <FieldOptionsList fieldName={field.name} />
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
