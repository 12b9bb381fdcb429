import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Flex, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { inputLimit } from '../../components/inputLimit';
import { deleteView, loadViews, type SavedView, saveView } from './savedViews';
import { filtersToQuery, type WorkOrderFilters } from './workOrdersApi';

/** Two filter sets that ask the server the same question (a view's display-only engineer label aside). */
function sameFilters(a: WorkOrderFilters, b: WorkOrderFilters): boolean {
  const text = (filters: WorkOrderFilters) =>
    JSON.stringify(Object.entries(filtersToQuery(filters)).filter(([, value]) => value !== undefined));
  return text(a) === text(b);
}

/**
 * The saved views of the work-order list (this browser, per console user): picking one sets the list's filters —
 * in the URL, like any other filter change — and the picked view is the one whose filters the list shows.
 */
export function SavedViewsMenu({
  filters,
  filtered,
  setFilters,
}: {
  filters: WorkOrderFilters;
  filtered: boolean;
  setFilters: (next: WorkOrderFilters) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { session } = useAuth();
  const userId = session?.user.id ?? 'anonymous';
  const [views, setViews] = useState<SavedView[]>(() => loadViews(userId));
  const [saveOpen, setSaveOpen] = useState(false);
  const [viewName, setViewName] = useState('');
  const currentView = filtered ? views.find((view) => sameFilters(view.filters, filters))?.name : undefined;

  return (
    <Flex wrap gap={12} align="center" style={{ marginBottom: 12 }}>
      <Typography.Text type="secondary">{t('workOrders.views.label')}</Typography.Text>
      <Select
        allowClear
        data-testid="saved-views"
        aria-label={t('workOrders.views.label')}
        style={{ width: 220, maxWidth: '100%' }}
        placeholder={views.length ? t('workOrders.views.pick') : t('workOrders.views.none')}
        value={currentView}
        onChange={(name?: string) => setFilters(views.find((item) => item.name === name)?.filters ?? {})}
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
        <Button type="link" onClick={() => setFilters({})} data-testid="clear-filters">
          {t('workOrders.filters.clear')}
        </Button>
      ) : null}
      <Modal
        open={saveOpen}
        title={t('workOrders.views.saveTitle')}
        onCancel={() => setSaveOpen(false)}
        okButtonProps={{ disabled: !viewName.trim() }}
        okText={t('common.save')}
        onOk={() => {
          setViews(saveView(userId, { name: viewName.trim(), filters }));
          setSaveOpen(false);
          message.success(t('workOrders.views.saved'));
        }}
        destroyOnHidden
      >
        <Input
          autoFocus
          {...inputLimit(60)}
          data-testid="view-name"
          placeholder={t('workOrders.views.namePlaceholder')}
          value={viewName}
          onChange={(event) => setViewName(event.target.value)}
        />
        {views.some((view) => view.name === viewName.trim()) ? (
          <Typography.Text type="warning">{t('workOrders.views.replaces')}</Typography.Text>
        ) : null}
      </Modal>
    </Flex>
  );
}
