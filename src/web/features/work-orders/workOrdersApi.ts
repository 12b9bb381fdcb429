import { useQuery } from '@tanstack/react-query';
import { type Permission, permissionsOfRoles } from '../../../common/roles';
import { type Answer, allOf, client, type ItemOf, ok, type RequestBody } from '../../api/client';
import { useAuth } from '../../app/auth';
import type { FieldDefinition, RatingNodeConfig } from '../workflows/workflowsApi';

/** Shapes of `/api/v1/work-orders`, derived from the generated schema (server: modules/work-orders/*.schemas.ts). */
export type WorkOrderDetail = Answer<'/work-orders/{id}'>;
export type WorkOrder = ItemOf<'/work-orders'>;
export type WorkOrderStatus = WorkOrder['status'];
export type Priority = WorkOrder['priority'];
export type Ref = WorkOrder['serviceType'];
export type Customer = WorkOrder['customer'];
export type NodeState = WorkOrderDetail['workflow']['nodes'][number];
export type NodeStatus = NodeState['status'];
export type Invitation = ItemOf<'/work-orders/{id}/invitations'>;
/** One try to hand an invitation to a channel (GET /work-orders/:id/invitations). */
export type DeliveryAttempt = Invitation['attempts'][number];
export type TimelineEvent = ItemOf<'/work-orders/{id}/timeline'>;
export type BulkResult = Answer<'/work-orders/bulk/send-invitations', 'post'>;
export type WorkOrderInput = RequestBody<'/work-orders', 'post'>;
export type WorkOrderPatch = RequestBody<'/work-orders/{id}', 'patch'>;

export const WORK_ORDER_STATUSES = allOf<WorkOrderStatus>()([
  'new',
  'assigned',
  'in_service',
  'completed',
  'closed',
  'cancelled',
]);
export const PRIORITIES = allOf<Priority>()(['low', 'normal', 'high', 'urgent']);

export const STATUS_COLORS: Record<WorkOrderStatus, string> = {
  new: 'default',
  assigned: 'blue',
  in_service: 'processing',
  completed: 'green',
  closed: 'purple',
  cancelled: 'red',
};

export const PRIORITY_COLORS: Record<Priority, string> = {
  low: 'default',
  normal: 'blue',
  high: 'orange',
  urgent: 'red',
};

export const NODE_STATUS_COLORS: Record<NodeStatus, string> = {
  pending: 'default',
  active: 'processing',
  completed: 'success',
  skipped: 'warning',
};

/** The list's filters; also what a saved view stores. Dates are `YYYY-MM-DD`. */
export interface WorkOrderFilters {
  q?: string;
  status?: WorkOrderStatus[];
  serviceTypeId?: string;
  departmentId?: string;
  engineerId?: string;
  engineerLabel?: string;
  createdFrom?: string;
  createdTo?: string;
}

export const WORK_ORDERS_KEY = ['work-orders'] as const;

/** The list query string; `createdTo` is exclusive on the server, so the picked end day is moved one day on. */
export function filtersToQuery(filters: WorkOrderFilters) {
  return {
    q: filters.q?.trim() || undefined,
    status: filters.status?.length ? filters.status.join(',') : undefined,
    serviceTypeId: filters.serviceTypeId,
    departmentId: filters.departmentId,
    engineerId: filters.engineerId,
    createdFrom: filters.createdFrom,
    createdTo: filters.createdTo ? nextDay(filters.createdTo) : undefined,
  };
}

export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function hasFilters(filters: WorkOrderFilters): boolean {
  return Boolean(
    filters.q ||
      filters.status?.length ||
      filters.serviceTypeId ||
      filters.departmentId ||
      filters.engineerId ||
      filters.createdFrom ||
      filters.createdTo,
  );
}

export function useWorkOrder(id: string) {
  return useQuery({
    queryKey: [...WORK_ORDERS_KEY, 'detail', id],
    queryFn: () => ok(client.GET('/work-orders/{id}', { params: { path: { id } } })),
  });
}

export function useTimeline(id: string) {
  return useQuery({
    queryKey: [...WORK_ORDERS_KEY, 'timeline', id],
    queryFn: () =>
      ok(client.GET('/work-orders/{id}/timeline', { params: { path: { id } } })).then((page) => page.items),
  });
}

export function useInvitations(id: string) {
  return useQuery({
    queryKey: [...WORK_ORDERS_KEY, 'invitations', id],
    queryFn: () =>
      ok(client.GET('/work-orders/{id}/invitations', { params: { path: { id }, query: { links: 'masked' } } })).then(
        (page) => page.items,
      ),
  });
}

export function useWorkflow(serviceTypeId: string | undefined) {
  return useQuery({
    queryKey: ['workflows', serviceTypeId],
    queryFn: () => ok(client.GET('/service-types/{id}/workflow', { params: { path: { id: serviceTypeId ?? '' } } })),
    enabled: Boolean(serviceTypeId),
  });
}

export type WorkOrderPage = Answer<'/work-orders'>;

/** The signed-in user's permissions (the server enforces the same; this only hides buttons). */
export function usePermissions(): (permission: Permission) => boolean {
  const { session } = useAuth();
  const permissions = permissionsOfRoles(session?.user.roles ?? []);
  return (permission) => permissions.has(permission);
}

/**
 * The rating node's settings: a snapshot of the workflow's rating node (`RatingNodeConfig`) taken when the node
 * started; the API documents `settings` as an open object, so every key is read as possibly absent.
 */
export type RatingSettings = Partial<
  Pick<
    RatingNodeConfig,
    'mode' | 'mainButtonLabel' | 'staffMaySkip' | 'showSkipButton' | 'submissionLimit' | 'timeoutHours' | 'channels'
  >
>;

export function ratingNode(detail: WorkOrderDetail | undefined): NodeState | undefined {
  return detail?.workflow.nodes.find((node) => node.type === 'rating');
}

export type { FieldDefinition };
