import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  parsed: ParsedMail;
  raw: string;
}

type SmtpError = Error & { responseCode: number };
const smtpError = (code: number, message: string): SmtpError =>
  Object.assign(new Error(message), { responseCode: code });

/**
 * A real SMTP server (smtp-server) on a random local port. Stores every accepted mail parsed with mailparser; can
 * require AUTH, reject the next N messages with a reply code, and go down (`stop`) and come back on the same port.
 */
export class SmtpFake {
  readonly mails: ReceivedMail[] = [];
  port = 0;
  connections = 0;
  private server: SMTPServer | null = null;
  private rejections: { code: number; message: string }[] = [];

  constructor(private readonly auth?: { user: string; pass: string }) {}

  private build(): SMTPServer {
    const options: SMTPServerOptions = {
      // Plain SMTP on loopback; the adapter's TLS options are nodemailer's own, tested upstream.
      disabledCommands: this.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      allowInsecureAuth: true,
      authOptional: !this.auth,
      closeTimeout: 50,
      logger: false,
      onConnect: (_session, cb) => {
        this.connections++;
        cb();
      },
      onAuth: (auth, _session, cb) => {
        if (this.auth && auth.username === this.auth.user && auth.password === this.auth.pass) {
          return cb(null, { user: auth.username });
        }
        return cb(smtpError(535, '5.7.8 Authentication credentials invalid'));
      },
      onRcptTo: (_address, _session, cb) => {
        const rejection = this.rejections.shift();
        if (rejection) return cb(smtpError(rejection.code, rejection.message));
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
          });
          cb();
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
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
    return this;
  }

  /** The next `n` recipients are refused with `code` (4xx: try later; 5xx: final). */
  rejectNext(n: number, code: number, message: string): void {
    for (let i = 0; i < n; i++) this.rejections.push({ code, message });
  }

  /** Goes down: stops listening and drops open connections (421). `start()` brings it back on the same port. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
