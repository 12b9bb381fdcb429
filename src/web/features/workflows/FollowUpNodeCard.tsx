import { Alert, Card, Col, Form, Input, Radio, Row, Select, Space, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { inputLimit } from '../../components/inputLimit';
import { buildDepartmentTree, useDepartments } from '../departments/departmentsApi';
import { FollowUpAgentSelect } from '../follow-up-rules/FollowUpAgentSelect';
import { GroupStrategyRadio, GroupTreeSelect } from '../follow-up-rules/FollowUpTargetFields';
import { FollowUpTimingFields } from '../follow-up-rules/FollowUpTimingFields';
import { NodeBasics, RemoveNodeButton } from './NodeBasics';
import type { TemplateOptions } from './useTemplateOptions';
import type { WorkflowFormValues } from './workflowForm';

/** The two labels (zh-CN, en) of one of the follow-up node's buttons. */
function LabelPair({ name, field, testId }: { name: number; field: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <Row gutter={16}>
      {(['zh-CN', 'en'] as const).map((lang) => {
        const label = t(`workflows.followUp.${field}.${lang === 'en' ? 'en' : 'zh'}`);
        return (
          <Col xs={24} sm={12} key={lang}>
            <Form.Item
              name={[name, field, lang]}
              label={label}
              rules={[{ required: true, whitespace: true, message: t('workflows.required') }]}
            >
              <Input {...inputLimit(40)} aria-label={label} data-testid={`${testId}-${lang === 'en' ? 'en' : 'zh'}`} />
            </Form.Item>
          </Col>
        );
      })}
    </Row>
  );
}

/**
 * A follow-up node of the workflow editor (stored and validated; the follow-up issue acts on it): key and stage, its
 * mode and assignee, and the labels of its two buttons — the main one and "send back for rework".
 */
export function FollowUpNodeCard({
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
  const departmentId = Form.useWatch(['nodes', name, 'departmentId'], form);
  const departments = useDepartments();
  const tree = useMemo(() => buildDepartmentTree(departments.data ?? []), [departments.data]);
  return (
    <Card
      size="small"
      title={
        <Space>
          <Tag color="purple">{number}</Tag>
          {t('workflows.followUp.title')}
        </Space>
      }
      extra={<RemoveNodeButton onRemove={onRemove} />}
      data-testid="follow-up-node"
    >
      <NodeBasics name={name} />
      <Form.Item name={[name, 'mode']} label={t('workflows.followUp.mode')}>
        <Radio.Group aria-label={t('workflows.followUp.mode')}>
          <Radio value="standard">{t('workflows.followUp.modes.standard')}</Radio>
          <Radio value="rule">{t('workflows.followUp.modes.rule')}</Radio>
        </Radio.Group>
      </Form.Item>
      {mode === 'standard' ? (
        <>
          <Form.Item name={[name, 'agentId']} label={t('workflows.followUp.agent')}>
            <FollowUpAgentSelect aria-label={t('workflows.followUp.agent')} data-testid="follow-up-agent" />
          </Form.Item>
          <Form.Item
            name={[name, 'departmentId']}
            label={t('workflows.followUp.roundRobin')}
            extra={t('workflows.followUp.roundRobinHelp')}
          >
            <GroupTreeSelect aria-label={t('workflows.followUp.roundRobin')} allowClear treeData={tree} />
          </Form.Item>
          {departmentId ? (
            <Form.Item name={[name, 'groupStrategy']} label={t('workflows.followUp.groupStrategy')}>
              <GroupStrategyRadio
                aria-label={t('workflows.followUp.groupStrategy')}
                data-testid="follow-up-group-strategy"
              />
            </Form.Item>
          ) : null}
          <Form.Item name={[name, 'templateId']} label={t('workflows.followUp.template')}>
            <Select aria-label={t('workflows.followUp.template')} allowClear options={templates.options} />
          </Form.Item>
          <FollowUpTimingFields
            ns="workflows.followUp"
            listIndex={name}
            hours={t('workflows.followUp.hours')}
            testIds={{ onlyIfUnratedHours: 'follow-up-unrated-hours', dueHours: 'follow-up-due-hours' }}
          />
        </>
      ) : (
        <Typography.Paragraph type="secondary" data-testid="follow-up-rule-hint">
          {t('workflows.followUp.ruleHint')}{' '}
          <Link to="/rating/follow-up-rules" data-testid="follow-up-rules-link">
            {t('workflows.followUp.rulesLink')}
          </Link>
        </Typography.Paragraph>
      )}
      <LabelPair name={name} field="mainButtonLabel" testId="follow-up-main-label" />
      <LabelPair name={name} field="sendBackButtonLabel" testId="follow-up-send-back-label" />
      <Alert type="info" showIcon title={t('workflows.followUp.pluginHint')} />
    </Card>
  );
}
