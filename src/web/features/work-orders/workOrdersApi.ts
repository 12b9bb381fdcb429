import { useQuery } from '@tanstack/react-query';
import { type Permission, permissionsOfRoles } from '../../../common/roles';
import { type Answer, allOf, client, type ItemOf, ok, type QueryOf, type RequestBody } from '../../api/client';
import { ApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { type UrlSpec, urlParam } from '../../components/useListState';
import {
  type FieldDefinition,
  type RatingNodeConfig,
  STAGES as STAGE_ORDER,
  workflowKeys,
} from '../workflows/workflowsApi';

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
/** A rating of the work order with its answers (GET /work-orders/:id/ratings). */
export type WorkOrderRating = ItemOf<'/work-orders/{id}/ratings'>;
export type AnswerRow = WorkOrderRating['answers'][number];
export type RatingClass = NonNullable<WorkOrderRating['class']>;
/** What the list shows of a work order's ratings. */
export type RatingSummary = WorkOrder['ratings'];
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

/** The list's server sorts (GET /work-orders `sort`). */
export type WorkOrderSort = NonNullable<QueryOf<'/work-orders'>['sort']>;
export const WORK_ORDER_SORTS = allOf<WorkOrderSort>()(['-createdAt', 'createdAt']);

/** How the list's filters travel in the URL (`useListState`); a saved view sets the same filters. */
export const workOrderFiltersUrl: UrlSpec<WorkOrderFilters> = {
  q: urlParam.text(),
  status: urlParam.listOf(WORK_ORDER_STATUSES),
  serviceTypeId: urlParam.uuid(),
  departmentId: urlParam.uuid(),
  engineerId: urlParam.uuid(),
  engineerLabel: urlParam.text(100),
  createdFrom: urlParam.day(),
  createdTo: urlParam.day(),
};

/** Every query key of the feature; invalidate `all` after a change to any work order. */
export const workOrderKeys = {
  all: ['work-orders'] as const,
  list: (query: object) => [...workOrderKeys.all, 'list', query] as const,
  detail: (id: string) => [...workOrderKeys.all, 'detail', id] as const,
  timeline: (id: string) => [...workOrderKeys.all, 'timeline', id] as const,
  invitations: (id: string) => [...workOrderKeys.all, 'invitations', id] as const,
  ratings: (id: string) => [...workOrderKeys.all, 'ratings', id] as const,
  imports: (jobId: string | null) => ['work-order-imports', jobId] as const,
};

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
    queryKey: workOrderKeys.detail(id),
    queryFn: () => ok(client.GET('/work-orders/{id}', { params: { path: { id } } })),
  });
}

export function useTimeline(id: string) {
  return useQuery({
    queryKey: workOrderKeys.timeline(id),
    queryFn: () =>
      ok(client.GET('/work-orders/{id}/timeline', { params: { path: { id } } })).then((page) => page.items),
  });
}

export function useWorkOrderRatings(id: string) {
  return useQuery({
    queryKey: workOrderKeys.ratings(id),
    queryFn: () => ok(client.GET('/work-orders/{id}/ratings', { params: { path: { id } } })).then((page) => page.items),
  });
}

export const RATING_CLASS_COLORS: Record<RatingClass, string> = {
  negative: 'red',
  neutral: 'default',
  satisfied: 'green',
};

export function useInvitations(id: string) {
  return useQuery({
    queryKey: workOrderKeys.invitations(id),
    queryFn: () =>
      ok(client.GET('/work-orders/{id}/invitations', { params: { path: { id }, query: { links: 'masked' } } })).then(
        (page) => page.items,
      ),
  });
}

export function useWorkflow(serviceTypeId: string | undefined) {
  return useQuery({
    queryKey: workflowKeys.ofServiceType(serviceTypeId),
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

/** The rating node whose label the console's "request rating" uses: the current round's active one, else the first. */
export function ratingNode(detail: WorkOrderDetail | undefined): NodeState | undefined {
  const nodes = detail?.workflow.nodes ?? [];
  return (
    nodes.find((node) => node.type === 'rating' && node.status === 'active' && node.round === detail?.round) ??
    nodes.find((node) => node.type === 'rating' && node.round === detail?.round) ??
    nodes.find((node) => node.type === 'rating')
  );
}

/**
 * The work order's node instances by round, each round in flow order: by stage, then as the API lists them (the
 * workflow's order) — the not-yet-started nodes of the current round come last in the API's list.
 */
export function nodesByRound(nodes: readonly NodeState[]): { round: number; nodes: NodeState[] }[] {
  const rounds: { round: number; nodes: NodeState[] }[] = [];
  for (const node of nodes) {
    const found = rounds.find((r) => r.round === node.round);
    if (found) found.nodes.push(node);
    else rounds.push({ round: node.round, nodes: [node] });
  }
  const rank = (node: NodeState) => STAGE_ORDER.indexOf(node.stage);
  for (const round of rounds) round.nodes.sort((a, b) => rank(a) - rank(b));
  return rounds.sort((a, b) => a.round - b.round);
}

/** The 409 `rating-pending` names the mandatory node that blocks the move (issue params `nodeKey`, `nodeId`). */
export function blockingNode(error: unknown): { nodeKey: string; nodeId: string | null } | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  if (!String(error.problem.type ?? '').endsWith('/rating-pending')) return null;
  const params = (error.problem.errors ?? []).map((item) => item.params as Record<string, unknown> | undefined);
  const found = params.find((p) => typeof p?.nodeKey === 'string');
  return {
    nodeKey: typeof found?.nodeKey === 'string' ? found.nodeKey : '',
    nodeId: typeof found?.nodeId === 'string' ? found.nodeId : null,
  };
}

export type { FieldDefinition };
