import { z } from 'zod';

/** One delivery attempt as the console shows it (work-order invitation panel). */
export const deliveryAttemptSchema = z.object({
  id: z.string(),
  channel: z.string().describe('email | sms | wechat | webhook'),
  configId: z.string().nullable(),
  provider: z.string().nullable(),
  round: z.number().int().describe('0 = the invitation, n = the n-th reminder.'),
  attemptNo: z
    .number()
    .int()
    .describe('Per invitation × channel; the idempotency key is `<invitation>:<channel>:<n>`.'),
  status: z.enum(['sending', 'succeeded', 'failed']),
  errorKind: z
    .string()
    .nullable()
    .describe('transient | permanent | quota | skipped (no contact, opted out, no configuration) | unknown'),
  errorCode: z.string().nullable(),
  detail: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  providerResponse: z.unknown(),
  receiptStatus: z.enum(['pending', 'delivered', 'failed']).nullable().describe('From the provider callback.'),
  receiptErrorCode: z.string().nullable(),
  receiptAt: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().int().nullable(),
});
