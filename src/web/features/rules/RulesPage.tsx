import { DeleteOutlined, EditOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Popconfirm, Row, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { isAdmin } from '../../app/access';
import { useAuth } from '../../app/auth';
import { useApiError } from '../../app/useApiError';
import { ListPage } from '../../components/ListPage';
import { DragHandle, SortableRow, SortableRows, useReorder } from '../../components/SortableRows';
import { buildDepartmentTree, useDepartments } from '../departments/departmentsApi';
import { useServiceTypes } from '../templates/templatesApi';
import { groupText, type Lang, type Lookups } from './conditionText';
import { DryRunPanel } from './DryRunPanel';
import { RatingDefaultsCard } from './RatingDefaultsCard';
import { RuleDrawer } from './RuleDrawer';
import { type RatingRule, ruleKeys, useRuleFields, useRules, WORK_ORDER_PRIORITIES } from './rulesApi';

export function RulesPage() {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const { session } = useAuth();
  const canEdit = isAdmin(session?.user.roles);
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const rules = useRules();
  const meta = useRuleFields();
  const serviceTypes = useServiceTypes();
  const departments = useDepartments();
  const departmentTree = useMemo(() => buildDepartmentTree(departments.data ?? []), [departments.data]);
  const [editing, setEditing] = useState<RatingRule | null | undefined>(undefined);

  const lookups: Lookups = useMemo(
    () => ({
      serviceTypes: new Map((serviceTypes.data ?? []).map((st) => [st.id, st.name])),
      departments: new Map((departments.data ?? []).map((d) => [d.id, d.name])),
      priorities: Object.fromEntries(WORK_ORDER_PRIORITIES.map((p) => [p, t(`rules.priorities.${p}`)])),
      empty: t('rules.dryRun.emptyValue'),
      and: t('rules.conditions.and'),
      or: t('rules.conditions.or'),
      not: t('rules.conditions.not'),
    }),
    [serviceTypes.data, departments.data, t],
  );

  const reorder = useReorder<RatingRule>(
    ruleKeys.all,
    (ids) => ok(client.POST('/rating-rules/reorder', { body: { ids } })),
    t('rules.reordered'),
  );

  const toggle = useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
      ok(client.PATCH('/rating-rules/{id}', { params: { path: { id } }, body: { enabled } })),
    onSuccess: (updated) => {
      queryClient.setQueryData<RatingRule[]>(ruleKeys.all, (old) =>
        old?.map((rule) => (rule.id === updated.id ? updated : rule)),
      );
    },
    onError: (error) => onError(error),
  });

  const remove = useMutation({
    mutationFn: (id: string) => ok(client.DELETE('/rating-rules/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      message.success(t('common.deleted'));
      await queryClient.invalidateQueries({ queryKey: ruleKeys.all });
    },
    onError: (error) => onError(error),
  });

  const items = rules.data ?? [];

  const columns: ColumnsType<RatingRule> = [
    ...(canEdit
      ? [{ key: 'drag', width: 44, render: () => <DragHandle label={t('rules.drag')} testId="rule-drag" /> }]
      : []),
    { title: t('rules.priority'), dataIndex: 'priority', key: 'priority', width: 70, render: (p: number) => `#${p}` },
    {
      title: t('rules.name'),
      key: 'name',
      render: (_, rule) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{rule.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {groupText(meta.data, rule.conditions, lang, lookups) ?? t('rules.conditions.matchesAll')}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('rules.enabled'),
      dataIndex: 'enabled',
      key: 'enabled',
      width: 90,
      render: (enabled: boolean, rule) => (
        <Switch
          size="small"
          checked={enabled}
          disabled={!canEdit}
          loading={toggle.isPending && toggle.variables?.id === rule.id}
          onChange={(next) => toggle.mutate({ id: rule.id, enabled: next })}
          aria-label={t('rules.enabled')}
          data-testid="rule-enabled-switch"
        />
      ),
    },
    { title: t('rules.template'), dataIndex: 'templateName', key: 'template' },
    {
      title: t('rules.channelsLabel'),
      dataIndex: 'channels',
      key: 'channels',
      render: (channels: RatingRule['channels']) =>
        channels.length ? (
          channels.map((channel, index) => (
            <Tag key={channel}>
              {index + 1}. {t(`rules.channels.${channel}`)}
            </Tag>
          ))
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: t('rules.policy'),
      dataIndex: 'deliveryPolicy',
      key: 'policy',
      render: (policy: RatingRule['deliveryPolicy'], rule) => (
        <Space size={4} wrap>
          {t(`rules.policies.${policy}`)}
          {rule.mandatory ? <Tag color="red">{t('rules.mandatory')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: canEdit ? 110 : 70,
      render: (_, rule) =>
        canEdit ? (
          <Space size={4}>
            <Tooltip title={t('common.edit')}>
              <Button
                size="small"
                icon={<EditOutlined />}
                aria-label={t('common.edit')}
                onClick={() => setEditing(rule)}
                data-testid="rule-edit"
              />
            </Tooltip>
            <Popconfirm
              title={t('rules.deleteConfirm', { name: rule.name })}
              okText={t('common.delete')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() => remove.mutate(rule.id)}
            >
              <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
            </Popconfirm>
          </Space>
        ) : (
          <Button size="small" icon={<EyeOutlined />} aria-label={t('rules.view')} onClick={() => setEditing(rule)} />
        ),
    },
  ];

  return (
    // The drag-and-drop contexts wrap the scaffold: its table's rows are the sortable items.
    <SortableRows ids={items.map((rule) => rule.id)} onReorder={(ids) => reorder.mutate(ids)}>
      <ListPage<RatingRule>
        title={t('nav.rules')}
        actions={
          canEdit ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="add-rule">
              {t('rules.add')}
            </Button>
          ) : null
        }
        toolbar={
          <Typography.Paragraph type="secondary">
            {canEdit ? t('rules.intro') : t('rules.introReadOnly')}
          </Typography.Paragraph>
        }
        query={{
          data: { items },
          isError: rules.isError,
          error: rules.error,
          isFetching: rules.isLoading || reorder.isPending,
          isPlaceholderData: false,
          refetch: () => rules.refetch(),
        }}
        tableTestId="rules-table"
        testIdPrefix="rules"
        emptyText={t('rules.empty')}
        table={{
          rowKey: 'id',
          components: canEdit ? { body: { row: SortableRow } } : undefined,
          columns,
          scroll: { x: 900 },
        }}
      >
        <Row gutter={[24, 24]}>
          <Col xs={24} xl={14}>
            <DryRunPanel
              meta={meta.data}
              rules={items}
              serviceTypes={serviceTypes.data ?? []}
              departmentTree={departmentTree}
              lookups={lookups}
            />
          </Col>
          <Col xs={24} xl={10}>
            <RatingDefaultsCard
              serviceTypes={serviceTypes.data ?? []}
              serviceTypesLoading={serviceTypes.isLoading}
              canEdit={canEdit}
            />
          </Col>
        </Row>
        <RuleDrawer
          open={editing !== undefined}
          rule={editing ?? null}
          meta={meta.data}
          serviceTypes={serviceTypes.data ?? []}
          departmentTree={departmentTree}
          readOnly={!canEdit}
          onClose={() => setEditing(undefined)}
        />
      </ListPage>
    </SortableRows>
  );
}
