import { DeleteOutlined, EditOutlined, EyeOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Space, Switch, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DragHandle } from '../../components/SortableRows';
import type { OrderedRule, OrderedRuleActions } from './useOrderedRuleActions';

/** Column widths of an ordered-rules table (the rating rules' screen is a little wider than the others). */
export interface OrderedColumnsLayout {
  priorityWidth: number;
  /** false: the priority column is left out on a phone (the rows' order and the drag handle say it). */
  priorityOnPhone: boolean;
  nameWidth?: number;
  enabledWidth: number;
  /** The actions column: [with edit and delete, with view only]. */
  actionsWidth: [number, number];
}

export const DEFAULT_LAYOUT: OrderedColumnsLayout = {
  priorityWidth: 64,
  priorityOnPhone: false,
  enabledWidth: 70,
  actionsWidth: [100, 60],
};

export interface OrderedColumnsOptions<T extends OrderedRule> {
  /** The i18n namespace of the screen (`rules`, `alertRules`, `followUpRules`): drag, priority, name, enabled, view, deleteConfirm. */
  ns: string;
  /** The data-testid stem: `<stem>-drag`, `<stem>-row-name`, `<stem>-enabled-switch`, `<stem>-edit`, `<stem>-delete`. */
  testId: string;
  canEdit: boolean;
  actions: OrderedRuleActions<T>;
  /** The rule's conditions in words, under its name. */
  summary: (rule: T) => ReactNode;
  /** More lines under the name (the follow-up rules' target on a phone). */
  nameExtra?: (rule: T) => ReactNode;
  /** The switch's accessible name; by default `<ns>.enabledOf` with the rule's name. */
  enabledLabel?: (rule: T) => string;
  /** A second line of the delete confirmation. */
  deleteHelp?: string;
  /** The screen's own columns, between the switch and the actions. */
  columns: ColumnsType<T>;
  layout: OrderedColumnsLayout;
  onOpen: (rule: T) => void;
}

/**
 * The columns of a priority-ordered rules table: drag handle (editors), priority, name with its conditions, the
 * enabled switch, the screen's own columns, then edit and delete (or view, for readers).
 */
export function useOrderedRuleColumns<T extends OrderedRule>(options: OrderedColumnsOptions<T>): ColumnsType<T> {
  const { t } = useTranslation();
  const { ns, testId, canEdit, actions, layout, onOpen } = options;
  const { toggle, remove } = actions;
  const enabledLabel = options.enabledLabel ?? ((rule: T) => t(`${ns}.enabledOf`, { name: rule.name }));
  return [
    ...(canEdit
      ? [{ key: 'drag', width: 44, render: () => <DragHandle label={t(`${ns}.drag`)} testId={`${testId}-drag`} /> }]
      : []),
    {
      title: t(`${ns}.priority`),
      dataIndex: 'priority',
      key: 'priority',
      width: layout.priorityWidth,
      responsive: layout.priorityOnPhone ? undefined : ['sm'],
      render: (p: number) => `#${p}`,
    },
    {
      title: t(`${ns}.name`),
      key: 'name',
      width: layout.nameWidth,
      render: (_, rule) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong data-testid={`${testId}-row-name`}>
            {rule.name}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`${testId}-row-condition`}>
            {options.summary(rule)}
          </Typography.Text>
          {options.nameExtra?.(rule)}
        </Space>
      ),
    },
    {
      title: t(`${ns}.enabled`),
      dataIndex: 'enabled',
      key: 'enabled',
      width: layout.enabledWidth,
      render: (enabled: boolean, rule) => (
        <Switch
          size="small"
          checked={enabled}
          disabled={!canEdit}
          loading={toggle.isPending && toggle.variables?.id === rule.id}
          onChange={(next) => toggle.mutate({ id: rule.id, enabled: next })}
          aria-label={enabledLabel(rule)}
          data-testid={`${testId}-enabled-switch`}
        />
      ),
    },
    ...options.columns,
    {
      title: t('common.actions'),
      key: 'actions',
      width: canEdit ? layout.actionsWidth[0] : layout.actionsWidth[1],
      render: (_, rule) =>
        canEdit ? (
          <Space size={4}>
            <Tooltip title={t('common.edit')}>
              <Button
                size="small"
                icon={<EditOutlined />}
                aria-label={t('common.edit')}
                onClick={() => onOpen(rule)}
                data-testid={`${testId}-edit`}
              />
            </Tooltip>
            <Popconfirm
              title={t(`${ns}.deleteConfirm`, { name: rule.name })}
              description={options.deleteHelp}
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
                data-testid={`${testId}-delete`}
              />
            </Popconfirm>
          </Space>
        ) : (
          <Button size="small" icon={<EyeOutlined />} aria-label={t(`${ns}.view`)} onClick={() => onOpen(rule)} />
        ),
    },
  ];
}
