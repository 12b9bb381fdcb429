import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The customer portal's one-time sign-in codes (issue 20). A row per code sent; the code itself is never stored: it
 * is derived from the row's id and the app secret (`portal/codes.ts`), so the sending job can compute it and nothing
 * at rest reveals it. `address` is the normalised contact (`phone:+8613800000000`, `email:li@example.com`). A code
 * counts guesses and is spent once (`consumed_at`, set by one conditional UPDATE: a replay finds it spent).
 */
export const portalSignInCodes = pgTable(
  'portal_sign_in_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    address: text('address').notNull(),
    channel: text('channel', { enum: ['sms', 'email'] }).notNull(),
    /** The language of the message and of the page that asked for it. */
    lang: text('lang', { enum: ['zh-CN', 'en'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    guesses: integer('guesses').notNull().default(0),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
    /** When the sending job handed it to the channel, or why it could not (`no_channel`, a provider's code). */
    sentAt: timestamp('sent_at', { withTimezone: true }),
    sendError: text('send_error'),
  },
  (t) => [
    index('portal_sign_in_codes_address_idx').on(t.address, t.createdAt),
    check('portal_sign_in_codes_guesses_check', sql`${t.guesses} >= 0`),
  ],
);

/**
 * A signed-in customer's session: the cookie holds a random token, the table its SHA-256 only. It proves control of
 * `address` (the verified phone or e-mail) and nothing else: the portal shows what matches that address.
 */
export const portalSessions = pgTable(
  'portal_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull().unique(),
    address: text('address').notNull(),
    codeId: uuid('code_id').references(() => portalSignInCodes.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /**
     * Where one number is shared by several customers (a company switchboard) a work order shows in full only once
     * the customer has typed the name on it: the names confirmed so far, normalised, and the wrong tries (bounded).
     */
    confirmedNames: text('confirmed_names').array().notNull().default(sql`'{}'::text[]`),
    nameTries: integer('name_tries').notNull().default(0),
  },
  (t) => [index('portal_sessions_address_idx').on(t.address)],
);
