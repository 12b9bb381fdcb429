import { PlusOutlined } from '@ant-design/icons';
import { Button, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListPage } from '../../components/ListPage';
import { SortableRow, SortableRows } from '../../components/SortableRows';
import type { RuleDrawerState } from './ruleDrawerProps';
import { type OrderedRule, type OrderedRuleRequests, useOrderedRuleActions } from './useOrderedRuleActions';
import { DEFAULT_LAYOUT, type OrderedColumnsOptions, useOrderedRuleColumns } from './useOrderedRuleColumns';

/** What the page reads of the rules' query (`useQuery` over the whole list in priority order). */
interface RulesQuery<T> {
  data: T[] | undefined;
  isError: boolean;
  error: unknown;
  isLoading: boolean;
  refetch: () => unknown;
}

interface Props<T extends OrderedRule> extends Omit<OrderedColumnsOptions<T>, 'layout' | 'onOpen' | 'actions'> {
  /** The list's reorder, enable/disable and delete requests. */
  requests: OrderedRuleRequests<T>;
  title: string;
  rules: RulesQuery<T>;
  emptyText: string;
  layout?: Partial<OrderedColumnsOptions<T>['layout']>;
  scroll?: { x: number };
  /** The rule drawer, opened on a rule to edit or view, or on none for a new rule. */
  drawer: (state: RuleDrawerState<T>) => ReactNode;
  /** Below the table: the dry run. */
  children?: ReactNode;
}

/**
 * A screen of priority-ordered rules (rating, alert and follow-up rules): the list evaluated from the top, put in
 * order by dragging, each rule switched on or off, edited or deleted (editors) or viewed (readers), with an add
 * button, the screen's intro (`<ns>.add`, `<ns>.intro`, `<ns>.introReadOnly`, `<ns>.reordered` are the words;
 * `add-<stem>`, `<stem>s-table` the test ids) and the screen's drawer.
 */
export function OrderedRulesPage<T extends OrderedRule>(props: Props<T>) {
  const { t } = useTranslation();
  const { ns, testId, canEdit, rules } = props;
  const actions = useOrderedRuleActions(props.requests);
  // The rule in the drawer: undefined = closed, null = a new rule.
  const [editing, setEditing] = useState<T | null | undefined>(undefined);
  const columns = useOrderedRuleColumns<T>({
    ...props,
    actions,
    layout: { ...DEFAULT_LAYOUT, ...props.layout },
    onOpen: setEditing,
  });
  const items = rules.data ?? [];
  return (
    // The drag-and-drop contexts wrap the scaffold: its table's rows are the sortable items.
    <SortableRows ids={items.map((rule) => rule.id)} onReorder={(ids) => actions.reorder.mutate(ids)}>
      <ListPage<T>
        title={props.title}
        actions={
          canEdit ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing(null)}
              data-testid={`add-${testId}`}
            >
              {t(`${ns}.add`)}
            </Button>
          ) : null
        }
        toolbar={
          <Typography.Paragraph type="secondary">
            {canEdit ? t(`${ns}.intro`) : t(`${ns}.introReadOnly`)}
          </Typography.Paragraph>
        }
        query={{
          data: { items },
          isError: rules.isError,
          error: rules.error,
          isFetching: rules.isLoading || actions.reorder.isPending,
          isPlaceholderData: false,
          refetch: () => rules.refetch(),
        }}
        tableTestId={`${testId}s-table`}
        testIdPrefix={`${testId}s`}
        emptyText={props.emptyText}
        table={{
          rowKey: 'id',
          components: canEdit ? { body: { row: SortableRow } } : undefined,
          columns,
          scroll: props.scroll,
        }}
      >
        {props.children}
        {props.drawer({
          open: editing !== undefined,
          rule: editing ?? null,
          readOnly: !canEdit,
          onClose: () => setEditing(undefined),
        })}
      </ListPage>
    </SortableRows>
  );
}
