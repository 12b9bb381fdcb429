/**
 * Page weight of the customer rating page (issue 6 budget: first view ≤ 20 KB transferred, HTML + CSS + JS,
 * compressed). Starts the app in-process on an embedded database, opens a fresh link the way a phone browser does
 * (`Accept-Encoding: gzip, deflate, br`) and counts the bytes on the wire: status line and headers plus the
 * compressed body. The page inlines its stylesheet and script and loads nothing else (no logo set), so this one
 * response is the whole first view. Also reports gzip-only and uncompressed sizes.
 *
 *   npx tsx bench/page-weight.ts
 */
import http from 'node:http';
import { invitationFactory } from '../test/support/invitations.js';
import { startBenchApp } from './submit/harness.js';

interface Wire {
  status: number;
  encoding: string;
  headerBytes: number;
  bodyBytes: number;
  subresources: string[];
}

function fetchRaw(url: string, acceptEncoding: string | null): Promise<Wire & { body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      accept: 'text/html,application/xhtml+xml',
      'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) MicroMessenger/8.0',
      'accept-language': 'zh-CN,zh;q=0.9',
    };
    if (acceptEncoding) headers['accept-encoding'] = acceptEncoding;
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          // The head as sent: status line, each header line, the blank line.
          const headerBytes =
            `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n`.length +
            res.rawHeaders.reduce((n, v, i) => n + v.length + (i % 2 === 0 ? 2 : 2), 0) +
            2;
          resolve({
            status: res.statusCode ?? 0,
            encoding: String(res.headers['content-encoding'] ?? 'identity'),
            headerBytes,
            bodyBytes: body.length,
            subresources: [],
            body,
          });
        });
      })
      .on('error', reject);
  });
}

const bench = await startBenchApp('pglite');
try {
  const links = { appSecret: bench.appSecret, publicBaseUrl: bench.url };
  const results: Record<string, Wire> = {};
  for (const [name, enc] of [
    ['browser (br)', 'gzip, deflate, br'],
    ['gzip only', 'gzip, deflate'],
    ['uncompressed', null],
  ] as const) {
    const { path } = await invitationFactory(bench.database.db, links, {
      templateVersionId: bench.templateVersionId,
      locale: 'zh-CN',
    });
    const res = await fetchRaw(`${bench.url}${path}`, enc);
    const plain = enc ? null : res.body.toString('utf8');
    // Anything the page would load besides itself: src/href attributes other than the form's own action.
    if (plain) res.subresources = [...plain.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    results[name] = { ...res, body: undefined } as unknown as Wire;
  }
  console.log('rating page (default template, zh-CN), first view:');
  for (const [name, r] of Object.entries(results)) {
    const total = r.headerBytes + r.bodyBytes;
    console.log(
      `  ${name.padEnd(14)} ${r.encoding.padEnd(9)} body ${String(r.bodyBytes).padStart(6)} B + headers ${
        r.headerBytes
      } B = ${(total / 1024).toFixed(1)} KB${name === 'browser (br)' ? `  (budget 20 KB: ${total <= 20_480 ? 'met' : 'NOT met'})` : ''}`,
    );
  }
  console.log(`  sub-resources requested by the page: ${results.uncompressed!.subresources.length}`);
} finally {
  await bench.close();
}
process.exit(0);
