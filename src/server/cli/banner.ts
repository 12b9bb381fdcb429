import os from 'node:os';

/** What the start banner tells: where the console is, where phones reach it, and the one-time admin password. */
export interface BannerFacts {
  /** HOST and PORT as configured. */
  host: string;
  port: number;
  /** PUBLIC_BASE_URL as set, or null when unset (links then point at http://localhost:PORT). */
  publicBaseUrl: string | null;
  /** This machine's address on the local network (`lanIPv4()`), or null when it has none. */
  lanAddress: string | null;
  database: string;
  /** Set on the first start only. */
  adminPassword: string | null;
  /** The demo's description (logins), when `--demo` loaded it. */
  demo: string | null;
}

/**
 * The machine's address on the local network that a phone on the same Wi-Fi can open: the first non-internal IPv4
 * address, preferring private ranges (192.168/16, 10/8, 172.16/12) over others such as a VPN's.
 */
export function lanIPv4(interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces()): string | null {
  const candidates = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((i) => i.family === 'IPv4' && !i.internal && !i.address.startsWith('169.254.'))
    .map((i) => i.address);
  return candidates.find(isPrivateIPv4) ?? candidates[0] ?? null;
}

function isPrivateIPv4(address: string): boolean {
  const [a, b] = address.split('.').map(Number) as [number, number];
  return a === 10 || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31);
}

const LISTENS_EVERYWHERE = new Set(['0.0.0.0', '::', '[::]']);
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** The address this computer's own browser opens. */
export function localUrl(host: string, port: number): string {
  const name = LISTENS_EVERYWHERE.has(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

/** Draws a box around lines, so the password cannot be mistaken or scrolled past unnoticed. */
export function box(lines: string[]): string[] {
  const width = Math.max(...lines.map((l) => l.length));
  return [
    `  ┌${'─'.repeat(width + 2)}┐`,
    ...lines.map((l) => `  │ ${l.padEnd(width)} │`),
    `  └${'─'.repeat(width + 2)}┘`,
  ];
}

/** The start banner. The one-time admin password comes last, boxed: nothing printed after it pushes it away. */
export function formatBanner(facts: BannerFacts): string {
  const url = localUrl(facts.host, facts.port);
  const lines = ['', `  Rateloop is running at ${url}`, `  Database: ${facts.database}`, `  API docs: ${url}/api/docs`];

  if (facts.publicBaseUrl) {
    lines.push(`  Links and QR codes use PUBLIC_BASE_URL: ${facts.publicBaseUrl}`);
  } else {
    const reachable = LISTENS_EVERYWHERE.has(facts.host) && facts.lanAddress;
    const phoneUrl = reachable ? `http://${facts.lanAddress}:${facts.port}` : null;
    lines.push(
      '',
      `  Links and QR codes point at ${localUrl('localhost', facts.port)}: only this computer opens them.`,
    );
    if (phoneUrl) {
      lines.push(
        `  Phones on the same network open ${phoneUrl}. To put that address in links and QR codes, start with`,
        `    PUBLIC_BASE_URL=${phoneUrl} npm start`,
      );
    } else if (!LISTENS_EVERYWHERE.has(facts.host) && !LOOPBACK.has(facts.host)) {
      lines.push(
        `  For phones, start with PUBLIC_BASE_URL=${url} (the address they reach this machine at).`,
        `    PUBLIC_BASE_URL=${url} npm start`,
      );
    } else {
      lines.push(
        LOOPBACK.has(facts.host)
          ? `  Phones cannot reach HOST=${facts.host}: start with HOST=0.0.0.0 and PUBLIC_BASE_URL=http://<this computer's address>:${facts.port}.`
          : `  No network address found for phones; set PUBLIC_BASE_URL to the address they reach this computer at.`,
      );
    }
    lines.push('  In production set PUBLIC_BASE_URL to the public https origin, e.g. https://rate.example.com.');
  }

  if (facts.demo) lines.push('', facts.demo);
  if (facts.adminPassword) {
    lines.push(
      '',
      ...box([
        'First administrator — shown only this once:',
        '',
        '  username: admin',
        `  password: ${facts.adminPassword}`,
        '',
        'You choose a new password at the first login.',
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}
