import { z } from 'zod';
import { CASE_ENTRY_KINDS, CASE_SEVERITIES } from '../../../common/cases.js';
import { CASE_STATUSES } from '../../../common/sla.js';
import { pageQuery } from '../../http/pagination.js';
import { recoverySchema } from './case-recovery.schemas.js';
import { firedTimerSchema } from './case-timers.schemas.js';

export const caseSchema = z.object({
  id: z.string(),
  number: z.number().int().describe('Sequential case number, shown as C-<number>.'),
  status: z.enum(CASE_STATUSES),
  severity: z.enum(CASE_SEVERITIES),
  summary: z.string().nullable(),
  ratingId: z.string().nullable(),
  workOrderId: z.string(),
  workOrderNumber: z.string(),
  departmentId: z.string().nullable(),
  ownerId: z.string().nullable().describe("The responsible person (the department's manager, walking up the tree)."),
  ownerName: z.string().nullable(),
  policyId: z.string().nullable(),
  firstContactMinutes: z.number().int(),
  resolutionMinutes: z.number().int(),
  usedMs: z.number().describe('Working time used before `runningSince` (all of it while paused or ended).'),
  runningSince: z.string().nullable().describe('The clock runs from here; null while paused or ended.'),
  firstContactDueAt: z.string().nullable(),
  resolutionDueAt: z.string().nullable(),
  firstContactWarnAt: z.string().nullable().describe("When the first contact's SLA warning fires."),
  resolutionWarnAt: z.string().nullable().describe("When the resolution's SLA warning fires."),
  breaches: z
    .array(firedTimerSchema)
    .describe('SLA warnings and breaches that fired, oldest first (each escalation step is on the timeline).'),
  overdue: z.boolean().describe('A due time has passed.'),
  firstContactedAt: z.string().nullable(),
  firstContactUsedMs: z.number().nullable().describe('Working time used until the customer was first reached.'),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  escalationLevel: z.number().int(),
  rootCauseId: z.string().nullable(),
  correctiveAction: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  recovery: recoverySchema,
});
export type CaseView = z.infer<typeof caseSchema>;

export const caseEntrySchema = z.object({
  id: z.string(),
  kind: z.enum(CASE_ENTRY_KINDS),
  at: z.string(),
  actorType: z.enum(['user', 'api_key', 'system']),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  text: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export const caseDetailSchema = caseSchema.extend({ entries: z.array(caseEntrySchema).describe('Oldest first.') });
export type CaseDetailView = z.infer<typeof caseDetailSchema>;

const text = (max: number) => z.string().trim().min(1).max(max);

export const openCaseBody = z
  .object({
    ratingId: z.uuid().optional().describe('The rating the case is about (its work order is taken from it).'),
    workOrderId: z.uuid().optional().describe('Or a work order, for a complaint that came another way.'),
    severity: z.enum(CASE_SEVERITIES).optional().describe('Default: high for a negative rating, else medium.'),
    summary: text(500).optional(),
    policyId: z.uuid().optional().describe('Default: the default SLA policy.'),
  })
  .refine((b) => Boolean(b.ratingId) !== Boolean(b.workOrderId), {
    path: ['ratingId'],
    message: 'give exactly one of ratingId and workOrderId',
    params: { errorCode: 'exactly_one', errorParams: { fields: 'ratingId, workOrderId' } },
  });
export type OpenCaseInput = z.infer<typeof openCaseBody>;

export const changeStatusBody = z.object({
  status: z.enum(CASE_STATUSES),
  note: text(5000).optional(),
  rootCauseId: z.uuid().optional().describe('Required to close.'),
  correctiveAction: text(2000)
    .optional()
    .describe('Required to close: what was done, and what changes so it does not recur.'),
});
export type ChangeStatusInput = z.infer<typeof changeStatusBody>;

export const addEntryBody = z.object({
  kind: z.enum(['note', 'call']).describe('A note, or a call made to the customer (logged by the call button).'),
  text: text(5000),
});
export type AddEntryInput = z.infer<typeof addEntryBody>;

const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item).max(10));
export const caseListQuery = z.object({
  ...pageQuery,
  status: list(z.enum(CASE_STATUSES)).optional(),
  severity: list(z.enum(CASE_SEVERITIES)).optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  ownerId: z.union([z.literal('me'), z.uuid()]).optional(),
  departmentId: z.uuid().optional().describe('The department and its subtree.'),
});
export type CaseListQuery = z.infer<typeof caseListQuery>;

export const rootCauseSchema = z.object({ id: z.string(), key: z.string(), labelZh: z.string(), labelEn: z.string() });
