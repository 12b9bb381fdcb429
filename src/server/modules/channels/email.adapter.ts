import { createHash } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import {
  assertChannel,
  type ChannelAdapter,
  DEFAULT_TIMEOUT_MS,
  type EmailMessage,
  type FailureKind,
  failure,
  type SendResult,
  success,
} from './adapter.js';
import type { SmtpSettings } from './providers.js';

type Pool = Transporter<SMTPPool.SentMessageInfo>;

/** Errors where the connection, not the message, failed: the server is down, slow or went away. */
const CONNECTION_ERRORS = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPROTOCOL',
  'ETLS',
]);

/**
 * SMTP answers: 4xx is "try again later" (greylisting, rate limits, 421 shutting down) → transient. 5xx is final →
 * permanent, except the sending account's own allowance ("daily sending quota exceeded", as SES/Exchange word it) →
 * quota. 552 (mailbox full / message too big) is the recipient's problem, not our account's: permanent.
 */
export function classifySmtpError(err: { code?: string; responseCode?: number; response?: string; message?: string }): {
  kind: FailureKind;
  code: string;
} {
  const rc = err.responseCode;
  if (rc && rc >= 400 && rc < 500) return { kind: 'transient', code: `smtp_${rc}` };
  if (rc && rc >= 500) {
    const text = `${err.response ?? ''} ${err.message ?? ''}`;
    const ourQuota = /quota|sending limit|limit exceeded|too many messages/i.test(text) && !/mailbox/i.test(text);
    return { kind: ourQuota ? 'quota' : 'permanent', code: `smtp_${rc}` };
  }
  if (err.code === 'EAUTH') return { kind: 'permanent', code: 'smtp_auth' };
  if (err.code && CONNECTION_ERRORS.has(err.code)) return { kind: 'transient', code: err.code.toLowerCase() };
  // Unknown local errors (e.g. a malformed address nodemailer refuses) will not get better by retrying.
  return { kind: 'permanent', code: (err.code ?? 'smtp_error').toLowerCase() };
}

/** RFC 5322 msg-id from the idempotency key: a receiving system may use it to drop a duplicate. */
export function messageIdFor(key: string, from: string): string {
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'rateloop.invalid';
  return `<${key.replace(/[^A-Za-z0-9.-]/g, '.')}@${domain}>`;
}

export function createEmailAdapter(): ChannelAdapter<EmailMessage, SmtpSettings> & {
  close(id?: string): Promise<void>;
} {
  /** One pooled transporter per configuration, rebuilt when its settings or secrets change. */
  const pools = new Map<string, { fingerprint: string; pool: Pool }>();

  function poolFor(id: string, s: SmtpSettings, secrets: Record<string, string>): Pool {
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([s, secrets]))
      .digest('hex');
    const cached = pools.get(id);
    if (cached?.fingerprint === fingerprint) return cached.pool;
    cached?.pool.close();
    const timeout = s.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const pool = nodemailer.createTransport({
      pool: true,
      host: s.host,
      port: s.port,
      secure: s.secure,
      requireTLS: s.requireTLS,
      maxConnections: s.maxConnections,
      maxMessages: 100,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      ...(s.username && { auth: { user: s.username, pass: secrets.password ?? '' } }),
    });
    pools.set(id, { fingerprint, pool });
    return pool;
  }

  return {
    channel: 'email',
    provider: 'smtp',
    async send(message, config): Promise<SendResult> {
      assertChannel(message, 'email');
      const startedAt = Date.now();
      const s = config.settings;
      const pool = poolFor(config.id, s, config.secrets);
      try {
        const info = await pool.sendMail({
          from: s.from,
          to: message.to,
          ...(s.replyTo && { replyTo: s.replyTo }),
          subject: message.subject,
          html: message.html,
          text: message.text,
          messageId: messageIdFor(message.idempotencyKey, s.from),
          headers: {
            'X-Rateloop-Idempotency-Key': message.idempotencyKey,
            ...(message.unsubscribeUrl && {
              // RFC 2369 + RFC 8058: mail clients show an unsubscribe button that POSTs without opening a page.
              'List-Unsubscribe': `<${message.unsubscribeUrl}>`,
              'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            }),
          },
        });
        if (info.rejected.length > 0) {
          return failure('permanent', 'smtp_rejected', `Rejected: ${info.rejected.join(', ')}`, startedAt, {
            response: info.response,
          });
        }
        return success(startedAt, { response: info.response, messageId: info.messageId }, info.messageId);
      } catch (err) {
        const e = err as Error & { code?: string; responseCode?: number; response?: string };
        if (e.name === 'UnexpectedNetworkError') throw err;
        const { kind, code } = classifySmtpError(e);
        return failure(kind, code, e.response ?? e.message, startedAt, {
          code: e.code ?? null,
          responseCode: e.responseCode ?? null,
          response: e.response ?? null,
        });
      }
    },
    async close(id) {
      for (const [key, entry] of pools) {
        if (id && key !== id) continue;
        entry.pool.close();
        pools.delete(key);
      }
    },
  };
}
