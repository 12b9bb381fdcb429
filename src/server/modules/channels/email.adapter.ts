import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';
import {
  assertChannel,
  type ChannelAdapter,
  type EmailMessage,
  type FailureKind,
  failure,
  type SendResult,
  success,
} from './adapter.js';
import type { SmtpSettings } from './providers.js';

/**
 * SMTP through nodemailer's low-level client (`SMTPConnection`, https://nodemailer.com/extras/smtp-connection/) with
 * a small pool of our own instead of nodemailer's pooled transport, because the pooled transport
 * (https://nodemailer.com/smtp/pooled):
 * - re-queues a message whose connection closed while it was being sent and sends it again on another connection,
 *   without limit unless `maxRequeues` is set — a mail the server had already stored goes out twice;
 * - has no per-message deadline: a queued message waits for as long as the queue does;
 * - fails every queued message with "Connection pool was closed" when it is closed, which `close(configId)` after an
 *   edit of the configuration did (issue #11 finding 8).
 * Here every send has one overall deadline (`sendTimeoutMs`), is never re-sent by the transport, knows how far it got
 * (so a connection lost after the whole message was written is `unknown`, not a retryable failure), and an edited
 * configuration gets a new pool while sends already under way finish on the old connections, which close after.
 */

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

type SmtpErrorLike = { code?: string; responseCode?: number; response?: string; message?: string; reason?: string };

/**
 * SMTP answers: 4xx is "try again later" (greylisting, rate limits, 421 shutting down) → transient. 5xx is final →
 * permanent, except the sending account's own allowance ("daily sending quota exceeded", as SES/Exchange word it) →
 * quota. 552 (mailbox full / message too big) is the recipient's problem, not our account's: permanent.
 * An untrusted TLS certificate does not get better by retrying: permanent.
 */
export function classifySmtpError(err: SmtpErrorLike): { kind: FailureKind; code: string } {
  const rc = err.responseCode;
  if (rc && rc >= 400 && rc < 500) return { kind: 'transient', code: `smtp_${rc}` };
  if (rc && rc >= 500) {
    const text = `${err.response ?? ''} ${err.message ?? ''}`;
    const ourQuota = /quota|sending limit|limit exceeded|too many messages/i.test(text) && !/mailbox/i.test(text);
    return { kind: ourQuota ? 'quota' : 'permanent', code: `smtp_${rc}` };
  }
  if (err.code === 'EAUTH') return { kind: 'permanent', code: 'smtp_auth' };
  if (/certificate|self[- ]signed|CERT_|altnames/i.test(`${err.message ?? ''} ${err.reason ?? ''}`)) {
    return { kind: 'permanent', code: 'smtp_tls_certificate' };
  }
  if (err.code && CONNECTION_ERRORS.has(err.code)) return { kind: 'transient', code: err.code.toLowerCase() };
  // Unknown local errors (e.g. a malformed address nodemailer refuses) will not get better by retrying.
  return { kind: 'permanent', code: (err.code ?? 'smtp_error').toLowerCase() };
}

/** RFC 5322 msg-id from the idempotency key: a receiving system may use it to drop a duplicate. */
export function messageIdFor(key: string, from: string): string {
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'rateloop.invalid';
  return `<${key.replace(/[^A-Za-z0-9.-]/g, '.')}@${domain}>`;
}

/**
 * Implicit TLS or not: RFC 8314 §3.3 — port 465 is message submission over implicit TLS, so it is always TLS there
 * (a stored `secure: false` on 465 from before this rule can only ever time out at the greeting); on other ports the
 * explicit setting, else plain text upgraded by STARTTLS when the server offers it (RFC 3207), required with
 * `requireTLS`. nodemailer documents the same derivation for its own default (https://nodemailer.com/smtp.html).
 */
export const implicitTlsFor = (s: Pick<SmtpSettings, 'port' | 'secure'>): boolean =>
  s.port === 465 ? true : (s.secure ?? false);

/** Messages per connection before it is replaced (nodemailer's pool default `maxMessages`). */
const MAX_MESSAGES_PER_CONNECTION = 100;
/** An idle connection is closed (QUIT) after this; servers drop idle sessions after a few minutes anyway. */
const IDLE_CLOSE_MS = 30_000;

type Stage = 'connect' | 'envelope' | 'data_sent';

class SendError extends Error {
  constructor(
    override readonly cause: SmtpErrorLike,
    readonly stage: Stage,
  ) {
    super(cause.message ?? 'SMTP error');
  }
}

