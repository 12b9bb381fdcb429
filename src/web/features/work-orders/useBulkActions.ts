import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { ApiError } from '../../app/api';
import { problemText } from '../../app/problemText';
import { type BulkRow, bulkRows } from './BulkResultModal';
import { type WorkOrderStatus, workOrderKeys } from './workOrdersApi';

/**
 * The work-order list's bulk actions on the selected rows: send invitations, change the status. Each reports one
 * result row per work order (`bulk`, shown by `BulkResultModal`) and refreshes the work-order queries.
 */
export function useBulkActions({ selected, numberOf }: { selected: string[]; numberOf: (id: string) => string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [bulk, setBulk] = useState<{ title: string; rows: BulkRow[] } | null>(null);
  const [bulkBusy, setBulkBusy] = useState(false);

  const sendInvitations = async () => {
    setBulkBusy(true);
    try {
      const result = await ok(client.POST('/work-orders/bulk/send-invitations', { body: { ids: selected } }));
      setBulk({ title: t('workOrders.bulk.sendTitle'), rows: bulkRows(result, numberOf) });
      await queryClient.invalidateQueries({ queryKey: workOrderKeys.all });
    } catch (error) {
      message.error(error instanceof ApiError ? problemText(error.problem, t) : t('errors.generic'));
    } finally {
      setBulkBusy(false);
    }
  };

  // One request for the whole selection; each id answers on its own (done, or its coded problem).
  const changeStatus = async (status: WorkOrderStatus) => {
    setBulkBusy(true);
    try {
      const result = await ok(client.POST('/work-orders/bulk/status', { body: { ids: selected, status } }));
      setBulk({
        title: t('workOrders.bulk.statusTitle', { status: t(`workOrders.status.${status}`) }),
        rows: bulkRows(result, numberOf),
      });
      await queryClient.invalidateQueries({ queryKey: workOrderKeys.all });
    } catch (error) {
      message.error(error instanceof ApiError ? problemText(error.problem, t) : t('errors.generic'));
    } finally {
      setBulkBusy(false);
    }
  };

  return { bulk, setBulk, bulkBusy, sendInvitations, changeStatus };
}
