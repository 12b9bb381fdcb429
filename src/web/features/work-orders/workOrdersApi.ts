import { useQuery } from '@tanstack/react-query';
import { type Permission, permissionsOfRoles } from '../../../common/roles';
import { api, type QueryValue } from '../../app/api';
import { useAuth } from '../../app/auth';
import type { Page } from '../../app/types';
import type { RatingChannel } from '../rules/rulesApi';
import type { FieldDefinition, WorkflowView } from '../workflows/workflowsApi';

/** Shapes of `/api/v1/work-orders` (server: modules/work-orders/work-orders.schemas.ts). */

export const WORK_ORDER_STATUSES = ['new', 'assigned', 'in_service', 'completed', 'closed', 'cancelled'] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

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

export interface Ref {
  id: string;
  name: string;
}

export interface Customer {
  name: string | null;
  phone: string | null;
  email: string | null;
  wechatOpenId: string | null;
  locale: string | null;
}

export interface WorkOrder {
  id: string;
  number: string;
  externalId: string | null;
  subject: string;
  serviceType: Ref;
  recordType: string | null;
  customer: Customer;
  engineers: Ref[];
  department: Ref | null;
  region: Ref | null;
  store: string | null;
  touchpoint: string | null;
  priority: Priority;
  custom: Record<string, unknown>;
  status: WorkOrderStatus;
  allowedTransitions: WorkOrderStatus[];
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  closedAt: string | null;
  cancelledAt: string | null;
  /** The rating node at a glance; null until the work order is completed. */
  ratingNode: { status: NodeStatus; reason: string | null } | null;
}

export type NodeStatus = 'pending' | 'active' | 'completed' | 'skipped';

export const NODE_STATUS_COLORS: Record<NodeStatus, string> = {
  pending: 'default',
  active: 'processing',
  completed: 'success',
  skipped: 'warning',
};

export interface NodeState {
  id: string | null;
  type: 'rating' | 'follow_up';
  mode: string;
  status: NodeStatus;
  mandatory: boolean;
  reason: string | null;
  invitationIds: string[];
  startedAt: string | null;
  completedAt: string | null;
  deadlineAt: string | null;
  skippedBy: { id: string | null; name: string | null } | null;
  skipReason: string | null;
  settings: Record<string, unknown>;
}

export interface WorkOrderDetail extends WorkOrder {
  workflow: { nodes: NodeState[] };
}

export interface Invitation {
  id: string;
  workOrderId: string;
  /** The live link: QR invitations only (the console asks for masked links and reveals one on "Copy link"). */
  token: string | null;
  url: string | null;
  /** The link with most of its token hidden, to recognise it. */
  maskedUrl: string;
  /** Shown on site by the engineer (every channel is `qr`): its link is no secret from staff. */
  qr: boolean;
  status: string;
  source: 'qr' | 'rule' | 'manual';
  ruleId: string | null;
  templateVersionId: string;
  channels: string[];
  deliveryPolicy: string;
  submissionLimit: number;
  submissionCount: number;
  expiresAt: string;
  deliveredAt: string | null;
  openedAt: string | null;
  firstSubmittedAt: string | null;
  createdAt: string;
  /** Delivery attempts per channel, oldest first. */
  attempts: DeliveryAttempt[];
}

/** One try to hand an invitation to a channel (GET /work-orders/:id/invitations). */
export interface DeliveryAttempt {
  id: string;
  channel: string;
  provider: string | null;
  round: number;
  attemptNo: number;
  status: 'sending' | 'succeeded' | 'failed';
  errorKind: string | null;
  errorCode: string | null;
  detail: string | null;
  providerMessageId: string | null;
  receiptStatus: 'pending' | 'delivered' | 'failed' | null;
  receiptErrorCode: string | null;
  receiptAt: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
}

export interface TimelineEvent {
  id: string;
  seq: number;
  type: string;
  workOrderId: string | null;
  subjectType: string;
  subjectId: string | null;
  actor: { type: string; id: string | null; name: string | null };
  data: Record<string, unknown>;
  at: string;
}

export interface BulkResult {
  results: {
    id: string;
    ok: boolean;
    invitationId: string | null;
    error: { status: number; type: string; detail: string } | null;
  }[];
}

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
export function filtersToQuery(filters: WorkOrderFilters): Record<string, QueryValue> {
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
    queryFn: () => api<WorkOrderDetail>(`/work-orders/${id}`),
  });
}

export function useTimeline(id: string) {
  return useQuery({
    queryKey: [...WORK_ORDERS_KEY, 'timeline', id],
    queryFn: () => api<{ items: TimelineEvent[] }>(`/work-orders/${id}/timeline`).then((page) => page.items),
  });
}

export function useInvitations(id: string) {
  return useQuery({
    queryKey: [...WORK_ORDERS_KEY, 'invitations', id],
    queryFn: () =>
      api<{ items: Invitation[] }>(`/work-orders/${id}/invitations`, { query: { links: 'masked' } }).then(
        (page) => page.items,
      ),
  });
}

export function useWorkflow(serviceTypeId: string | undefined) {
  return useQuery({
    queryKey: ['workflows', serviceTypeId],
    queryFn: () => api<WorkflowView>(`/service-types/${serviceTypeId}/workflow`),
    enabled: Boolean(serviceTypeId),
  });
}

export type WorkOrderPage = Page<WorkOrder>;

/** The signed-in user's permissions (the server enforces the same; this only hides buttons). */
export function usePermissions(): (permission: Permission) => boolean {
  const { session } = useAuth();
  const permissions = permissionsOfRoles(session?.user.roles ?? []);
  return (permission) => permissions.has(permission);
}

/** The rating node's settings as the workflow defines them (a started node carries its snapshot). */
export interface RatingSettings {
  mode?: 'qr' | 'rule';
  mainButtonLabel?: Record<string, string>;
  staffMaySkip?: boolean;
  showSkipButton?: boolean;
  submissionLimit?: number;
  timeoutHours?: number | null;
  channels?: RatingChannel[] | null;
}

export function ratingNode(detail: WorkOrderDetail | undefined): NodeState | undefined {
  return detail?.workflow.nodes.find((node) => node.type === 'rating');
}

export type { FieldDefinition };