/** One SMTP session; errors and unexpected closes are routed to the operation in progress. */
class Session {
  closed = false;
  messages = 0;
  idleTimer: NodeJS.Timeout | null = null;
  private fail: ((err: SmtpErrorLike) => void) | null = null;

  constructor(readonly conn: SMTPConnection) {
    conn.on('error', (err) => {
      this.closed = true;
      this.fail?.(err);
    });
    conn.on('end', () => {
      this.closed = true;
      this.fail?.({ code: 'ECONNECTION', message: 'Connection closed unexpectedly' });
    });
  }

  /** Runs one client call; settles on its callback, or on an error/close of the connection while it runs. */
  call<T>(start: (done: (err?: SmtpErrorLike | null, value?: T) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const finish = (err?: SmtpErrorLike | null, value?: T) => {
        if (settled) return;
        settled = true;
        this.fail = null;
        if (err) reject(err);
        else resolve(value as T);
      };
      this.fail = finish;
      try {
        start(finish);
      } catch (err) {
        finish(err as SmtpErrorLike);
      }
    });
  }

  /** Ends the operation in progress with `err` and drops the connection. */
  abort(err: SmtpErrorLike): void {
    this.fail?.(err);
    this.closed = true;
    this.conn.close();
  }

  quit(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.closed) return;
    this.closed = true;
    this.conn.quit();
  }
}

interface Pool {
  fingerprint: string;
  settings: SmtpSettings;
  password: string;
  idle: Session[];
  busy: number;
  waiters: (() => void)[];
  /** Replaced by a pool with new settings: its sessions close as soon as their send is done. */
  retired: boolean;
}

function connectionOptions(s: SmtpSettings): SMTPConnection.Options {
  return {
    host: s.host,
    port: s.port,
    secure: implicitTlsFor(s),
    requireTLS: s.requireTLS,
    ...(s.caCertificate && { tls: { ca: [s.caCertificate] } }),
    connectionTimeout: s.connectionTimeoutMs,
    greetingTimeout: s.greetingTimeoutMs,
    socketTimeout: s.socketTimeoutMs,
  };
}

