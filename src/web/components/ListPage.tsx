import { Card, Empty, Flex, Space, Table, type TableProps, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import type { ReactNode } from 'react';
import { ApiError } from '../app/api';
import { CursorPager, type CursorPages } from './CursorPager';
import { ErrorState } from './ErrorState';

/** What the scaffold reads of a list query (a TanStack `useQuery` result over a `{ items, nextCursor }` page). */
export interface ListQuery<Row> {
  data: { items: Row[]; nextCursor?: string | null; total?: number } | undefined;
  isError: boolean;
  error: unknown;
  isFetching: boolean;
  isPlaceholderData: boolean;
  refetch: () => unknown;
}

/** A server sort: `key` ascending, `-key` descending, for the columns declared with `sorter: true`. */
export interface ListSort<S extends string> {
  value: S | undefined;
  onChange(next: S | undefined): void;
}

export interface ListPageProps<Row extends object, S extends string> {
  title: ReactNode;
  /** Buttons on the title row (add, import). */
  actions?: ReactNode;
  /** Between the title row and the list's card: a summary of the list (the cases' overview). */
  intro?: ReactNode;
  /** The filter controls, laid out in a wrapping row. */
  filters?: ReactNode;
  /** Between the filters and the table: saved views, a bulk-action bar. */
  toolbar?: ReactNode;
  query: ListQuery<Row>;
  /** The page position (`useListState().pages`); without it the list is shown unpaged. */
  pages?: CursorPages;
  pageSize?: number;
  /** data-testid of the table; the pager's buttons are `<testIdPrefix>-prev` / `-next`. */
  tableTestId: string;
  testIdPrefix: string;
  emptyText: string;
  sort?: ListSort<S>;
  table: Omit<TableProps<Row>, 'dataSource' | 'loading' | 'pagination' | 'locale' | 'onChange'>;
  /** Drawers and modals of the page. */
  children?: ReactNode;
}

function isBadCursor(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status === 400 &&
    (error.problem.errors ?? []).some((e) => e.path === 'query.cursor')
  );
}

/**
 * The layout every console list shares: title and actions, a card with the filter bar, the antd Table with its
 * loading, empty and error states, server sorting on `sorter: true` columns, and the cursor pager. Pair it with
 * `useListState` so filters, sort and page live in the URL.
 */
export function ListPage<Row extends object, S extends string = never>(props: ListPageProps<Row, S>) {
  const {
    title,
    actions,
    intro,
    filters,
    toolbar,
    query,
    pages,
    pageSize,
    tableTestId,
    testIdPrefix,
    emptyText,
    sort,
  } = props;
  const columns = sort
    ? props.table.columns?.map((column) =>
        column.sorter === true && column.key !== undefined
          ? {
              ...column,
              sortOrder:
                sort.value === String(column.key)
                  ? ('ascend' as const)
                  : sort.value === `-${String(column.key)}`
                    ? ('descend' as const)
                    : null,
            }
          : column,
      )
    : props.table.columns;
  const onChange: TableProps<Row>['onChange'] = (_pagination, _filters, sorter, extra) => {
    if (!sort || extra.action !== 'sort') return;
    const one = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<Row> | undefined;
    const key = one?.columnKey === undefined ? undefined : String(one.columnKey);
    if (!key || !one?.order) sort.onChange(undefined);
    else sort.onChange((one.order === 'ascend' ? key : `-${key}`) as S);
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {actions ? <Space wrap>{actions}</Space> : null}
      </Flex>
      {intro}
      <Card>
        {filters ? (
          <Flex wrap gap={12} style={{ marginBottom: 16 }} data-testid={`${testIdPrefix}-filters`}>
            {filters}
          </Flex>
        ) : null}
        {toolbar}
        {query.isError ? (
          <ErrorState
            error={query.error}
            // A cursor the server refuses (an edited link) cannot be retried: start again from the first page.
            onRetry={() => (pages && isBadCursor(query.error) ? pages.reset() : void query.refetch())}
          />
        ) : (
          <>
            <Table<Row>
              {...props.table}
              data-testid={tableTestId}
              columns={columns}
              size={props.table.size ?? 'middle'}
              loading={query.isFetching}
              dataSource={query.data?.items ?? []}
              pagination={false}
              onChange={onChange}
              locale={{ emptyText: <Empty description={emptyText} /> }}
            />
            {pages ? (
              <CursorPager
                pages={pages}
                nextCursor={query.data?.nextCursor}
                stale={query.isPlaceholderData}
                testIdPrefix={testIdPrefix}
                total={query.data?.total}
                pageSize={pageSize}
              />
            ) : null}
          </>
        )}
      </Card>
      {props.children}
    </Space>
  );
}
