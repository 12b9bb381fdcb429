import {
  DeleteOutlined,
  DownOutlined,
  PlusOutlined,
  SaveOutlined,
  SendOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  DatePicker,
  Dropdown,
  Empty,
  Flex,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  TreeSelect,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client, ok } from '../../api/client';
import { ApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { useFormatDate } from '../../app/format';
import { EmployeeSelect } from '../../components/EmployeeSelect';
import { ErrorState } from '../../components/ErrorState';
import { buildDepartmentTree, useDepartments } from '../departments/departmentsApi';
import { useServiceTypes } from '../templates/templatesApi';
import { BulkResultModal, type BulkRow } from './BulkResultModal';
import { deleteView, loadViews, type SavedView, saveView } from './savedViews';
import { WorkOrderFormDrawer } from './WorkOrderFormDrawer';
import { WorkOrderImportModal } from './WorkOrderImportModal';
import {
  filtersToQuery,
  hasFilters,
  NODE_STATUS_COLORS,
  STATUS_COLORS,
  usePermissions,
  WORK_ORDER_STATUSES,
  WORK_ORDERS_KEY,
  type WorkOrder,
  type WorkOrderFilters,
  type WorkOrderStatus,
} from './workOrdersApi';

const PAGE_SIZE = 20;

export function WorkOrdersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formatDate = useFormatDate();
  const { session } = useAuth();
  const userId = session?.user.id ?? 'anonymous';
  const can = usePermissions();
  const canWrite = can('work_orders.write');
  const queryClient = useQueryClient();
  const departments = useDepartments();
  const departmentTree = useMemo(() => buildDepartmentTree(departments.data ?? []), [departments.data]);
  const serviceTypes = useServiceTypes();

  const [filters, setFilters] = useState<WorkOrderFilters>({});
  const [searchText, setSearchText] = useState('');
  // Keyset pages: the cursor of each page visited so far (page 1 has none).
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [pageIndex, setPageIndex] = useState(0);
  const [selected, setSelected] = useState<string[]>([]);
  const [views, setViews] = useState<SavedView[]>(() => loadViews(userId));
  const [currentView, setCurrentView] = useState<string | undefined>(undefined);
  const [saveOpen, setSaveOpen] = useState(false);
  const [viewName, setViewName] = useState('');
  const [creating, setCreating] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [bulk, setBulk] = useState<{ title: string; rows: BulkRow[] } | null>(null);
  const [bulkBusy, setBulkBusy] = useState(false);

  const list = useQuery({
    queryKey: [...WORK_ORDERS_KEY, 'list', filters, cursors[pageIndex]],
    queryFn: () =>
      ok(
        client.GET('/work-orders', {
          params: { query: { ...filtersToQuery(filters), limit: PAGE_SIZE, cursor: cursors[pageIndex] } },
        }),
      ),
    placeholderData: keepPreviousData,
  });

  const applyFilters = (next: WorkOrderFilters, viewNameToShow?: string) => {
    setFilters(next);
    setSearchText(next.q ?? '');
    setCursors([undefined]);
    setPageIndex(0);
    setSelected([]);
    setCurrentView(viewNameToShow);
  };
  const update = (patch: Partial<WorkOrderFilters>) => applyFilters({ ...filters, ...patch });
  const filtered = hasFilters(filters);

  const goNext = () => {
    const next = list.data?.nextCursor;
    if (!next) return;
    setCursors((old) => [...old.slice(0, pageIndex + 1), next]);
    setPageIndex(pageIndex + 1);
  };

  const numberOf = (id: string) => list.data?.items.find((item) => item.id === id)?.number ?? id;

  const sendInvitations = async () => {
    setBulkBusy(true);
    try {
      const result = await ok(client.POST('/work-orders/bulk/send-invitations', { body: { ids: selected } }));
      setBulk({
        title: t('workOrders.bulk.sendTitle'),
        rows: result.results.map((row) => ({
          id: row.id,
          number: numberOf(row.id),
          ok: row.ok,
          detail: row.error?.detail ?? null,
        })),
      });
      await queryClient.invalidateQueries({ queryKey: WORK_ORDERS_KEY });
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : t('errors.generic'));
    } finally {
      setBulkBusy(false);
    }
  };

  // There is no bulk status endpoint: one PATCH per work order, each result reported.
  const changeStatus = async (status: WorkOrderStatus) => {
    setBulkBusy(true);
    const rows: BulkRow[] = [];
    for (const id of selected) {
      try {
        await ok(client.PATCH('/work-orders/{id}', { params: { path: { id } }, body: { status } }));
        rows.push({ id, number: numberOf(id), ok: true, detail: null });
      } catch (error) {
        rows.push({
          id,
          number: numberOf(id),
          ok: false,
          detail: error instanceof Error ? error.message : t('errors.generic'),
        });
      }
    }
    setBulkBusy(false);
    setBulk({ title: t('workOrders.bulk.statusTitle', { status: t(`workOrders.status.${status}`) }), rows });
    await queryClient.invalidateQueries({ queryKey: WORK_ORDERS_KEY });
  };

  const columns: ColumnsType<WorkOrder> = [
    {
      title: t('workOrders.number'),
      dataIndex: 'number',
      key: 'number',
      width: 170,
      fixed: 'left',
      render: (number: string, row) => (
        <Link to={`/work-orders/${row.id}`} data-testid="work-order-link">
          {number}
        </Link>
      ),
    },
    { title: t('workOrders.subject'), dataIndex: 'subject', key: 'subject', ellipsis: true, width: 220 },
    {
      title: t('workOrders.statusLabel'),
      dataIndex: 'status',
      key: 'status',
      width: 100,
      render: (status: WorkOrderStatus) => (
        <Tag color={STATUS_COLORS[status]} data-testid="work-order-status">
          {t(`workOrders.status.${status}`)}
        </Tag>
      ),
    },
    {
      title: t('workOrders.nodes.types.rating'),
      key: 'ratingNode',
      width: 110,
      render: (_: unknown, wo: WorkOrder) =>
        wo.ratingNode ? (
          <Tooltip title={wo.ratingNode.reason ? t(`workOrders.nodes.reasons.${wo.ratingNode.reason}`) : undefined}>
            <Tag color={NODE_STATUS_COLORS[wo.ratingNode.status]} data-testid="work-order-rating">
              {t(`workOrders.nodes.statuses.${wo.ratingNode.status}`)}
            </Tag>
          </Tooltip>
        ) : (
          '—'
        ),
    },
    {
      title: t('workOrders.serviceType'),
      key: 'serviceType',
      width: 130,
      render: (_, row) => row.serviceType.name,
    },
    {
      title: t('workOrders.customer'),
      key: 'customer',
      width: 150,
      render: (_, row) =>
        row.customer.name || row.customer.phone ? (
          <Space orientation="vertical" size={0}>
            <span>{row.customer.name ?? '—'}</span>
            {row.customer.phone ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {row.customer.phone}
              </Typography.Text>
            ) : null}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('workOrders.engineers'),
      key: 'engineers',
      width: 150,
      render: (_, row) => (row.engineers.length ? row.engineers.map((e) => e.name).join('、') : '—'),
    },
    {
      title: t('workOrders.department'),
      key: 'department',
      width: 140,
      render: (_, row) => row.department?.name ?? '—',
    },
    { title: t('workOrders.store'), dataIndex: 'store', key: 'store', width: 130, render: (v) => v ?? '—' },
    { title: t('common.createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 170, render: formatDate },
    {
      title: t('workOrders.completedAt'),
      dataIndex: 'completedAt',
      key: 'completedAt',
      width: 170,
      render: formatDate,
    },
  ];

  const total = list.data?.total;
  const rangeValue: [dayjs.Dayjs, dayjs.Dayjs] | null =
    filters.createdFrom && filters.createdTo ? [dayjs(filters.createdFrom), dayjs(filters.createdTo)] : null;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('nav.workOrders')}
        </Typography.Title>
        {canWrite ? (
          <Space>
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
          </Space>
        ) : null}
      </Flex>
      <Card>
        <Flex wrap gap={12} align="center" style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">{t('workOrders.views.label')}</Typography.Text>
          <Select
            allowClear
            data-testid="saved-views"
            style={{ width: 220 }}
            placeholder={views.length ? t('workOrders.views.pick') : t('workOrders.views.none')}
            value={currentView}
            onChange={(name?: string) => {
              const view = views.find((item) => item.name === name);
              applyFilters(view ? view.filters : {}, view?.name);
            }}
            options={views.map((view) => ({ value: view.name, label: view.name }))}
            optionRender={(option) => (
              <Flex justify="space-between" align="center">
                <span>{option.label}</span>
                <Button
                  type="text"
                  size="small"
                  icon={<DeleteOutlined />}
                  aria-label={t('common.delete')}
                  onClick={(event) => {
                    event.stopPropagation();
                    setViews(deleteView(userId, String(option.value)));
                    if (currentView === option.value) setCurrentView(undefined);
                    message.success(t('workOrders.views.deleted'));
                  }}
                />
              </Flex>
            )}
          />
          <Button
            icon={<SaveOutlined />}
            disabled={!filtered}
            onClick={() => {
              setViewName(currentView ?? '');
              setSaveOpen(true);
            }}
            data-testid="save-view"
          >
            {t('workOrders.views.save')}
          </Button>
          {filtered ? (
            <Button type="link" onClick={() => applyFilters({})} data-testid="clear-filters">
              {t('workOrders.filters.clear')}
            </Button>
          ) : null}
        </Flex>
        <Flex wrap gap={12} style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            data-testid="work-order-search"
            placeholder={t('workOrders.filters.search')}
            style={{ width: 320 }}
            value={searchText}
            onChange={(event) => setSearchText(event.target.value)}
            onSearch={(q) => update({ q: q.trim() || undefined })}
          />
          <Select<WorkOrderStatus[]>
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            data-testid="filter-status"
            style={{ width: 240 }}
            placeholder={t('workOrders.filters.status')}
            value={filters.status ?? []}
            onChange={(status) => update({ status: status.length ? status : undefined })}
            options={WORK_ORDER_STATUSES.map((status) => ({ value: status, label: t(`workOrders.status.${status}`) }))}
          />
          <Select
            allowClear
            data-testid="filter-service-type"
            style={{ width: 180 }}
            placeholder={t('workOrders.filters.serviceType')}
            value={filters.serviceTypeId}
            onChange={(serviceTypeId?: string) => update({ serviceTypeId })}
            options={(serviceTypes.data ?? []).map((type) => ({ value: type.id, label: type.name }))}
          />
          <TreeSelect
            allowClear
            data-testid="filter-department"
            style={{ width: 240 }}
            placeholder={t('workOrders.filters.department')}
            treeData={departmentTree}
            treeDefaultExpandAll
            showSearch={{ treeNodeFilterProp: 'title' }}
            value={filters.departmentId}
            onChange={(departmentId?: string) => update({ departmentId })}
          />
          <EmployeeSelect
            style={{ width: 200 }}
            data-testid="filter-engineer"
            placeholder={t('workOrders.filters.engineer')}
            value={filters.engineerId ?? null}
            initialLabel={filters.engineerLabel}
            onChange={(engineerId) => update({ engineerId: engineerId ?? undefined, engineerLabel: undefined })}
          />
          <DatePicker.RangePicker
            data-testid="filter-created"
            placeholder={[t('workOrders.filters.createdFrom'), t('workOrders.filters.createdTo')]}
            value={rangeValue}
            onChange={(range) =>
              update({
                createdFrom: range?.[0]?.format('YYYY-MM-DD'),
                createdTo: range?.[1]?.format('YYYY-MM-DD'),
              })
            }
          />
        </Flex>
        {selected.length > 0 && canWrite ? (
          <Flex
            align="center"
            gap={12}
            style={{ marginBottom: 12, padding: '8px 12px', background: '#f0f5ff', borderRadius: 6 }}
            data-testid="bulk-bar"
          >
            <Typography.Text>{t('workOrders.bulk.selected', { count: selected.length })}</Typography.Text>
            <Button
              type="primary"
              size="small"
              icon={<SendOutlined />}
              loading={bulkBusy}
              onClick={sendInvitations}
              data-testid="bulk-send"
            >
              {t('workOrders.bulk.send')}
            </Button>
            <Dropdown
              disabled={bulkBusy}
              menu={{
                items: WORK_ORDER_STATUSES.filter((status) => status !== 'new').map((status) => ({
                  key: status,
                  label: t(`workOrders.status.${status}`),
                })),
                onClick: ({ key }) => void changeStatus(key as WorkOrderStatus),
              }}
            >
              <Button size="small" data-testid="bulk-status">
                {t('workOrders.bulk.status')} <DownOutlined />
              </Button>
            </Dropdown>
            <Button size="small" type="link" onClick={() => setSelected([])}>
              {t('workOrders.bulk.clear')}
            </Button>
          </Flex>
        ) : null}
        {list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <>
            <Table<WorkOrder>
              data-testid="work-orders-table"
              rowKey="id"
              size="middle"
              loading={list.isFetching}
              columns={columns}
              dataSource={list.data?.items ?? []}
              scroll={{ x: 1480 }}
              rowSelection={
                canWrite
                  ? {
                      selectedRowKeys: selected,
                      preserveSelectedRowKeys: true,
                      onChange: (keys) => setSelected(keys.map(String)),
                    }
                  : undefined
              }
              locale={{
                emptyText: <Empty description={filtered ? t('workOrders.emptyFiltered') : t('workOrders.empty')} />,
              }}
              pagination={false}
            />
            <Flex justify="flex-end" align="center" gap={12} style={{ marginTop: 16 }} data-testid="pager">
              {total !== undefined ? (
                <Typography.Text type="secondary">{t('common.total', { count: total })}</Typography.Text>
              ) : null}
              <Typography.Text type="secondary">
                {t('workOrders.page', {
                  page: pageIndex + 1,
                  pages: total !== undefined ? Math.max(1, Math.ceil(total / PAGE_SIZE)) : '?',
                })}
              </Typography.Text>
              <Button size="small" disabled={pageIndex === 0} onClick={() => setPageIndex(pageIndex - 1)}>
                {t('common.previous')}
              </Button>
              <Button size="small" disabled={!list.data?.nextCursor} onClick={goNext} data-testid="next-page">
                {t('common.next')}
              </Button>
            </Flex>
          </>
        )}
      </Card>
      <Modal
        open={saveOpen}
        title={t('workOrders.views.saveTitle')}
        onCancel={() => setSaveOpen(false)}
        okButtonProps={{ disabled: !viewName.trim() }}
        okText={t('common.save')}
        onOk={() => {
          const name = viewName.trim();
          setViews(saveView(userId, { name, filters }));
          setCurrentView(name);
          setSaveOpen(false);
          message.success(t('workOrders.views.saved'));
        }}
        destroyOnHidden
      >
        <Input
          autoFocus
          maxLength={60}
          data-testid="view-name"
          placeholder={t('workOrders.views.namePlaceholder')}
          value={viewName}
          onChange={(event) => setViewName(event.target.value)}
        />
        {views.some((view) => view.name === viewName.trim()) ? (
          <Typography.Text type="warning">{t('workOrders.views.replaces')}</Typography.Text>
        ) : null}
      </Modal>
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
    </Space>
  );
}
