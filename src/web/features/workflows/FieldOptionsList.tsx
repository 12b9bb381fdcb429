import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, Divider, Form, Input, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { inputLimit } from '../../components/inputLimit';

/** The options of a `select` custom field (at least one): stored key, Chinese and English label. */
export function FieldOptionsList({ fieldName }: { fieldName: number }) {
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
                    <Input placeholder={t('workflows.fields.optionKey')} {...inputLimit(100)} />
                  </Form.Item>
                </Col>
                <Col span={7}>
                  <Form.Item
                    name={[option.name, 'label', 'zh-CN']}
                    rules={[{ required: true, whitespace: true, message: t('workflows.required') }]}
                  >
                    <Input placeholder={t('workflows.fields.labelZh')} {...inputLimit(100)} />
                  </Form.Item>
                </Col>
                <Col span={7}>
                  <Form.Item
                    name={[option.name, 'label', 'en']}
                    rules={[{ required: true, whitespace: true, message: t('workflows.required') }]}
                  >
                    <Input placeholder={t('workflows.fields.labelEn')} {...inputLimit(100)} />
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
