import { DeleteOutlined, EditOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Grid, Popconfirm, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { hasPermission } from '../../app/access';
import { useAuth } from '../../app/auth';
import { useApiError } from '../../app/useApiError';
import { ListPage } from '../../components/ListPage';
import { DragHandle, SortableRow, SortableRows, useReorder } from '../../components/SortableRows';
import { buildDepartmentTree } from '../departments/departmentsApi';
import type { Lang } from '../rules/conditionText';
import { type ConditionGroup, WORK_ORDER_PRIORITIES } from '../rules/rulesApi';
import { useServiceTypes } from '../templates/templatesApi';
import { AlertRuleDrawer } from './AlertRuleDrawer';
import { type AlertLookups, alertGroupText } from './alertConditionText';
import {
  type AlertRule,
  alertRuleKeys,
  SEVERITY_COLORS,
  useAlertFields,
  useAlertRules,
  useDepartmentsIf,
  usePoliciesIf,
  useRuleFieldsIf,
} from './alertRulesApi';
import { useEnumValues } from './useAlertBuilderFields';

/** Settings → Alert rules: the rules a rating is checked against, in evaluation order (issue 17). */
export function AlertRulesPage() {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const { session } = useAuth();
  // The server's write permission of /alert-rules (sla.write); readers see the rules.
  const canEdit = hasPermission(session?.user.roles, 'sla.write');
  const phone = Grid.useBreakpoint().sm === false;
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const rules = useAlertRules();
  const fields = useAlertFields();
  const roles = session?.user.roles;
  const meta = useRuleFieldsIf(hasPermission(roles, 'rules.read'));
  const policies = usePoliciesIf(hasPermission(roles, 'sla.read'));
  const serviceTypes = useServiceTypes();
  const departments = useDepartmentsIf(hasPermission(roles, 'org.read'));
  const departmentTree = useMemo(() => buildDepartmentTree(departments.data ?? []), [departments.data]);
  const enumValues = useEnumValues();
  const [editing, setEditing] = useState<AlertRule | null | undefined>(undefined);

  const lookups: AlertLookups = useMemo(
    () => ({
      serviceTypes: new Map((serviceTypes.data ?? []).map((st) => [st.id, st.name])),
      departments: new Map((departments.data ?? []).map((d) => [d.id, d.name])),
      priorities: Object.fromEntries(WORK_ORDER_PRIORITIES.map((p) => [p, t(`rules.priorities.${p}`)])),
      empty: t('rules.dryRun.emptyValue'),
      and: t('rules.conditions.and'),
      or: t('rules.conditions.or'),
      not: t('rules.conditions.not'),
      enumValues,
      yes: t('alertRules.yes'),
      no: t('alertRules.no'),
    }),
    [serviceTypes.data, departments.data, t, enumValues],
  );
  const policyName = (id: string | null) => {
    if (id === null) return t('alertRules.defaultPolicy');
    if (policies.isLoading) return '…';
    return policies.data?.items.find((p) => p.id === id)?.name ?? t('alertRules.otherPolicy');
  };

  const reorder = useReorder<AlertRule>(
    alertRuleKeys.all,
    (ids) => ok(client.POST('/alert-rules/reorder', { body: { ids } })),
    t('alertRules.reordered'),
  );

  const toggle = useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
      ok(client.PATCH('/alert-rules/{id}', { params: { path: { id } }, body: { enabled } })),
    onSuccess: (updated) => {
      queryClient.setQueryData<AlertRule[]>(alertRuleKeys.all, (old) =>
        old?.map((rule) => (rule.id === updated.id ? updated : rule)),
      );
    },
    onError: (error) => onError(error),
  });

  const remove = useMutation({
    mutationFn: (id: string) => ok(client.DELETE('/alert-rules/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      message.success(t('common.deleted'));
      await queryClient.invalidateQueries({ queryKey: alertRuleKeys.all });
    },
    onError: (error) => onError(error),
  });

  const items = rules.data ?? [];

  const notifyText = (notify: AlertRule['notify']) => {
    const parts = [
      ...(notify.responsibleManager ? [t('alertRules.notify.responsibleManagerShort')] : []),
      ...(notify.managementChain ? [t('alertRules.notify.managementChainShort')] : []),
      ...(notify.employeeIds.length
        ? [t('alertRules.notify.employeesCount', { count: notify.employeeIds.length })]
        : []),
    ];
    return parts.length ? parts.join(lang === 'en' ? ', ' : '、') : t('alertRules.notify.nobody');
  };

  const columns: ColumnsType<AlertRule> = [
    ...(canEdit
      ? [{ key: 'drag', width: 44, render: () => <DragHandle label={t('alertRules.drag')} testId="alert-rule-drag" /> }]
      : []),
    {
      title: t('alertRules.priority'),
      dataIndex: 'priority',
      key: 'priority',
      width: 64,
      // On a phone the rows' order (and the drag handle) says it; the switch and severity get the room.
      responsive: ['sm'],
      render: (p: number) => `#${p}`,
    },
    {
      title: t('alertRules.name'),
      key: 'name',
      width: phone ? 170 : 320,
      render: (_, rule) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong data-testid="alert-rule-row-name">
            {rule.name}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="alert-rule-row-condition">
            {alertGroupText(fields.data, meta.data, rule.condition as ConditionGroup, lang, lookups) ??
              t('alertRules.matchesAll')}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('alertRules.enabled'),
      dataIndex: 'enabled',
      key: 'enabled',
      width: 70,
      render: (enabled: boolean, rule) => (
        <Switch
          size="small"
          checked={enabled}
          disabled={!canEdit}
          loading={toggle.isPending && toggle.variables?.id === rule.id}
          onChange={(next) => toggle.mutate({ id: rule.id, enabled: next })}
          aria-label={t('alertRules.enabledOf', { name: rule.name })}
          data-testid="alert-rule-enabled-switch"
        />
      ),
    },
    {
      title: t('alertRules.severity'),
      dataIndex: 'severity',
      key: 'severity',
      width: 90,
      render: (severity: AlertRule['severity']) => (
        <Tag color={SEVERITY_COLORS[severity]} data-testid="alert-rule-row-severity">
          {t(`cases.severity.${severity}`)}
        </Tag>
      ),
    },
    {
      title: t('alertRules.openCase'),
      key: 'case',
      width: 170,
      render: (_, rule) =>
        rule.openCase ? (
          <Space orientation="vertical" size={0}>
            <Typography.Text data-testid="alert-rule-row-case">{t('alertRules.opensCase')}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('alertRules.slaPolicyShort', { name: policyName(rule.slaPolicyId) })}
            </Typography.Text>
          </Space>
        ) : (
          <Typography.Text type="secondary" data-testid="alert-rule-row-case">
            {t('alertRules.alertOnly')}
          </Typography.Text>
        ),
    },
    {
      title: t('alertRules.notify.title'),
      key: 'notify',
      render: (_, rule) => (
        <Space size={4} wrap>
          {notifyText(rule.notify)}
          {rule.stopAfterMatch ? <Tag>{t('alertRules.stops')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: canEdit ? 100 : 60,
      render: (_, rule) =>
        canEdit ? (
          <Space size={4}>
            <Tooltip title={t('common.edit')}>
              <Button
                size="small"
                icon={<EditOutlined />}
                aria-label={t('common.edit')}
                onClick={() => setEditing(rule)}
                data-testid="alert-rule-edit"
              />
            </Tooltip>
            <Popconfirm
              title={t('alertRules.deleteConfirm', { name: rule.name })}
              description={t('alertRules.deleteHelp')}
              okText={t('common.delete')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() => remove.mutate(rule.id)}
            >
              <Button
                size="small"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('common.delete')}
                data-testid="alert-rule-delete"
              />
            </Popconfirm>
          </Space>
        ) : (
          <Button
            size="small"
            icon={<EyeOutlined />}
            aria-label={t('alertRules.view')}
            onClick={() => setEditing(rule)}
          />
        ),
    },
  ];

  return (
    // The drag-and-drop contexts wrap the scaffold: its table's rows are the sortable items.
    <SortableRows ids={items.map((rule) => rule.id)} onReorder={(ids) => reorder.mutate(ids)}>
      <ListPage<AlertRule>
        title={t('nav.alertRules')}
        actions={
          canEdit ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing(null)}
              data-testid="add-alert-rule"
            >
              {t('alertRules.add')}
            </Button>
          ) : null
        }
        toolbar={
          <Typography.Paragraph type="secondary">
            {canEdit ? t('alertRules.intro') : t('alertRules.introReadOnly')}
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
        tableTestId="alert-rules-table"
        testIdPrefix="alert-rules"
        emptyText={canEdit ? t('alertRules.empty') : t('alertRules.emptyReadOnly')}
        table={{
          rowKey: 'id',
          components: canEdit ? { body: { row: SortableRow } } : undefined,
          columns,
          scroll: { x: 1000 },
        }}
      >
        <AlertRuleDrawer
          open={editing !== undefined}
          rule={editing ?? null}
          summary={
            editing
              ? (alertGroupText(fields.data, meta.data, editing.condition as ConditionGroup, lang, lookups) ??
                t('alertRules.matchesAll'))
              : null
          }
          fields={fields.data}
          meta={meta.data}
          policies={policies.data?.items ?? []}
          policiesLoading={policies.isLoading}
          serviceTypes={serviceTypes.data ?? []}
          departmentTree={departmentTree}
          readOnly={!canEdit}
          onClose={() => setEditing(undefined)}
        />
      </ListPage>
    </SortableRows>
  );
}
