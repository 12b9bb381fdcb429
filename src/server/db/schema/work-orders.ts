import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgSequence, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { departments, type ImportErrorRecord, serviceTypes } from './org.js';

export const WORK_ORDER_STATUSES = ['new', 'assigned', 'in_service', 'completed', 'closed', 'cancelled'] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

/** Feeds generated numbers `WO-YYYYMMDD-NNNNN`; a sequence never hands out the same value twice, even under races. */
export const workOrderNumberSeq = pgSequence('work_order_number_seq', { startWith: 1 });

// Timestamps keep milliseconds only, so a keyset cursor carrying a JS Date round-trips exactly.
const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** A piece of service work that gets rated (工单). */
export const workOrders = pgTable(
  'work_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    /** The integrating system's id; POST with a known externalId updates instead of creating. */
    externalId: text('external_id'),
    subject: text('subject').notNull(),
    serviceTypeId: uuid('service_type_id')
      .notNull()
      .references(() => serviceTypes.id),
    recordType: text('record_type'),
    customerName: text('customer_name'),
    customerPhone: text('customer_phone'),
    customerEmail: text('customer_email'),
    customerWechatOpenId: text('customer_wechat_open_id'),
    customerLocale: text('customer_locale', { enum: ['zh-CN', 'en'] }),
    engineerIds: uuid('engineer_ids').array().notNull().default(sql`'{}'::uuid[]`),
    departmentId: uuid('department_id').references(() => departments.id),
    regionId: uuid('region_id').references(() => departments.id),
    store: text('store'),
    touchpoint: text('touchpoint'),
    priority: text('priority', { enum: ['low', 'normal', 'high', 'urgent'] })
      .notNull()
      .default('normal'),
    custom: jsonb('custom').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status', { enum: WORK_ORDER_STATUSES }).notNull().default('new'),
    /** 1, and +1 each time the work order is sent back for rework (completed → in_service): its nodes run again. */
    round: integer('round').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    completedAt: ts('completed_at'),
    closedAt: ts('closed_at'),
    /** When retention or an erase removed the customer's contact data (issue 21); null: not yet. */
    contactRedactedAt: ts('contact_redacted_at'),
    cancelledAt: ts('cancelled_at'),
  },
  (t) => [
    uniqueIndex('work_orders_number_uq').on(t.number),
    // NULLs are distinct in a unique index: only given external ids must be unique. Target of ON CONFLICT.
    uniqueIndex('work_orders_external_id_uq').on(t.externalId),
    index('work_orders_created_idx').on(t.createdAt, t.id),
    index('work_orders_status_idx').on(t.status, t.createdAt),
    index('work_orders_service_type_idx').on(t.serviceTypeId),
    index('work_orders_department_idx').on(t.departmentId),
    index('work_orders_completed_idx').on(t.completedAt),
    index('work_orders_contact_retention_idx').on(t.updatedAt).where(sql`${t.contactRedactedAt} is null`),
    index('work_orders_engineers_idx').using('gin', t.engineerIds),
    // The customer portal finds a signed-in customer's work orders by their verified phone or e-mail (migration
    // 0038: `rateloop_phone_key` normalises like delivery/opt-outs.ts `normalisePhone`).
    index('work_orders_customer_phone_key_idx').on(sql`rateloop_phone_key(${t.customerPhone})`),
    index('work_orders_customer_email_key_idx').on(sql`lower(btrim(${t.customerEmail}))`),
  ],
);

/** A CSV import of work orders, processed by a job so the console can show progress. */
export const workOrderImports = pgTable('work_order_imports', {
  id: uuid('id').primaryKey().defaultRandom(),
  status: text('status', { enum: ['queued', 'running', 'succeeded', 'failed'] })
    .notNull()
    .default('queued'),
  mode: text('mode', { enum: ['all_or_nothing', 'valid_rows'] }).notNull(),
  csv: text('csv').notNull(),
  total: integer('total').notNull().default(0),
  processed: integer('processed').notNull().default(0),
  created: integer('created').notNull().default(0),
  updated: integer('updated').notNull().default(0),
  // `code`/`params` (a field error code, src/common/error-codes.ts) are absent on imports stored before codes existed.
  errors: jsonb('errors').$type<ImportErrorRecord[]>().notNull().default([]),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});

/**
 * A customer's WeChat openid, learnt when they signed in to the customer portal inside WeChat (web authorisation,
 * `snsapi_base`) and proved a phone or e-mail there (issue 20). Keyed by that verified contact (`phone:+86…`,
 * `email:…`); new work orders of the contact take the openid (`work-orders/contact-wechat.ts`).
 */
export const contactWechatIds = pgTable(
  'contact_wechat_ids',
  {
    contactKey: text('contact_key').primaryKey(),
    openId: text('open_id').notNull(),
    /** The Official Account the openid belongs to (an openid is per AppID). */
    appId: text('app_id').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('contact_wechat_ids_open_id_idx').on(t.openId, t.appId)],
);
