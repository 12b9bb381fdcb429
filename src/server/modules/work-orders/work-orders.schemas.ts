import { z } from 'zod';
import { RATING_CHANNELS } from '../../../common/channels.js';
import { coded, PROBLEM_TYPES } from '../../../common/error-codes.js';
import { INVITATION_SOURCES } from '../../../common/invitations.js';
import { NODE_STATUSES } from '../../../common/workflows.js';
import { WORK_ORDER_STATUSES } from '../../db/schema/work-orders.js';
import { dayOrInstantParam } from '../../http/dates.js';
import { pageQuery } from '../../http/pagination.js';
import { fieldErrorSchema } from '../../http/problem-schema.js';
import { deliveryAttemptSchema } from '../delivery/delivery.schemas.js';
import { PHONE_PATTERN } from '../org/org.schemas.js';
import { WORK_ORDER_PRIORITIES } from '../rules/rules.fields.js';
import { nodeStateSchema } from '../workflows/nodes.presenter.js';

export const idParams = z.object({ id: z.uuid().describe('The work order id.') });

export const padBody = z
  .object({
    invitationId: z
      .uuid()
      .optional()
      .describe("The invitation to rate (one of the work order's); default: the newest open one the caller may show."),
  })
  .optional();
export const padResponse = z.object({
  invitationId: z.uuid(),
  url: z.string().describe('`/r/<token>?pad=<pad token>`: open it in this browser (it carries the session cookie).'),
});

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const customerSchema = z.object({
  name: optionalText(200).describe('Customer name.'),
  phone: z
    .string()
    .trim()
    .regex(PHONE_PATTERN, coded('invalid_phone', 'is not a valid phone number'))
    .nullable()
    .optional()
    .describe('Mobile for SMS.'),
  email: z.email().max(254).nullable().optional(),
  wechatOpenId: optionalText(128).describe('WeChat Official Account openid.'),
  locale: z.enum(['zh-CN', 'en']).nullable().optional().describe('Language of messages and the rating page.'),
});

const writableFields = {
  subject: text(500).describe('What was done, e.g. "空调不制冷上门维修".'),
  serviceTypeId: z.uuid().describe('An active service type; its workflow and custom fields apply.'),
  recordType: optionalText(100).describe('Work-order record type (free text, e.g. "warranty").'),
  customer: customerSchema.optional().describe('The customer contact (snapshot copied into invitations).'),
  engineerIds: z.array(z.uuid()).max(20).optional().describe('The engineers who did the work (employees).'),
  departmentId: z.uuid().nullable().optional().describe('Responsible department / team.'),
  regionId: z
    .uuid()
    .nullable()
    .optional()
    .describe('Region; derived from the department (nearest ancestor of kind region) when not given.'),
  store: optionalText(200).describe('Store or site, e.g. "上海徐汇店".'),
  touchpoint: optionalText(100).describe('E-commerce touchpoint: delivery, customer_service, returns, …'),
  priority: z.enum(WORK_ORDER_PRIORITIES).optional().describe('Default normal.'),
  custom: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('Custom fields, validated against the service type’s field definitions; on PATCH, null removes a key.'),
  status: z.enum(WORK_ORDER_STATUSES).optional().describe('See the status machine in the list operation.'),
};

export const createWorkOrderBody = z.object({
  number: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._\-/]+$/, 'letters, digits and . _ - / only')
    .optional()
    .describe('Given number; generated `WO-YYYYMMDD-NNNNN` when omitted.'),
  externalId: text(200).optional().describe('The calling system’s id: a known externalId updates that work order.'),
  ...writableFields,
});
export type CreateWorkOrderInput = z.infer<typeof createWorkOrderBody>;

export const updateWorkOrderBody = z.object({
  ...writableFields,
  subject: writableFields.subject.optional(),
  serviceTypeId: writableFields.serviceTypeId.optional(),
  reason: text(500)
    .optional()
    .describe(
      'Why the status changes (kept in the `work_order.status_changed` event). Required for rework ' +
        '(`completed` → `in_service`).',
    ),
});
export type UpdateWorkOrderInput = z.infer<typeof updateWorkOrderBody>;

const ref = z.object({ id: z.string(), name: z.string() });

export const workOrderSchema = z.object({
  id: z.string(),
  number: z.string(),
  externalId: z.string().nullable(),
  subject: z.string(),
  serviceType: ref,
  recordType: z.string().nullable(),
  customer: z.object({
    name: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    wechatOpenId: z.string().nullable(),
    locale: z.string().nullable(),
  }),
  engineers: z.array(ref),
  department: ref.nullable(),
  region: ref.nullable(),
  store: z.string().nullable(),
  touchpoint: z.string().nullable(),
  priority: z.enum(WORK_ORDER_PRIORITIES),
  custom: z.record(z.string(), z.unknown()),
  status: z.enum(WORK_ORDER_STATUSES),
  allowedTransitions: z.array(z.enum(WORK_ORDER_STATUSES)).describe('Statuses a PATCH may move to from here.'),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  round: z.number().int().describe('1, and +1 for each rework (completed → in_service): the nodes run again.'),
  ratingNode: z
    .object({ status: z.enum(NODE_STATUSES), reason: z.string().nullable() })
    .nullable()
    .describe(
      'The latest started rating node at a glance (null before any started): active (waiting for the customer), completed (rated) or skipped (with the reason, e.g. timeout).',
    ),
});
export type WorkOrderView = z.infer<typeof workOrderSchema>;

export const workOrderDetailSchema = workOrderSchema.extend({
  workflow: z
    .object({ nodes: z.array(nodeStateSchema) })
    .describe(
      'Every node instance, round by round in flow order (stage, then the workflow’s order), then the nodes of the ' +
        'current round not started yet (`id` null, `pending`).',
    ),
});

