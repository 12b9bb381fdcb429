import net from 'node:net';

/**
 * Makes any outbound connection to a non-local address throw, so a test can never reach a real provider (a real SMS
 * sent from CI costs money and reaches a stranger). Loopback addresses and unix sockets stay allowed: the test
 * databases and the provider fakes live there. Importing this module installs the guard once per worker.
 */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '::ffff:127.0.0.1', '0.0.0.0', '']);

export class UnexpectedNetworkError extends Error {
  constructor(target: string) {
    super(`Unexpected outbound network request to ${target}: tests may only talk to local fakes.`);
    this.name = 'UnexpectedNetworkError';
  }
}

export function isLocalHost(host: string | undefined | null): boolean {
  if (host === undefined || host === null) return true; // Node's default host is localhost
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return LOCAL_HOSTS.has(h) || /^127\.\d+\.\d+\.\d+$/.test(h) || h.endsWith('.localhost');
}

/** Where a `socket.connect(...)` call goes: a unix path (allowed) or a host. */
function connectTarget(args: unknown[]): { path?: string; host?: string } {
  let first = args[0];
  // net.connect passes [options, cb] wrapped in an array with a symbol marker; unwrap it.
  if (Array.isArray(first)) first = first[0];
  if (typeof first === 'string' && Number.isNaN(Number(first))) return { path: first };
  if (typeof first === 'number' || typeof first === 'string') {
    const host = typeof args[1] === 'string' ? args[1] : undefined;
    return { host };
  }
  const opts = (first ?? {}) as { path?: string; host?: string };
  if (opts.path) return { path: opts.path };
  return { host: opts.host };
}

const GUARD = Symbol.for('rateloop.noNetworkGuard');
type Guarded = { [GUARD]?: boolean };

export function installNoNetworkGuard(): void {
  const g = globalThis as Guarded;
  if (g[GUARD]) return;
  g[GUARD] = true;

  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    const target = connectTarget(args);
    if (!target.path && !isLocalHost(target.host)) throw new UnexpectedNetworkError(String(target.host));
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof connect;

  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!isLocalHost(url.hostname)) throw new UnexpectedNetworkError(url.host);
    return realFetch(input, init);
  };
}

installNoNetworkGuard();
