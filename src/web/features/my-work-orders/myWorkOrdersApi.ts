import { useQuery } from '@tanstack/react-query';
import { client, ok } from '../../api/client';
import { type WorkOrderStatus, workOrderKeys } from '../work-orders/workOrdersApi';

/** What an engineer still has to do, then what they finished (GET /work-orders `engineerId=me`). */
export const OPEN_STATUSES: WorkOrderStatus[] = ['new', 'assigned', 'in_service'];
export const DONE_STATUSES: WorkOrderStatus[] = ['completed', 'closed'];

/** The signed-in employee's work orders in these statuses; open ones oldest first (the longest waiting on top). */
export function useMyWorkOrders(statuses: WorkOrderStatus[], sort: '-createdAt' | 'createdAt', limit: number) {
  const query = { engineerId: 'me', status: statuses.join(','), sort, limit } as const;
  return useQuery({
    queryKey: workOrderKeys.list({ mine: true, ...query }),
    queryFn: () => ok(client.GET('/work-orders', { params: { query } })),
  });
}
