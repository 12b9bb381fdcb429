import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { ListPage } from '../../components/ListPage';
import { selectAllTitle } from '../../components/selectAllTitle';
import { useListState } from '../../components/useListState';
import { BulkActionBar } from './BulkActionBar';
import { BulkResultModal } from './BulkResultModal';
import { SavedViewsMenu } from './SavedViewsMenu';
import { useBulkActions } from './useBulkActions';
import { useWorkOrderColumns } from './useWorkOrderColumns';
import { WorkOrderFilters } from './WorkOrderFilters';
import { WorkOrderFormDrawer } from './WorkOrderFormDrawer';
import { WorkOrderImportModal } from './WorkOrderImportModal';
import {
  type WorkOrderFilters as Filters,
  filtersToQuery,
  usePermissions,
  WORK_ORDER_SORTS,
  type WorkOrder,
  type WorkOrderSort,
  workOrderFiltersUrl,
  workOrderKeys,
} from './workOrdersApi';

const PAGE_SIZE = 20;

/** The work-order list: filters, saved views, sort and page in the URL; bulk actions on the selected rows. */
export function WorkOrdersPage() {
  const { t } = useTranslation();
  const can = usePermissions();
  const canWrite = can('work_orders.write');
  const state = useListState<Filters, WorkOrderSort>({
    filters: workOrderFiltersUrl,
    sort: { values: WORK_ORDER_SORTS, default: '-createdAt' },
  });
  const { filters, sort, pages } = state;
  const [selected, setSelected] = useState<string[]>([]);
  const [creating, setCreating] = useState(false);
  const [importOpen, setImportOpen] = useState(false);

  const query = { ...filtersToQuery(filters), sort, limit: PAGE_SIZE, cursor: pages.cursor };
  const list = useQuery({
    queryKey: workOrderKeys.list(query),
    queryFn: () => ok(client.GET('/work-orders', { params: { query } })),
    placeholderData: keepPreviousData,
  });

  // Another question (filters or sort) starts a new selection.
  const question = JSON.stringify([filtersToQuery(filters), sort]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `question` is the trigger
  useEffect(() => setSelected([]), [question]);

  const numberOf = (id: string) => list.data?.items.find((item) => item.id === id)?.number ?? id;
  const { bulk, setBulk, bulkBusy, sendInvitations, changeStatus } = useBulkActions({ selected, numberOf });
  const columns = useWorkOrderColumns();

  return (
    <ListPage<WorkOrder, WorkOrderSort>
      title={t('nav.workOrders')}
      actions={
        canWrite ? (
          <>
            <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)} data-testid="import-work-orders">
              {t('import.open')}
            </Button>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="add-work-order"
            >
              {t('workOrders.add')}
            </Button>
          </>
        ) : null
      }
      filters={<WorkOrderFilters filters={filters} update={state.update} />}
      toolbar={
        <>
          <SavedViewsMenu filters={filters} filtered={state.filtered} setFilters={state.setFilters} />
          {selected.length > 0 && canWrite ? (
            <BulkActionBar
              count={selected.length}
              busy={bulkBusy}
              onSend={() => void sendInvitations()}
              onStatus={(status) => void changeStatus(status)}
              onClear={() => setSelected([])}
            />
          ) : null}
        </>
      }
      query={list}
      pages={pages}
      pageSize={PAGE_SIZE}
      tableTestId="work-orders-table"
      testIdPrefix="work-orders"
      emptyText={state.filtered ? t('workOrders.emptyFiltered') : t('workOrders.empty')}
      sort={{ value: sort, onChange: state.setSort }}
      table={{
        rowKey: 'id',
        columns,
        scroll: { x: 1480 },
        rowSelection: canWrite
          ? {
              selectedRowKeys: selected,
              preserveSelectedRowKeys: true,
              columnTitle: selectAllTitle,
              onChange: (keys) => setSelected(keys.map(String)),
            }
          : undefined,
      }}
    >
      <WorkOrderFormDrawer open={creating} onClose={() => setCreating(false)} />
      <WorkOrderImportModal open={importOpen} onClose={() => setImportOpen(false)} />
      <BulkResultModal
        open={bulk !== null}
        title={bulk?.title ?? ''}
        rows={bulk?.rows ?? []}
        onClose={() => {
          setBulk(null);
          setSelected([]);
        }}
      />
    </ListPage>
  );
}