export function createEmailAdapter(): ChannelAdapter<EmailMessage, SmtpSettings> & {
  close(id?: string): Promise<void>;
} {
  /** The current pool of each configuration; a changed configuration gets a new one (the old one drains). */
  const pools = new Map<string, Pool>();

  function poolFor(id: string, s: SmtpSettings, secrets: Record<string, string>): Pool {
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([s, secrets]))
      .digest('hex');
    const current = pools.get(id);
    if (current?.fingerprint === fingerprint) return current;
    if (current) retire(current);
    const pool: Pool = {
      fingerprint,
      settings: s,
      password: secrets.password ?? '',
      idle: [],
      busy: 0,
      waiters: [],
      retired: false,
    };
    pools.set(id, pool);
    return pool;
  }

  /** No new sends; idle sessions QUIT now, busy ones when their send is done. Queued sends still get a slot. */
  function retire(pool: Pool): void {
    pool.retired = true;
    for (const session of pool.idle.splice(0)) session.quit();
  }

  /** A new session (returned at once, so a deadline can abort it) and its handshake: connect, TLS, AUTH. */
  function openSession(pool: Pool): { session: Session; ready: Promise<void> } {
    const s = pool.settings;
    const session = new Session(new SMTPConnection(connectionOptions(s)));
    const ready = (async () => {
      await session.call<void>((done) => session.conn.connect(() => done()));
      if (s.username) {
        await session.call<void>((done) => session.conn.login({ user: s.username!, pass: pool.password }, done));
      }
    })();
    return { session, ready };
  }

  function release(pool: Pool, session: Session | null): void {
    pool.busy--;
    if (session && !session.closed) {
      if (pool.retired || session.messages >= MAX_MESSAGES_PER_CONNECTION) session.quit();
      else {
        session.idleTimer = setTimeout(() => {
          pool.idle = pool.idle.filter((x) => x !== session);
          session.quit();
        }, IDLE_CLOSE_MS);
        session.idleTimer.unref();
        pool.idle.push(session);
      }
    }
    pool.waiters.shift()?.();
  }

  /** Waits for one of the pool's `maxConnections` slots; false when the deadline passed first. */
  function acquire(pool: Pool, deadline: Promise<void>): Promise<boolean> {
    if (pool.busy < pool.settings.maxConnections) {
      pool.busy++;
      return Promise.resolve(true);
    }
    return new Promise<boolean>((resolve) => {
      const take = () => {
        pool.busy++;
        resolve(true);
      };
      pool.waiters.push(take);
      void deadline.then(() => {
        const i = pool.waiters.indexOf(take);
        if (i >= 0) {
          pool.waiters.splice(i, 1);
          resolve(false);
        }
      });
    });
  }

  async function deliver(pool: Pool, raw: Buffer, envelope: SMTPConnection.Envelope, deadlineMs: number) {
    let timer: NodeJS.Timeout | undefined;
    let expired = false;
    let onExpire: (() => void) | null = null;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        expired = true;
        onExpire?.();
        resolve();
      }, deadlineMs);
    });
    const deadlineError = {
      code: 'ETIMEDOUT',
      message: `No acknowledgement within the send deadline (${deadlineMs} ms)`,
    };
    let stage: Stage = 'connect';
    let session: Session | null = null;
    try {
      if (!(await acquire(pool, deadline))) throw new SendError(deadlineError, 'connect');
      try {
        while (!session) {
          const idle = pool.idle.pop();
          if (idle) {
            if (idle.idleTimer) clearTimeout(idle.idleTimer);
            if (!idle.closed) session = idle;
            continue;
          }
          if (expired) throw deadlineError;
          const opening = openSession(pool);
          onExpire = () => opening.session.abort(deadlineError);
          try {
            await opening.ready;
          } catch (err) {
            opening.session.abort(err as SmtpErrorLike);
            throw err;
          }
          session = opening.session;
        }
        const current = session;
        onExpire = () => current.abort(deadlineError);
        if (expired) current.abort(deadlineError);
        stage = 'envelope';
        const message = Readable.from([raw]);
        // The stream ends once the client has written all of it after the server's 354: from then on the server may
        // have stored the mail even if its 250 never reaches us.
        message.once('end', () => {
          stage = 'data_sent';
        });
        const info = await current.call<SMTPConnection.SentMessageInfo>((done) =>
          current.conn.send(envelope, message, (err, value) => done(err, value)),
        );
        current.messages++;
        return info;
      } catch (err) {
        if (session && !session.closed) session.abort(err as SmtpErrorLike);
        throw err instanceof SendError ? err : new SendError(err as SmtpErrorLike, stage);
      } finally {
        release(pool, session?.closed ? null : session);
      }
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    channel: 'email',
    provider: 'smtp',
    inFlight: (settings) => settings.maxConnections,
    async send(message, config): Promise<SendResult> {
      assertChannel(message, 'email');
      const startedAt = Date.now();
      const s = config.settings;
      const pool = poolFor(config.id, s, config.secrets);
      const mail = new MailComposer({
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
      }).compile();
      let raw: Buffer;
      try {
        raw = await mail.build();
      } catch (err) {
        return failure(
          'permanent',
          'smtp_message',
          `The message could not be built: ${(err as Error).message}`,
          startedAt,
        );
      }
      const envelope = mail.getEnvelope() as SMTPConnection.Envelope;
      const messageId = mail.messageId();
      try {
        const info = await deliver(pool, raw, envelope, s.sendTimeoutMs);
        if (info.rejected.length > 0) {
          return failure('permanent', 'smtp_rejected', `Rejected: ${info.rejected.join(', ')}`, startedAt, {
            response: info.response,
          });
        }
        return success(startedAt, { response: info.response, messageId }, messageId);
      } catch (err) {
        const e = err instanceof SendError ? err : new SendError(err as SmtpErrorLike, 'connect');
        if ((e.cause as Error).name === 'UnexpectedNetworkError') throw e.cause;
        const response = {
          code: e.cause.code ?? null,
          responseCode: e.cause.responseCode ?? null,
          response: e.cause.response ?? null,
          stage: e.stage,
        };
        if (e.stage === 'data_sent' && !e.cause.responseCode) {
          // The whole message was written but the server's answer never came (socket timeout, connection lost,
          // deadline): it may have been stored. Resending would deliver a second copy — RFC 1047 ("Duplicate
          // messages and SMTP"); RFC 5321 §4.5.3.2.6 gives the server up to 10 min to answer the final dot.
          return failure(
            'unknown',
            'smtp_no_ack',
            `No acknowledgement after the message was sent: ${e.message}`,
            startedAt,
            response,
          );
        }
        const { kind, code } = classifySmtpError(e.cause);
        return failure(kind, code, e.cause.response ?? e.message, startedAt, response);
      }
    },
    async close(id) {
      for (const [key, pool] of pools) {
        if (id && key !== id) continue;
        retire(pool);
        pools.delete(key);
      }
    },
  };
}
