import type { CDPSession, Page } from 'playwright-core';

/** One response as it crossed the wire (Chromium's own accounting: headers + body as transferred, compressed). */
export interface Transfer {
  url: string;
  type: string;
  status: number;
  encoding: string;
  bytes: number;
}

/** 9 Mbps down and up, 60 ms round trip: issue #12's "fast console" link. */
export const SLOW_LINK = {
  latency: 60,
  downloadThroughput: (9_000_000 / 8) | 0,
  uploadThroughput: (9_000_000 / 8) | 0,
};

/**
 * Records what a page transfers, through Chromium's DevTools protocol: the cache is disabled (every load is a
 * first load) and, with `throttle`, the network is the SLOW_LINK. `take()` returns and forgets what was recorded.
 */
export async function recordTransfers(page: Page, opts: { throttle: boolean }) {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (opts.throttle) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...SLOW_LINK });
  const pending = new Map<string, Omit<Transfer, 'bytes'>>();
  let done: Transfer[] = [];
  cdp.on('Network.responseReceived', (e) => {
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    pending.set(e.requestId, {
      url: e.response.url,
      type: e.type ?? 'Other',
      status: e.response.status,
      encoding: String(headers['content-encoding'] ?? 'identity'),
    });
  });
  cdp.on('Network.loadingFinished', (e) => {
    const response = pending.get(e.requestId);
    if (!response) return;
    pending.delete(e.requestId);
    done.push({ ...response, bytes: e.encodedDataLength });
  });
  return {
    take(): Transfer[] {
      const taken = done;
      done = [];
      return taken;
    },
    detach: () => cdp.detach(),
  };
}

/** The JavaScript among the transfers (module scripts and their imports). */
export const scripts = (transfers: Transfer[]) =>
  transfers.filter((t) => t.type === 'Script' || new URL(t.url).pathname.endsWith('.js'));

export const sum = (transfers: Transfer[]) => transfers.reduce((n, t) => n + t.bytes, 0);
