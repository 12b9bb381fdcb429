import { DeleteOutlined } from '@ant-design/icons';
import { Button, Col, Form, Input, Popconfirm, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { inputLimit } from '../../components/inputLimit';
import { nodeKeyProblem, type WorkflowFormValues } from './workflowForm';
import { STAGES } from './workflowsApi';

/**
 * What every node card has: its key (editable only while the node is new — running instances refer to a stored
 * node's key) and its stage. `name` is the node's position in the form's `nodes` list.
 */
export function NodeBasics({ name }: { name: number }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<WorkflowFormValues>();
  const isNew = Form.useWatch(['nodes', name, 'isNew'], { form, preserve: true });
  const key = Form.useWatch(['nodes', name, 'key'], { form, preserve: true });
  return (
    <Row gutter={16}>
      <Col xs={24} sm={12}>
        {isNew ? (
          <Form.Item
            name={[name, 'key']}
            label={t('workflows.node.key')}
            tooltip={t('workflows.node.keyHelp')}
            rules={[
              { required: true, message: t('workflows.required') },
              {
                validator: async (_, value: string) => {
                  const problem = nodeKeyProblem(String(value ?? ''), name, form.getFieldValue('nodes') ?? []);
                  if (problem) throw new Error(t(problem));
                },
              },
            ]}
          >
            <Input {...inputLimit(40)} aria-label={t('workflows.node.key')} data-testid="node-key" />
          </Form.Item>
        ) : (
          <Form.Item label={t('workflows.node.key')} tooltip={t('workflows.node.keyFixed')}>
            <Typography.Text code data-testid="node-key-fixed">
              {key}
            </Typography.Text>
          </Form.Item>
        )}
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name={[name, 'stage']} label={t('workflows.node.stage')} tooltip={t('workflows.node.stageHelp')}>
          <Select
            aria-label={t('workflows.node.stage')}
            data-testid="node-stage"
            options={STAGES.map((stage) => ({ value: stage, label: t(`workflows.stages.${stage}`) }))}
          />
        </Form.Item>
      </Col>
    </Row>
  );
}

/** The card's remove button (asks first). */
export function RemoveNodeButton({ onRemove }: { onRemove: () => void }) {
  const { t } = useTranslation();
  return (
    <Popconfirm
      title={t('workflows.node.removeConfirm')}
      okText={t('workflows.node.remove')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true }}
      onConfirm={onRemove}
    >
      <Button
        type="text"
        danger
        size="small"
        icon={<DeleteOutlined />}
        aria-label={t('workflows.node.remove')}
        title={t('workflows.node.remove')}
        data-testid="node-remove"
      />
    </Popconfirm>
  );
}
