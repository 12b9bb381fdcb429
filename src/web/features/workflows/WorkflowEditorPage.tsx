import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Col, Flex, Form, Row, Skeleton, Space, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { MAX_WORKFLOW_NODES } from '../../../common/workflows';
import { useFormatDate } from '../../app/format';
import { ErrorState } from '../../components/ErrorState';
import { FieldDefinitionsCard } from './FieldDefinitionsCard';
import { FollowUpNodeCard } from './FollowUpNodeCard';
import { RatingNodeCard } from './RatingNodeCard';
import { useTemplateOptions } from './useTemplateOptions';
import { useWorkflowDraft } from './useWorkflowDraft';
import { type NodeValues, newNodeValues, nodesByStage, toFormValues, type WorkflowFormValues } from './workflowForm';
import type { NodeType } from './workflowsApi';

/**
 * A service type's workflow: the flow as its stages (assigned → in service → completed → closed), the nodes each
 * starts (rating, follow-up; several per stage, up to MAX_WORKFLOW_NODES) with "add" per stage, and the custom
 * fields, saved together. Parts: `useWorkflowDraft` (load, form, save), `workflowForm.ts` (API ⇄ form), one card per
 * node (`NodeBasics`: key and stage) and the fields card. Vertical, so it reads the same on a phone.
 */
export function WorkflowEditorPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formatDate = useFormatDate();
  const templates = useTemplateOptions();
  const { form, serviceType, workflow, save } = useWorkflowDraft(id);
  const watched = Form.useWatch('nodes', { form, preserve: true }) as NodeValues[] | undefined;

  if (workflow.isPending) return <Skeleton active paragraph={{ rows: 14 }} />;
  if (workflow.isError) return <ErrorState error={workflow.error} onRetry={() => void workflow.refetch()} />;

  const nodes = watched ?? toFormValues(workflow.data).nodes;
  const full = nodes.length >= MAX_WORKFLOW_NODES;

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
      <Form<WorkflowFormValues>
        form={form}
        layout="vertical"
        // The whole draft: a node's hidden values (type, isNew, a stored key) are not form items of their own.
        onFinish={() => save.mutate(form.getFieldsValue(true) as WorkflowFormValues)}
        onFinishFailed={() => message.error(t('workflows.fixErrors'))}
        initialValues={toFormValues(workflow.data)}
      >
        <Row gutter={[24, 24]}>
          <Col xs={24} xl={14}>
            <Form.List name="nodes">
              {(fields, { add, remove }) => {
                const addNode = (type: NodeType, stage: NodeValues['stage']) =>
                  add(
                    newNodeValues(
                      type,
                      stage,
                      (form.getFieldValue('nodes') as NodeValues[] | undefined)?.map((n) => n.key) ?? [],
                    ),
                  );
                let number = 0;
                return (
                  <div data-testid="workflow-flow">
                    <Typography.Title level={5} style={{ marginTop: 0 }}>
                      {t('workflows.flow.title')}
                    </Typography.Title>
                    <Typography.Paragraph type="secondary">
                      {t('workflows.flow.hint', { max: MAX_WORKFLOW_NODES })}
                    </Typography.Paragraph>
                    <Timeline
                      items={nodesByStage(nodes).map(({ stage, indexes }) => ({
                        key: stage,
                        color: indexes.length ? 'blue' : 'gray',
                        content: (
                          <Space
                            orientation="vertical"
                            size="middle"
                            style={{ width: '100%' }}
                            data-testid={`stage-${stage}`}
                          >
                            <div>
                              <Typography.Text strong>{t(`workflows.stages.${stage}`)}</Typography.Text>
                              <br />
                              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                                {indexes.length ? t('workflows.flow.stageHint') : t('workflows.flow.stageEmpty')}
                              </Typography.Text>
                            </div>
                            {indexes.map((index) => {
                              const field = fields[index];
                              if (!field) return null;
                              number += 1;
                              const props = {
                                name: field.name,
                                number,
                                templates,
                                onRemove: () => remove(field.name),
                              };
                              return nodes[index]?.type === 'follow_up' ? (
                                <FollowUpNodeCard key={field.key} {...props} />
                              ) : (
                                <RatingNodeCard key={field.key} {...props} />
                              );
                            })}
                            <Space wrap>
                              <Button
                                size="small"
                                icon={<PlusOutlined />}
                                disabled={full}
                                onClick={() => addNode('rating', stage)}
                                data-testid={`add-rating-${stage}`}
                              >
                                {t('workflows.flow.addRating')}
                              </Button>
                              <Button
                                size="small"
                                icon={<PlusOutlined />}
                                disabled={full}
                                onClick={() => addNode('follow_up', stage)}
                                data-testid={`add-follow-up-${stage}`}
                              >
                                {t('workflows.flow.addFollowUp')}
                              </Button>
                            </Space>
                          </Space>
                        ),
                      }))}
                    />
                  </div>
                );
              }}
            </Form.List>
          </Col>
          <Col xs={24} xl={10}>
            <FieldDefinitionsCard />
          </Col>
        </Row>
      </Form>
    </Space>
  );
}