/** `?status=a&status=b` or `?status=a,b`. */
const statusList = z
  .union([z.array(z.string()), z.string()])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.enum(WORK_ORDER_STATUSES)));

const dateTime = dayOrInstantParam();

/** The list's sorts: `createdAt` oldest first, `-createdAt` newest first (the default). */
export const WORK_ORDER_SORTS = ['-createdAt', 'createdAt'] as const;

export const workOrderListQuery = z.object({
  ...pageQuery,
  sort: z
    .enum(WORK_ORDER_SORTS)
    .default('-createdAt')
    .describe('`-createdAt` newest first (default) or `createdAt` oldest first; a cursor pages within its sort.'),
  status: statusList.optional().describe('One or more statuses (repeat or comma-separate).'),
  serviceTypeId: z.uuid().optional(),
  departmentId: z.uuid().optional().describe('Includes its sub-departments.'),
  engineerId: z
    .union([z.uuid(), z.literal('me')])
    .optional()
    .describe('Work orders listing this engineer; `me`: the signed-in employee (console sessions only).'),
  store: z.string().trim().max(200).optional(),
  touchpoint: z.string().trim().max(100).optional(),
  priority: z.enum(WORK_ORDER_PRIORITIES).optional(),
  q: z.string().trim().max(200).optional().describe('Searches number, external id, subject, customer name and phone.'),
  createdFrom: dateTime.optional().describe('Inclusive; a date means its start (UTC).'),
  createdTo: dateTime.optional().describe('Exclusive.'),
  completedFrom: dateTime.optional().describe('Inclusive; a date means its start (UTC).'),
  completedTo: dateTime.optional().describe('Exclusive.'),
});
export type WorkOrderListQuery = z.infer<typeof workOrderListQuery>;

export const workOrderPageSchema = z.object({
  items: z.array(workOrderSchema),
  nextCursor: z.string().nullable(),
  total: z.number().int().describe('Every match, not just this page.'),
});

export const sendInvitationBody = z.object({
  channels: z
    .array(z.enum(RATING_CHANNELS))
    .min(1)
    .max(RATING_CHANNELS.length)
    .optional()
    .describe('In delivery order; default: the rating node’s (or matched rule’s) channels.'),
});

export const bulkSendBody = sendInvitationBody.extend({
  ids: z.array(z.uuid()).min(1).max(500).describe('Work orders to invite for.'),
});

export const bulkStatusBody = z.object({
  ids: z.array(z.uuid()).min(1).max(500).describe('Work orders to move; a repeated id counts once.'),
  status: z
    .enum(WORK_ORDER_STATUSES)
    .describe('The status each one moves to, by the rules of `PATCH /work-orders/{id}`.'),
  reason: text(500).optional().describe('Why (kept in each `work_order.status_changed` event, shown in the timeline).'),
});

export const skipBody = z.object({
  reason: text(500).describe('Why the rating is skipped (shown in the timeline and the audit log).'),
  nodeId: z
    .uuid()
    .optional()
    .describe('The rating node instance to skip; may be omitted when exactly one rating node is active.'),
});

export const invitationSchema = z.object({
  id: z.string(),
  workOrderId: z.string(),
  token: z
    .string()
    .nullable()
    .describe(
      'The unguessable token of the link `/r/{token}`. Present for QR invitations (`qr: true`) and for callers with ' +
        'the `invitations.reveal_link` permission (admins; API-key scope `invitation-links:read`), which is audited ' +
        'as `invitation.links_revealed`; null otherwise. `POST /invitations/{id}/link` reveals one link.',
    ),
  url: z.string().nullable().describe('The link to show (QR code) or send; null exactly when `token` is null.'),
  maskedUrl: z
    .string()
    .describe('The link with most of its token hidden (`…/r/AbCd…wxyz`), to recognise it; always present.'),
  qr: z
    .boolean()
    .describe('A QR invitation: every channel is `qr`, the engineer shows it on site and nothing is sent.'),
  status: z.string(),
  source: z.enum(INVITATION_SOURCES),
  ruleId: z.string().nullable(),
  templateVersionId: z.string(),
  channels: z.array(z.string()),
  deliveryPolicy: z.string(),
  submissionLimit: z.number().int(),
  submissionCount: z.number().int(),
  expiresAt: z.string(),
  deliveredAt: z.string().nullable(),
  openedAt: z.string().nullable(),
  firstSubmittedAt: z.string().nullable(),
  createdAt: z.string(),
  attempts: z.array(deliveryAttemptSchema).describe('Delivery attempts per channel, oldest first.'),
});

export const bulkResultSchema = z.object({
  results: z
    .array(
      z.object({
        id: z.string(),
        ok: z.boolean(),
        invitationId: z.string().nullable().describe('The invitation sent (send-invitations); null otherwise.'),
        error: z
          .object({
            status: z.number().describe('The status the single-id operation would have answered (404, 409, 400…).'),
            type: z.enum(PROBLEM_TYPES).describe('The problem slug (`not-found`, `illegal-transition`, …).'),
            detail: z.string().describe('English, for integrators.'),
            errors: z.array(fieldErrorSchema).optional().describe('Field errors, each with its code.'),
          })
          .nullable(),
      }),
    )
    .describe('One per distinct id, in request order.'),
});

export const timelineSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      seq: z.number(),
      type: z.string(),
      workOrderId: z.string().nullable(),
      subjectType: z.string(),
      subjectId: z.string().nullable(),
      actor: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
      data: z.record(z.string(), z.unknown()),
      at: z.string(),
    }),
  ),
});
