import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering (to provoke client timeouts). */
  delayMs?: number;
}

/**
 * A small local HTTP server for provider fakes: records every request, and lets a test script the next N answers
 * (errors, delays) before the fake's normal behaviour resumes.
 */
export class HttpFake {
  readonly requests: RecordedRequest[] = [];
  private scripted: FakeAnswer[] = [];
  private server: http.Server;
  port = 0;

  constructor(private readonly handle: (req: RecordedRequest) => FakeAnswer | Promise<FakeAnswer>) {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const url = new URL(req.url ?? '/', 'http://fake');
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        this.requests.push(recorded);
        const answer = this.scripted.shift() ?? (await this.handle(recorded));
        if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
        if (res.destroyed) return;
        const isText = typeof answer.body === 'string';
        res.writeHead(answer.status, {
          'content-type': isText ? 'text/plain' : 'application/json',
          ...answer.headers,
        });
        res.end(answer.body === undefined ? '' : isText ? (answer.body as string) : JSON.stringify(answer.body));
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The next `n` requests get `answer` instead of the normal behaviour. */
  answerNext(n: number, answer: FakeAnswer): void {
    for (let i = 0; i < n; i++) this.scripted.push(answer);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
