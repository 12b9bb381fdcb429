import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  parsed: ParsedMail;
  raw: string;
  /** The session was encrypted (implicit TLS or after STARTTLS) when the mail was accepted. */
  secure: boolean;
}

type SmtpError = Error & { responseCode: number };
const smtpError = (code: number, message: string): SmtpError =>
  Object.assign(new Error(message), { responseCode: code });

/** A self-signed certificate for 127.0.0.1 / localhost, made with the openssl CLI (tests pass `cert` as the CA). */
export function selfSignedCert(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-fake-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface SmtpFakeOptions {
  /** Require AUTH with these credentials (otherwise AUTH is disabled). */
  auth?: { user: string; pass: string };
  /** Key + certificate: STARTTLS is offered (RFC 3207). Without it the server does not advertise STARTTLS. */
  tls?: { key: string; cert: string };
  /** Implicit TLS from the first byte, like port 465 (RFC 8314 §3.3); needs `tls`. */
  implicitTls?: boolean;
}

/**
 * A real SMTP server (smtp-server) on a random local port. Stores every accepted mail parsed with mailparser; can
 * require AUTH, offer STARTTLS or speak implicit TLS (with a self-signed certificate), reject the next N messages with
 * a reply code, acknowledge the end of DATA late (`slowAck`: the mail is stored first, the 250 comes later — the
 * "late acknowledgement" of a slow server), and go down (`stop`) and come back on the same port.
 */
export class SmtpFake {
  readonly mails: ReceivedMail[] = [];
  port = 0;
  connections = 0;
  /** Sessions between MAIL FROM and their message stored: a send under way that has not reached the server yet. */
  private readonly envelopes = new Set<string>();
  private server: SMTPServer | null = null;
  private rejections: { code: number; message: string }[] = [];
  private ackDelayMs = 0;
  private readonly options: SmtpFakeOptions;

  constructor(options: SmtpFakeOptions | { user: string; pass: string } = {}) {
    this.options = 'user' in options ? { auth: options } : options;
  }

  private build(): SMTPServer {
    const { auth, tls, implicitTls } = this.options;
    const disabled = [...(tls ? [] : ['STARTTLS']), ...(auth ? [] : ['AUTH'])];
    const options: SMTPServerOptions = {
      ...(tls && { key: tls.key, cert: tls.cert }),
      secure: Boolean(implicitTls),
      disabledCommands: disabled,
      allowInsecureAuth: true,
      authOptional: !auth,
      closeTimeout: 50,
      logger: false,
      onConnect: (_session, cb) => {
        this.connections++;
        cb();
      },
      onAuth: (a, _session, cb) => {
        if (auth && a.username === auth.user && a.password === auth.pass) return cb(null, { user: a.username });
        return cb(smtpError(535, '5.7.8 Authentication credentials invalid'));
      },
      onMailFrom: (_address, session, cb) => {
        this.envelopes.add(session.id);
        cb();
      },
      onClose: (session) => {
        this.envelopes.delete(session.id);
      },
      onRcptTo: (_address, session, cb) => {
        const rejection = this.rejections.shift();
        if (rejection) {
          // A refused recipient ends this send; a pooled connection stays open for the next one.
          this.envelopes.delete(session.id);
          return cb(smtpError(rejection.code, rejection.message));
        }
        cb();
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          this.mails.push({
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
            },
            parsed: await simpleParser(raw),
            raw,
            secure: session.secure,
          });
          this.envelopes.delete(session.id);
          // The mail is stored: a client that gives up before the 250 arrives does not know it was accepted.
          if (this.ackDelayMs) setTimeout(() => cb(), this.ackDelayMs);
          else cb();
        });
      },
    };
    return new SMTPServer(options);
  }

  async start(port = this.port): Promise<this> {
    const server = this.build();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    // A client dropping the connection (timeout, TLS refused) is an ordinary event here, not a test failure.
    server.on('error', () => {});
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
    return this;
  }

  /** The next `n` recipients are refused with `code` (4xx: try later; 5xx: final). */
  rejectNext(n: number, code: number, message: string): void {
    for (let i = 0; i < n; i++) this.rejections.push({ code, message });
  }

  /** How many sends are under way and not stored yet (MAIL FROM seen, the message not complete). */
  get openEnvelopes(): number {
    return this.envelopes.size;
  }

  /** Acknowledges every accepted message `ms` late (0 = at once). */
  slowAck(ms: number): void {
    this.ackDelayMs = ms;
  }

  /** Mails received for an address. */
  mailsTo(address: string): ReceivedMail[] {
    return this.mails.filter((m) => m.envelope.to.includes(address));
  }

  /** Goes down: stops listening and drops open connections (421). `start()` brings it back on the same port. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
