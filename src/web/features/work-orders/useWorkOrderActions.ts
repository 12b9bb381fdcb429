import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import { ApiError } from '../../app/api';
import { errorText, useApiError } from '../../app/useApiError';
import { blockingNode, type WorkOrderStatus, workOrderKeys } from './workOrdersApi';

/** A status change: the status alone, "assign" with the engineer picked, or rework (completed → in service) with why. */
export type StatusChange =
  | WorkOrderStatus
  | { status: 'assigned'; engineerIds: string[] }
  | { status: 'in_service'; reason: string };

/**
 * What a work order's detail page can do to it: move its status ("Assign" with the engineer picked; "send back for
 * rework" with a reason; a 409 — someone else moved it first, or a mandatory node still waits (`rating-pending`,
 * named) — becomes `conflict`, shown on the page, and the work order is reloaded), send an invitation, skip a rating
 * node (the one clicked: `nodeId`; `onRatingSkipped` closes the dialog that asked why).
 */
export function useWorkOrderActions(
  id: string,
  {
    onRatingSkipped,
    onAssigned,
    onReworked,
    nodeName,
  }: {
    onRatingSkipped: () => void;
    onAssigned: () => void;
    onReworked: () => void;
    /** How the page names the node of a `rating-pending` answer (its key and stage). */
    nodeName: (nodeKey: string, nodeId: string | null) => string;
  },
) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const queryClient = useQueryClient();
  const [conflict, setConflict] = useState<string | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: workOrderKeys.all });

  const transition = useMutation({
    mutationFn: (change: StatusChange) =>
      ok(
        client.PATCH('/work-orders/{id}', {
          params: { path: { id } },
          body: typeof change === 'string' ? { status: change } : change,
        }),
      ),
    onMutate: () => setConflict(null),
    onSuccess: async (updated, change) => {
      queryClient.setQueryData(workOrderKeys.detail(id), updated);
      if (typeof change !== 'string') {
        if ('reason' in change) onReworked();
        else onAssigned();
      }
      message.success(
        typeof change !== 'string' && 'reason' in change
          ? t('workOrders.rework.done', { round: updated.round })
          : t('workOrders.detail.statusChanged', { status: t(`workOrders.status.${updated.status}`) }),
      );
      await refresh();
    },
    onError: (error) => {
      const blocking = blockingNode(error);
      if (blocking) {
        setConflict(t('workOrders.nodes.ratingPending', { node: nodeName(blocking.nodeKey, blocking.nodeId) }));
        void refresh();
      } else if (error instanceof ApiError && error.status === 409) {
        setConflict(errorText(error, error.message));
        void refresh();
      } else onError(error);
    },
  });

  const invite = useMutation({
    mutationFn: () => ok(client.POST('/work-orders/{id}/invitations', { params: { path: { id } }, body: {} })),
    onSuccess: async () => {
      message.success(t('workOrders.invitations.sent'));
      await refresh();
    },
    onError: (error) => onError(error),
  });

  const skipRating = useMutation({
    mutationFn: ({ reason, nodeId }: { reason: string; nodeId: string | null }) =>
      ok(
        client.POST('/work-orders/{id}/nodes/rating/skip', {
          params: { path: { id } },
          body: nodeId ? { reason, nodeId } : { reason },
        }),
      ),
    onSuccess: async (updated) => {
      queryClient.setQueryData(workOrderKeys.detail(id), updated);
      onRatingSkipped();
      setConflict(null);
      message.success(t('workOrders.nodes.skipped'));
      await refresh();
    },
    onError: (error) => onError(error),
  });

  return { transition, invite, skipRating, conflict, clearConflict: () => setConflict(null) };
}
